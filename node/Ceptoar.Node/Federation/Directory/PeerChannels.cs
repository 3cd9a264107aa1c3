using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;
using Grpc.Net.Client;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>Client channels to a peer: this node's TLS certificate as client certificate; the server must chain to our roots and be that peer.</summary>
internal sealed class PeerChannels(NodeCredentials credentials, TrustBundle trust, RevokedCertificates revoked, TimeProvider time)
{
    public GrpcChannel Create(string endpoint, string peerId)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new System.Net.Security.SslClientAuthenticationOptions
            {
                ClientCertificates = [credentials.TlsCertificate],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => IsExpectedPeer(certificate, peerId),
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

    /// <summary>Client side: trust a peer's server certificate only if it chains to our roots and names the expected peer.</summary>
    public bool IsExpectedPeer(X509Certificate? certificate, string expectedPeer)
    {
        if (certificate is null)
        {
            return false;
        }

        using var certificate2 = new X509Certificate2(certificate);
        var check = trust.Check(certificate2, time.GetUtcNow());
        return check.Valid && check.NodeId == expectedPeer && !revoked.Contains(RevokedCertificates.ThumbprintOf(certificate2));
    }
}
