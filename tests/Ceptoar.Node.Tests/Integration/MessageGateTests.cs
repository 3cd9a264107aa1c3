using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>The gate that reads each unary request once before gRPC: sizes across its buffer's growth and its limit, uncompressed and compressed.</summary>
public sealed class MessageGateTests : IAsyncLifetime
{
    private const int Limit = 64 * 1024;

    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private GrpcChannel _channel = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"), s => s["Limits:MaxRequestBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _channel = Clients.MemberChannel(_node.Ready.MemberEndpoint!, _node.Root, await _node.AddMemberWithKeyAsync("gate-bank"));
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    public static TheoryData<string> Compressions => ["identity", "gzip", "deflate"];

    [Theory]
    [InlineData(100, "identity")]
    [InlineData(5_000, "identity")]
    [InlineData(19_000, "identity")]
    [InlineData(100, "gzip")]
    [InlineData(19_000, "gzip")]
    [InlineData(100, "deflate")]
    [InlineData(19_000, "deflate")]
    public async Task Submit_ValidRequestOfManySizes_StoredWithTheTextSent(int whatChars, string compression)
    {
        var draft = Drafts.Incident(Tlp.Green, $"gate {whatChars} {compression}");
        draft.Body.What = string.Concat(Enumerable.Repeat("不正ログインの試行 ", whatChars / 10));

        var answer = await new MemberService.MemberServiceClient(_channel).SubmitAsync(Drafts.Request(draft), Compressed(compression));

        var stored = await _node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = answer.ItemId });
        Assert.Equal(draft.Body.What, stored.Item.Body.What);
    }

    /// <summary>Compressed, the request is a few hundred bytes: only the inflated message is over the limit.</summary>
    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task Submit_RequestOverTheLimit_ResourceExhaustedNamingTheSetting(string compression)
    {
        var bytes = new byte[Limit + 1];

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.CreateCallInvoker().AsyncUnaryCall(RawMethods.MemberSubmit, null, new CallOptions(Compressed(compression), DateTime.UtcNow.AddSeconds(30)), bytes).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains("Limits:MaxRequestBytes", error.Status.Detail);
    }

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task Submit_MalformedMessageLargerThanOneBuffer_InvalidArgumentNamingTheType(string compression)
    {
        var valid = Drafts.Request(Drafts.Incident(Tlp.Green)).ToByteArray();
        // A valid request, then a field whose length prefix runs past the end: malformed, at a size that needs the buffer to grow.
        var bytes = valid.Concat(new byte[] { 0x12, 0xFF, 0xFF, 0x03 }).Concat(new byte[20_000]).ToArray();

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _channel.CreateCallInvoker().AsyncUnaryCall(RawMethods.MemberSubmit, null, new CallOptions(Compressed(compression), DateTime.UtcNow.AddSeconds(30)), bytes).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("ceptoar.federation.v1.SubmitRequest", error.Status.Detail);
    }

    /// <summary>Call headers that make the gRPC client compress its request as named (identity: not at all).</summary>
    private static Metadata? Compressed(string compression) =>
        compression == "identity" ? null : new Metadata { { "grpc-internal-encoding-request", compression } };
}
