using Ceptoar.Node.Hosting;
using Grpc.Net.Client;

namespace Ceptoar.Node.Federation;

/// <summary>Client channels to a peer: this node's TLS certificate as client certificate; the server must chain to our roots and be that peer.</summary>
internal static class PeerChannels
{
    public static GrpcChannel Create(NodeContext node, string endpoint, string peerId)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificates = [node.Credentials.TlsCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => FederationGate.IsExpectedPeer(node, certificate, peerId),
            },
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            MaxSendMessageSize = 64 * 1024 * 1024,
        });
    }
}
