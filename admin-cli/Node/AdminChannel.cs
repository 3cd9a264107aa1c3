using System.Net.Sockets;
using System.Text;
using Ceptoar.AdminCli.Localization;
using Grpc.Net.Client;

namespace Ceptoar.AdminCli.Node;

/// <summary>Opens a gRPC channel to the node's AdminService over its Unix domain socket (plain HTTP/2; file permissions guard it).</summary>
internal static class AdminChannel
{
    // The authority is irrelevant on a Unix socket, but HTTP/2 needs one; "localhost" is what the node expects.
    private const string Address = "http://localhost";

    // Items with large envelopes in a long listing can exceed gRPC's 4 MB default.
    private const int MaxReceiveMessageBytes = 64 * 1024 * 1024;

    // sockaddr_un.sun_path is 108 bytes on Linux including the terminating NUL (104 on macOS).
    private const int MaxSocketPathBytes = 107;

    public static GrpcChannel Open(NodeSettings settings)
    {
        var pathBytes = Encoding.UTF8.GetByteCount(settings.SocketPath);
        if (pathBytes > MaxSocketPathBytes)
        {
            throw new UsageException(
                Localized.Format(NodeText.SocketPathTooLong, settings.SocketPath, pathBytes, MaxSocketPathBytes));
        }

        var endpoint = new UnixDomainSocketEndPoint(settings.SocketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.Timeout,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
        });
    }
}
