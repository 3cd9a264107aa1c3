using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Protocol;

namespace Ceptoar.Core.Pki;

/// <summary>A node's own keys and certificates, loaded from its certificate directory and checked against the trust bundle.</summary>
public sealed class NodeCredentials
{
    public required string NodeId { get; init; }

    /// <summary>The TLS certificate with its private key, ready for Kestrel and for client connections.</summary>
    public required X509Certificate2 TlsCertificate { get; init; }

    public required X509Certificate2 SigningCertificate { get; init; }

    public required Ed25519KeyPair SigningKey { get; init; }

    public required X509Certificate2 EncryptionCertificate { get; init; }

    /// <summary>The raw 32-byte X25519 private key.</summary>
    public required byte[] EncryptionPrivateKey { get; init; }

    /// <summary>
    /// Loads all six files, checks each certificate against the bundle, that all three name nodeId, and that each
    /// private key matches its certificate. Throws InvalidOperationException naming the file and what to do.
    /// </summary>
    public static NodeCredentials Load(NodeKeyFiles files, string nodeId, TrustBundle trust, DateTimeOffset now) => throw new NotImplementedException();
}
