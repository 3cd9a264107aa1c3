using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ceptoar.Testing;

/// <summary>Real gRPC clients of a node: members over TLS (trusting only the test root), admins over the Unix socket.</summary>
internal static class Clients
{
    /// <summary>TLS to a node's member or federation listener, trusting only the test root; with a client certificate for a peer.</summary>
    public static SocketsHttpHandler TlsHandler(X509Certificate2 root, X509Certificate2? clientCertificate = null) => new()
    {
        EnableMultipleHttp2Connections = true,
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            RemoteCertificateValidationCallback = (_, certificate, _, _) => ChainsTo(certificate, root),
        },
    };

    public static GrpcChannel MemberChannel(string endpoint, X509Certificate2 root, string? apiKey)
    {
        var options = new GrpcChannelOptions { HttpHandler = TlsHandler(root), MaxReceiveMessageSize = 64 * 1024 * 1024, MaxSendMessageSize = 64 * 1024 * 1024 };
        if (apiKey is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("authorization", "Bearer " + apiKey);
                return Task.CompletedTask;
            }));
        }

        return GrpcChannel.ForAddress(endpoint, options);
    }

    public static MemberService.MemberServiceClient Member(string endpoint, X509Certificate2 root, string? apiKey) =>
        new(MemberChannel(endpoint, root, apiKey));

    public static GrpcChannel AdminChannel(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = AdminHandler(socketPath) });

    /// <summary>HTTP/2 over the node's admin Unix socket (address it as http://localhost).</summary>
    public static SocketsHttpHandler AdminHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static AdminService.AdminServiceClient Admin(string socketPath) => new(AdminChannel(socketPath));

    public static bool ChainsTo(X509Certificate? certificate, X509Certificate2 root)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }
}
