using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Ceptoar.Node.Composition;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Monitoring;

/// <summary>The monitoring listener is loopback-only and serves /healthz and /readyz only (docs/OPERATIONS.md §3).</summary>
public sealed class MonitoringListenerTests : IDisposable
{
    private readonly TestDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("0.0.0.0:9464")]
    [InlineData("[::]:9464")]
    [InlineData("192.0.2.1:9464")]
    public async Task Build_MonitoringListenNotLoopback_RefusedNamingTheSetting(string address)
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Node:MonitoringListen"] = address;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Node:MonitoringListen '{address}' is not a loopback address", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_HealthThresholdOutOfRange_RefusedNamingTheSetting()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Health:MinFreeDiskMegabytes"] = "-1";
        settings["Health:WriteProbeSeconds"] = "0";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Contains(error.Failures, f => f.StartsWith("Health:MinFreeDiskMegabytes is -1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Health:WriteProbeSeconds is 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MonitoringListener_OtherPathsMethodsAndGrpc_Refused()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        await using var node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"), s => s["Node:MonitoringListen"] = "127.0.0.1:0");
        var root = new Uri(node.Ready.MonitoringEndpoint!);
        Assert.Equal(IPAddress.Loopback.ToString(), root.Host);

        using (var other = await _http.GetAsync(new Uri(root, "/v1/items")))
        {
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }

        using (var post = await _http.PostAsync(new Uri(root, "/readyz"), new StringContent("")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        using (var grpcOverHttp1 = await _http.PostAsync(new Uri(root, "/grpc.health.v1.Health/Check"), new ByteArrayContent([0, 0, 0, 0, 0])))
        {
            Assert.Equal(HttpStatusCode.NotFound, grpcOverHttp1.StatusCode);
        }

        using var channel = GrpcChannel.ForAddress(root);
        var error = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    [Fact]
    public async Task MonitoringListener_OnAnotherAddressOfThisHost_NotReachable()
    {
        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        var federation = new TestFederation(_dir.Combine("pki"));
        await using var node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"), s => s["Node:MonitoringListen"] = "127.0.0.1:0");
        var port = new Uri(node.Ready.MonitoringEndpoint!).Port;
        using (var loopback = new TcpClient())
        {
            await loopback.ConnectAsync(IPAddress.Loopback, port);
        }

        using var client = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(external, port));

        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }
}
