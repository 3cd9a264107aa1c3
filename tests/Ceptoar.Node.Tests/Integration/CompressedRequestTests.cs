using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Compressed requests, as raw HTTP/2 bytes, at a hub's real member, federation and admin endpoints. For every compression
/// a node accepts, a malformed message gets exactly the answer its uncompressed bytes get; a decompression bomb gets
/// ResourceExhausted; an encoding the node does not accept gets Unimplemented; a broken frame gets InvalidArgument. Never
/// Unknown or Internal.
/// </summary>
public sealed class CompressedRequestTests : IAsyncLifetime
{
    private const int Limit = 1024 * 1024;
    private const string Submit = "/ceptoar.federation.v1.MemberService/Submit";
    private const string Subscribe = "/ceptoar.federation.v1.MemberService/Subscribe";

    private readonly TestDirectory _dir = new();
    private TestNode _council = null!;
    private RawGrpcClient _member = null!;
    private RawGrpcClient _peer = null!;
    private RawGrpcClient _admin = null!;
    private System.Security.Cryptography.X509Certificates.X509Certificate2 _root = null!;
    private System.Security.Cryptography.X509Certificates.X509Certificate2 _bankTls = null!;

    public static TheoryData<string> Mutations => ["invalid-utf8", "truncated-varint", "length-past-the-end", "wire-type-7", "field-number-0", "5000-nested-groups"];

    public static TheoryData<string> Encodings => [.. GrpcFrames.Encodings];

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Limits:MaxRequestBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        // Nothing listens there: only this test's raw calls come from bank-ceptoar.
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        var key = await _council.AddMemberWithKeyAsync("compressing-bank");
        _root = federation.RootCertificate;
        _bankTls = RawPeer.TlsCertificateOf(federation.NodeCertificates("bank-ceptoar"));
        _member = new RawGrpcClient(Clients.TlsHandler(_root), _council.Ready.MemberEndpoint!, key);
        _peer = new RawGrpcClient(Clients.TlsHandler(_root, _bankTls), _council.Ready.FederationEndpoint!);
        _admin = new RawGrpcClient(Clients.AdminHandler(_council.Ready.AdminSocket), "http://localhost");
    }

    public async Task DisposeAsync()
    {
        _member.Dispose();
        _peer.Dispose();
        _admin.Dispose();
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [MemberData(nameof(Mutations))]
    public async Task EveryUnaryAndServerStreamingMethod_MalformedMessageCompressed_ExactlyTheUncompressedAnswer(string mutation)
    {
        var wrong = new List<string>();
        var methods = 0;
        foreach (var (client, path, type) in GatedMethods())
        {
            if (Malformed(mutation, type) is not { } message)
            {
                continue;
            }

            methods++;
            var plain = await client.CallAsync(path, GrpcFrames.Frame(message));
            // Stated here, not taken from the node: bytes that are not the request type are InvalidArgument naming it.
            if (plain.Status != StatusCode.InvalidArgument || !plain.Detail.Contains(type.FullName, StringComparison.Ordinal))
            {
                wrong.Add($"{path} uncompressed: {plain}");
            }

            foreach (var encoding in GrpcFrames.Encodings)
            {
                var compressed = await client.CallAsync(path, GrpcFrames.Compressed(message, encoding), encoding);
                if (compressed != plain)
                {
                    wrong.Add($"{path} {encoding}: {compressed}, uncompressed: {plain}");
                }
            }

            // A grpc-encoding the node does not know on an uncompressed frame: the frame is read as it is.
            var unknownHeader = await client.CallAsync(path, GrpcFrames.Frame(message), "br");
            if (unknownHeader != plain)
            {
                wrong.Add($"{path} uncompressed with grpc-encoding br: {unknownHeader}, uncompressed: {plain}");
            }
        }

        Assert.Empty(wrong);
        // Member (6), federation (3), health (2) and every unary admin call; fewer means a service was skipped.
        Assert.True(methods >= (mutation == "invalid-utf8" ? 30 : 40), $"only {methods} methods were tried");
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task GatedMethods_DecompressionBomb_ResourceExhaustedAsTheUncompressedOversizedRequest(string encoding)
    {
        // 256 MiB of zeros in about a quarter of the limit: only the inflated size is over it.
        var bomb = GrpcFrames.Frame(GrpcFrames.Bomb(256 * 1024 * 1024, encoding), compressedFlag: 1);
        Assert.True(bomb.Length < Limit / 2, $"the bomb is {bomb.Length} bytes compressed");
        var expected = $"the request is larger than the node's limit of {Limit} bytes (Limits:MaxRequestBytes): send less";
        foreach (var (client, path) in new[]
        {
            (_member, Submit), (_member, Subscribe), (_member, "/ceptoar.federation.v1.MemberService/List"),
            (_peer, "/ceptoar.federation.v1.FederationService/Query"), (_peer, "/ceptoar.federation.v1.FederationService/Hello"),
            (_admin, "/ceptoar.federation.v1.AdminService/AddMember"),
        })
        {
            var plain = await client.CallAsync(path, GrpcFrames.Frame(new byte[Limit + 1]));
            var compressed = await client.CallAsync(path, bomb, encoding);

            Assert.Equal(new RawGrpcAnswer(StatusCode.ResourceExhausted, expected, 0), plain);
            Assert.Equal(plain, compressed);
        }

        await AssertMemberSubmitStillWorksAsync();
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Exchange_DecompressionBomb_ResourceExhaustedAsTheUncompressedOversizedBatch(string encoding)
    {
        const string exchange = "/ceptoar.federation.v1.FederationService/Exchange";
        var bomb = GrpcFrames.Frame(GrpcFrames.Bomb(256 * 1024 * 1024, encoding), compressedFlag: 1);
        var expected = $"a ceptoar.federation.v1.Batch is larger than this node's limit of {Limit} bytes (Limits:MaxRequestBytes): send smaller batches";

        var plain = await _peer.CallAsync(exchange, GrpcFrames.Frame(new byte[Limit + 1]));
        var compressed = await _peer.CallAsync(exchange, bomb, encoding);

        Assert.Equal(new RawGrpcAnswer(StatusCode.ResourceExhausted, expected, 0), plain);
        Assert.Equal(plain, compressed);
    }

    /// <summary>
    /// On an open stream nothing follows the refused batch: the node must not wait to read on, as it does to discard the rest
    /// of a frame that was itself over the limit.
    /// </summary>
    [Fact]
    public async Task Exchange_GzipBatchInflatingOverTheLimitOnAnOpenStream_ResourceExhaustedAtOnce()
    {
        using var channel = GrpcChannel.ForAddress(_council.Ready.FederationEndpoint!, new GrpcChannelOptions { HttpHandler = Clients.TlsHandler(_root, _bankTls) });
        var gzip = new Metadata { { "grpc-internal-encoding-request", "gzip" } };
        using var call = new FederationService.FederationServiceClient(channel).Exchange(gzip, deadline: DateTime.UtcNow.AddSeconds(20));
        var envelope = new Envelope { PayloadType = "application/vnd.ceptoar.item.v1+protobuf", Payload = ByteString.CopyFrom(new byte[2 * Limit]) };

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new Batch { BatchId = 1, Envelopes = { new RelayedEnvelope { Envelope = envelope } } });
            await call.ResponseStream.MoveNext(CancellationToken.None);
        });

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal($"a ceptoar.federation.v1.Batch is larger than this node's limit of {Limit} bytes (Limits:MaxRequestBytes): send smaller batches", refused.Status.Detail);
    }

    [Theory]
    [InlineData("gzip", Submit)]
    [InlineData("deflate", Subscribe)]
    [InlineData("gzip", "/ceptoar.federation.v1.FederationService/Exchange")]
    public async Task GatedMethods_StreamThatDoesNotInflate_InvalidArgumentNamingTheEncoding(string encoding, string path)
    {
        var client = path.Contains("Federation", StringComparison.Ordinal) ? _peer : _member;
        var valid = GrpcFrames.Compress(Drafts.Request(Drafts.Incident(Tlp.Green)).ToByteArray(), encoding);
        // The compressed stream with its body overwritten: the header still says gzip or zlib, the data is garbage.
        valid.AsSpan(10, 16).Fill(0xFF);

        var answer = await client.CallAsync(path, GrpcFrames.Frame(valid, compressedFlag: 1), encoding);

        Assert.Equal(StatusCode.InvalidArgument, answer.Status);
        Assert.Contains($"{encoding}-compressed message does not decompress", answer.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Submit)]
    [InlineData(Subscribe)]
    [InlineData("/ceptoar.federation.v1.AdminService/GetStatus")]
    public async Task GatedMethods_CompressionTheNodeDoesNotAccept_UnimplementedNamingTheAcceptedOnes(string path)
    {
        var client = path.Contains("Admin", StringComparison.Ordinal) ? _admin : _member;

        var answer = await client.CallAsync(path, GrpcFrames.Frame([1, 2, 3], compressedFlag: 1), "br");

        Assert.Equal(StatusCode.Unimplemented, answer.Status);
        Assert.Contains("'br'", answer.Detail, StringComparison.Ordinal);
        Assert.Contains("identity, gzip, deflate", answer.Detail, StringComparison.Ordinal);
    }

    /// <summary>Frames gRPC itself answers Internal or Unknown (with a logged stack trace) when they reach it.</summary>
    [Theory]
    [InlineData("compressed flag, no grpc-encoding", "missing")]
    [InlineData("compressed flag, grpc-encoding identity", "identity")]
    [InlineData("compressed flag 2", "compressed flag is 2")]
    [InlineData("frame longer than the body", "declares")]
    [InlineData("two frames", "declares")]
    [InlineData("empty body", "not a gRPC message frame")]
    [InlineData("three bytes", "not a gRPC message frame")]
    public async Task SubmitAndSubscribe_BrokenFrame_InvalidArgumentSayingWhat(string frame, string said)
    {
        var message = Drafts.Request(Drafts.Incident(Tlp.Green)).ToByteArray();
        (byte[] Body, string? Encoding) broken = frame switch
        {
            "compressed flag, no grpc-encoding" => (GrpcFrames.Compressed(message, "gzip"), null),
            "compressed flag, grpc-encoding identity" => (GrpcFrames.Compressed(message, "gzip"), "identity"),
            "compressed flag 2" => (GrpcFrames.Frame(message, compressedFlag: 2), null),
            "frame longer than the body" => (GrpcFrames.Frame(message)[..^10], null),
            "two frames" => ([.. GrpcFrames.Frame(message), .. GrpcFrames.Frame(message)], null),
            "empty body" => ([], null),
            _ => ([0, 0, 0], null),
        };

        foreach (var path in new[] { Submit, Subscribe })
        {
            var answer = await _member.CallAsync(path, broken.Body, broken.Encoding);

            Assert.Equal(StatusCode.InvalidArgument, answer.Status);
            Assert.Contains(said, answer.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Submit_ValidDraftCompressed_StoredWithTheTextSent(string encoding)
    {
        var draft = Drafts.Incident(Tlp.Green, $"compressed with {encoding}");

        var answer = await _member.CallAsync(Submit, GrpcFrames.Compressed(Drafts.Request(draft).ToByteArray(), encoding), encoding);

        Assert.Equal(StatusCode.OK, answer.Status);
        var stored = await _council.Admin.ListItemsAsync(new AdminListItemsRequest());
        Assert.Contains(stored.Items, i => i.Title == $"compressed with {encoding}");
    }

    /// <summary>Every method whose request the gate reads, with the raw client of its listener.</summary>
    private IEnumerable<(RawGrpcClient Client, string Path, MessageDescriptor Type)> GatedMethods()
    {
        foreach (var (service, client) in new[]
        {
            (MemberService.Descriptor, _member), (FederationService.Descriptor, _peer),
            (AdminService.Descriptor, _admin), (Grpc.Health.V1.Health.Descriptor, _member),
        })
        {
            foreach (var method in service.Methods.Where(m => !m.IsClientStreaming))
            {
                yield return (client, $"/{service.FullName}/{method.Name}", method.InputType);
            }
        }
    }

    /// <summary>The mutation as a whole message of the type: appended fields that break parsing wherever they are read.</summary>
    private static byte[]? Malformed(string mutation, MessageDescriptor type) => mutation switch
    {
        "invalid-utf8" => InvalidUtf8In(type),
        // Unknown field 1000 (tag 0xC0 0x3E for a varint): an unknown field is read too, so it must be well-formed.
        "truncated-varint" => [0xC0, 0x3E, 0xFF, 0xFF],
        "length-past-the-end" => [0xC2, 0x3E, 100, 1, 2, 3],
        "wire-type-7" => [0xC7, 0x3E, 0],
        "field-number-0" => [0x02, 0x00],
        "5000-nested-groups" => HostileInputBytes.NestedGroups(5_000),
        _ => throw new ArgumentException(mutation, nameof(mutation)),
    };

    /// <summary>An overlong NUL (not UTF-8) in the first string field, or in one of a message field's; null when the type has none.</summary>
    private static byte[]? InvalidUtf8In(MessageDescriptor type)
    {
        byte[] invalid = [0xC0, 0x80];
        if (type.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String) is { } text)
        {
            return LengthDelimited(text.FieldNumber, invalid);
        }

        foreach (var field in type.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message))
        {
            if (field.MessageType.Fields.InFieldNumberOrder().FirstOrDefault(f => f.FieldType == FieldType.String) is { } inner)
            {
                return LengthDelimited(field.FieldNumber, LengthDelimited(inner.FieldNumber, invalid));
            }
        }

        return null;
    }

    private static byte[] LengthDelimited(int field, byte[] content)
    {
        using var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteLength(content.Length);
        writer.Flush();
        output.Write(content);
        return output.ToArray();
    }

    private async Task AssertMemberSubmitStillWorksAsync()
    {
        var answer = await _member.CallAsync(Submit, GrpcFrames.Frame(Drafts.Request(Drafts.Incident(Tlp.Green, "after the bomb")).ToByteArray()));
        Assert.Equal(StatusCode.OK, answer.Status);
    }
}
