using System.Globalization;
using System.Security.Cryptography;
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
    private const string IssueAdvice = "issue a new one with `ceptoar-admin pki issue-node`";
    private readonly X509Certificate2[] _roots;

    public TrustBundle(IEnumerable<X509Certificate2> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        _roots = [.. roots];
    }

    /// <summary>Loads every certificate in each PEM file (a file may hold several).</summary>
    public static TrustBundle Load(IEnumerable<string> pemPaths)
    {
        ArgumentNullException.ThrowIfNull(pemPaths);
        var roots = new List<X509Certificate2>();
        foreach (var path in pemPaths)
        {
            const string WhatToDo = "list the federation root certificate files (root.crt.pem) in the node's trust configuration";
            var text = PemFiles.ReadText(path, WhatToDo);
            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPem(text);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException($"{path} holds a malformed PEM certificate ({e.Message}); {WhatToDo}", e);
            }

            if (collection.Count == 0)
            {
                throw new InvalidOperationException($"{path} holds no PEM certificate; {WhatToDo}");
            }

            roots.AddRange(collection);
        }

        return new TrustBundle(roots);
    }

    public IReadOnlyList<X509Certificate2> Roots => _roots;

    /// <summary>
    /// Checks that a certificate chains to one of the roots, is within validity at `now`, and carries exactly one node SAN URI.
    /// Works for TLS (ECDSA) as well as Ed25519 / X25519 leaf certificates.
    /// </summary>
    public CertificateCheck Check(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);

        var ids = NodeUri.NodeIdsOf(certificate);
        if (ids.Count == 0)
        {
            return CertificateCheck.Fail($"certificate '{certificate.Subject}' has no {NodeUri.Prefix} SAN URI, so it is not a node certificate; {IssueAdvice}");
        }

        if (ids.Count > 1)
        {
            return CertificateCheck.Fail($"certificate '{certificate.Subject}' names {ids.Count} nodes ({string.Join(", ", ids)}); a node certificate names exactly one; {IssueAdvice}");
        }

        var nodeId = ids[0];
        if (!NodeUri.IsValidNodeId(nodeId))
        {
            return CertificateCheck.Fail($"certificate '{certificate.Subject}' names '{nodeId}', which is not a valid node id; {IssueAdvice}");
        }

        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        if (now > notAfter)
        {
            return CertificateCheck.Fail($"certificate for node '{nodeId}' expired on {Day(notAfter)}; {IssueAdvice}");
        }

        if (now < notBefore)
        {
            return CertificateCheck.Fail($"certificate for node '{nodeId}' is not valid until {notBefore:u}; check this machine's clock, or wait");
        }

        if (_roots.Length == 0)
        {
            return CertificateCheck.Fail("no trusted root is configured; add the federation root certificate(s) to the node's trust configuration");
        }

        var problem = ChainProblem(certificate, nodeId, now);
        return problem is null ? new CertificateCheck(true, nodeId, string.Empty) : CertificateCheck.Fail(problem);
    }

    private string? ChainProblem(X509Certificate2 certificate, string nodeId, DateTimeOffset now)
    {
        // The leaf's own key (Ed25519, X25519 or ECDSA) plays no part here: only the root's ECDSA signature on it is
        // checked, which OpenSSL and the other platform chain engines verify for any leaf key type.
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        var built = chain.Build(certificate);
        if (built && chain.ChainElements.Count > 1 && IsRoot(chain.ChainElements[^1].Certificate))
        {
            return null;
        }

        var flags = chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, status) => all | status.Status);
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0 || flags == X509ChainStatusFlags.NoError)
        {
            return $"certificate for node '{nodeId}' (issued by '{certificate.Issuer}') does not chain to a trusted root; "
                + "it was issued by another federation's root, or that root is missing from this node's trust configuration";
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            return $"certificate for node '{nodeId}' has a signature that does not verify with its issuer's key; it was altered or forged — {IssueAdvice}";
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return $"the root that issued the certificate for node '{nodeId}' ('{certificate.Issuer}') is not valid at {now:u}; "
                + "the federation must distribute a new root and re-issue node certificates";
        }

        var details = string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Where(text => text.Length > 0).Distinct());
        return $"certificate for node '{nodeId}' does not chain to a trusted root ({flags}: {details}); {IssueAdvice}";
    }

    private bool IsRoot(X509Certificate2 anchor) => _roots.Any(root => root.RawDataMemory.Span.SequenceEqual(anchor.RawDataMemory.Span));

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
