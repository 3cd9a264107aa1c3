using System.Net;
using System.Net.Sockets;

namespace Ceptoar.Testing;

/// <summary>
/// A loopback TCP forwarder in front of a node's port, so a test can cut the node off (its port closed, every open
/// connection dropped) and bring it back on the same address without killing the node. TLS passes through untouched.
/// </summary>
internal sealed class TcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<Socket> _open = [];
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private TcpProxy(IPEndPoint target, int port)
    {
        _target = target;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Dial this instead of the node.</summary>
    public string Endpoint => $"https://127.0.0.1:{Port}";

    /// <summary>Connections accepted so far (a check that traffic really went through the proxy).</summary>
    public int Accepted { get; private set; }

    /// <summary>Starts forwarding from a fresh loopback port to the endpoint ("https://host:port").</summary>
    public static TcpProxy Start(string endpoint)
    {
        var uri = new Uri(endpoint);
        var listener = Listen(0);
        var proxy = new TcpProxy(new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port), ((IPEndPoint)listener.LocalEndpoint).Port);
        proxy.Run(listener);
        return proxy;
    }

    /// <summary>Closes the port and drops every connection through it, as if the node's host vanished from the network.</summary>
    public async Task CutOffAsync()
    {
        _listener?.Stop();
        _listener = null;
        await _accepting;
        lock (_open)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Opens the same port again.</summary>
    public void Restore() => Run(Listen(Port));

    public async ValueTask DisposeAsync() => await CutOffAsync();

    private static TcpListener Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        return listener;
    }

    private void Run(TcpListener listener)
    {
        _listener = listener;
        _accepting = Task.Run(async () =>
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    // InvalidOperationException: cut off before this loop first asked to accept (the listener already stopped).
                    return;
                }

                Accepted++;
                _ = ForwardAsync(client);
            }
        });
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        lock (_open)
        {
            _open.Add(client);
            _open.Add(server);
        }

        try
        {
            await server.ConnectAsync(_target);
            using var fromClient = new NetworkStream(client, ownsSocket: false);
            using var fromServer = new NetworkStream(server, ownsSocket: false);
            // Either direction ending (or a cut) ends both.
            await Task.WhenAny(fromClient.CopyToAsync(fromServer), fromServer.CopyToAsync(fromClient));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The node or the test dropped the connection: nothing to forward any more.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
