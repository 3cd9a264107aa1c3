using Grpc.Core;
using Grpc.Net.Client;
using V1 = Grpc.Reflection.V1;
using V1Alpha = Grpc.Reflection.V1Alpha;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>gRPC server reflection lists every service's schema, so it is served on the owner-only admin socket alone.</summary>
public sealed class ReflectionTests : IAsyncLifetime
{
    private const string Refusal = "server reflection is served on the node's admin socket only";
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), s =>
        {
            s["Node:FederationListen"] = "127.0.0.1:0";
            // Nothing listens there; the peer only has to be configured for its certificate to pass the federation gate.
            s["Node:Peers:0:Id"] = "council";
            s["Node:Peers:0:Endpoint"] = "https://127.0.0.1:9";
        });
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Reflection_OnTheAdminSocket_ListsTheServices_InBothProtocolVersions()
    {
        using var channel = Clients.AdminChannel(_node.Ready.AdminSocket);

        var v1 = await ListServicesV1Async(channel);
        var v1Alpha = await ListServicesV1AlphaAsync(channel);

        Assert.Contains("ceptoar.federation.v1.AdminService", v1);
        Assert.Contains("ceptoar.federation.v1.MemberService", v1);
        Assert.Equal(v1.Order(StringComparer.Ordinal), v1Alpha.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reflection_OnTheMemberPortWithoutKey_UnimplementedInBothProtocolVersions()
    {
        using var channel = Clients.MemberChannel(_node.Ready.MemberEndpoint!, _node.Root, apiKey: null);

        await AssertRefusedAsync(() => ListServicesV1Async(channel));
        await AssertRefusedAsync(() => ListServicesV1AlphaAsync(channel));
    }

    [Fact]
    public async Task Reflection_OnTheMemberPortWithAValidKey_Unimplemented()
    {
        var key = await _node.AddMemberWithKeyAsync("curious-bank");
        using var channel = Clients.MemberChannel(_node.Ready.MemberEndpoint!, _node.Root, key);

        await AssertRefusedAsync(() => ListServicesV1Async(channel));
    }

    [Fact]
    public async Task Reflection_OnTheFederationPortFromAConfiguredPeer_Unimplemented()
    {
        using var peer = new RawPeer(_node.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_federation.NodeCertificates("council")), _federation.RootCertificate);

        await AssertRefusedAsync(() => ListServicesV1Async(peer.Channel));
        await AssertRefusedAsync(() => ListServicesV1AlphaAsync(peer.Channel));
    }

    private static async Task AssertRefusedAsync(Func<Task<List<string>>> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains(Refusal, error.Status.Detail);
    }

    /// <summary>
    /// Sends the one request. A node that refuses the call may answer and reset the stream before the request is
    /// written; the write then fails with Cancelled, and the node's own answer is read from the response stream.
    /// </summary>
    private static async Task SendAsync<T>(IClientStreamWriter<T> requests, T request)
    {
        try
        {
            await requests.WriteAsync(request);
            await requests.CompleteAsync();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
        }
        catch (InvalidOperationException)
        {
            // "Can't write the message because the call is complete": the answer is already there.
        }
    }

    private static async Task<List<string>> ListServicesV1Async(GrpcChannel channel)
    {
        using var call = new V1.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        await SendAsync(call.RequestStream, new V1.ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    private static async Task<List<string>> ListServicesV1AlphaAsync(GrpcChannel channel)
    {
        using var call = new V1Alpha.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(deadline: DateTime.UtcNow.AddSeconds(30));
        await SendAsync(call.RequestStream, new V1Alpha.ServerReflectionRequest { ListServices = "" });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return [.. call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }
}
