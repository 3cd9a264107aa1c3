using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Core.Pki;

/// <summary>A federation root CA (ECDSA P-256) that certifies nodes' TLS, signing (Ed25519) and encryption (X25519) keys.</summary>
public sealed class FederationCa
{
    /// <summary>The root certificate (public part).</summary>
    public X509Certificate2 Certificate => throw new NotImplementedException();

    /// <summary>A new self-signed root with the given common name, valid from now for validity.</summary>
    public static FederationCa CreateRoot(string commonName, TimeSpan validity) => throw new NotImplementedException();

    /// <summary>Loads a root from its PEM certificate and PEM PKCS#8 private key.</summary>
    public static FederationCa Load(string certificatePemPath, string keyPemPath) => throw new NotImplementedException();

    /// <summary>Writes root.crt.pem and root.key.pem (owner-only) into directory.</summary>
    public void Save(string directory) => throw new NotImplementedException();

    /// <summary>
    /// Issues a node's three certificates (TLS: ECDSA P-256, server+client auth; signing: Ed25519; encryption: X25519),
    /// each with SAN URI urn:ceptoar:node:&lt;nodeId&gt;, and writes them with their private keys (owner-only) as NodeKeyFiles.
    /// notBefore/notAfter default to now-5min / now+validity; tests pass explicit times to make expired certificates.
    /// </summary>
    public NodeKeyFiles IssueNode(string nodeId, string directory, TimeSpan validity, IEnumerable<string>? dnsNames = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null) => throw new NotImplementedException();
}
