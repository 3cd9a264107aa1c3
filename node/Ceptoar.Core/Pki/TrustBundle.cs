using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Core.Pki;

/// <summary>The outcome of checking a node certificate against the trusted roots.</summary>
public sealed record CertificateCheck(bool Valid, string? NodeId, string Problem)
{
    public static CertificateCheck Fail(string problem) => new(false, null, problem);
}

/// <summary>The roots a node trusts (a bundle: the federation may agree on more than one root).</summary>
public sealed class TrustBundle
{
    public TrustBundle(IEnumerable<X509Certificate2> roots) => throw new NotImplementedException();

    /// <summary>Loads every certificate in each PEM file (a file may hold several).</summary>
    public static TrustBundle Load(IEnumerable<string> pemPaths) => throw new NotImplementedException();

    public IReadOnlyList<X509Certificate2> Roots => throw new NotImplementedException();

    /// <summary>
    /// Checks that a certificate chains to one of the roots, is within validity at `now`, and carries exactly one node SAN URI.
    /// Works for TLS (ECDSA) as well as Ed25519 / X25519 leaf certificates.
    /// </summary>
    public CertificateCheck Check(X509Certificate2 certificate, DateTimeOffset now) => throw new NotImplementedException();
}
