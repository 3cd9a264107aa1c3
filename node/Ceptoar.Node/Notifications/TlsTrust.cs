using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Node.Notifications;

/// <summary>
/// Whom a channel's TLS trusts: the system's roots, and a configured private root as well (a secretariat's own mail relay,
/// a member system on a closed network). The host name must match either way.
/// </summary>
internal sealed class TlsTrust
{
    private readonly X509Certificate2? _root;

    private TlsTrust(X509Certificate2? root)
    {
        _root = root;
    }

    /// <summary>The system's roots, plus the PEM root in <paramref name="rootFile"/> when it is not empty (checked at start).</summary>
    public static TlsTrust From(string rootFile) => new(rootFile.Length == 0 ? null : X509Certificate2.CreateFromPem(File.ReadAllText(rootFile)));

    public bool Accepts(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only a chain problem may be settled by the private root; a wrong name or no certificate never is.
        if (_root is null || certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(_root);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        return custom.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }
}
