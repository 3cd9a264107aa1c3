using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Health.V1;

namespace Ceptoar.Node.Tests.Service;

/// <summary>
/// Type=notify (deploy/systemd/ceptoar-node.service): the node tells the service manager READY=1 once it listens and
/// STOPPING=1 when it stops, on the datagram socket NOTIFY_SOCKET names, as systemd would give it.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Notify_StartAndSigterm_ReadyWhenListeningThenStopping()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var notifyPath = _dir.Combine("notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        var port = FreePort();
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Node:MemberListen"] = $"127.0.0.1:{port}";
        await using var node = NodeCommand.StartNode(NodeArguments.ToArgs(settings), new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notifyPath });

        var ready = await ReceiveUntilAsync(notify, "READY=1", node);

        // READY=1 means the member port answers now: no waiting after it.
        var health = new Health.HealthClient(Clients.MemberChannel($"https://127.0.0.1:{port}", federation.RootCertificate, null));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
        Assert.DoesNotContain("STOPPING=1", ready);

        await node.TerminateAsync();
        var stopping = await ReceiveUntilAsync(notify, "STOPPING=1", node);

        Assert.Equal(0, await node.ExitCodeAsync(Deadline));
        Assert.DoesNotContain("READY=1", stopping);
    }

    /// <summary>The datagrams received until one holds the expected line; fails at the deadline with the node's output.</summary>
    private static async Task<string> ReceiveUntilAsync(Socket socket, string expected, NodeCommand node)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token);
                var message = Encoding.UTF8.GetString(buffer, 0, length);
                received.AppendLine(message);
                if (message.Split('\n').Contains(expected))
                {
                    return received.ToString();
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {expected} within {Deadline.TotalSeconds} s; received:\n{received}\nnode stdout:\n{node.Stdout}\nstderr:\n{node.Stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
