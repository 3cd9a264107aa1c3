using System.Globalization;
using System.Net.Http.Headers;
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
            HttpHandler = new LanguageHandler(CultureInfo.CurrentUICulture) { InnerHandler = handler },
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
        });
    }

    /// <summary>The accept-language header of every admin call: the language this invocation shows.</summary>
    internal static string AcceptLanguage(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == CliLanguage.Japanese ? CliLanguage.Japanese : CliLanguage.English;

    /// <summary>
    /// Asks the node to answer in the language the CLI chose (--lang, LC_ALL, LANG): the node writes its errors and field
    /// violations in it, so they read like the rest of the output (README, "Language of the member API").
    /// </summary>
    private sealed class LanguageHandler(CultureInfo culture) : DelegatingHandler
    {
        private readonly StringWithQualityHeaderValue _language = new(AcceptLanguage(culture));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.AcceptLanguage.Clear();
            request.Headers.AcceptLanguage.Add(_language);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
