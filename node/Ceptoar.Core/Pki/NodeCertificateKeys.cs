using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;

namespace Ceptoar.Core.Pki;

/// <summary>Reads the public keys out of node certificates (Ed25519 signing, X25519 encryption, ECDSA TLS).</summary>
public static class NodeCertificateKeys
{
    public const string EcPublicKeyOid = "1.2.840.10045.2.1";
    public const string Ed25519Oid = "1.3.101.112";
    public const string X25519Oid = "1.3.101.110";
    private const int RawKeySize = 32;

    /// <summary>"ECDSA P-256", "Ed25519", "X25519", or the algorithm OID for anything else.</summary>
    public static string DescribeKey(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.PublicKey.Oid.Value switch
        {
            Ed25519Oid => "Ed25519",
            X25519Oid => "X25519",
            EcPublicKeyOid => IsP256(certificate) ? "ECDSA P-256" : "ECDSA (other curve)",
            var oid => $"algorithm {oid}",
        };
    }

    /// <summary>True when the certificate's key is ECDSA on P-256 (the TLS key of a node, and every root).</summary>
    public static bool IsP256(X509Certificate2 certificate) =>
        certificate.PublicKey.Oid.Value == EcPublicKeyOid
        && certificate.PublicKey.EncodedParameters?.RawData is { } parameters
        && parameters.AsSpan().SequenceEqual(NistP256Parameters);

    /// <summary>The 32-byte Ed25519 public key of a signing certificate.</summary>
    public static byte[] Ed25519PublicKeyOf(X509Certificate2 certificate) => RawKeyOf(certificate, Ed25519Oid, "Ed25519 signing");

    /// <summary>The 32-byte X25519 public key of an encryption certificate.</summary>
    public static byte[] X25519PublicKeyOf(X509Certificate2 certificate) => RawKeyOf(certificate, X25519Oid, "X25519 encryption");

    /// <summary>
    /// The signer key a signing certificate binds to its node. Check the certificate with TrustBundle.Check first:
    /// this reads the certificate, it does not decide whether to trust it.
    /// </summary>
    public static SignerKey SignerKeyOf(X509Certificate2 signingCertificate)
    {
        var publicKey = Ed25519PublicKeyOf(signingCertificate);
        var nodeId = NodeUri.NodeIdOf(signingCertificate)
            ?? throw new InvalidOperationException($"certificate '{signingCertificate.Subject}' names no single node in a {NodeUri.Prefix} SAN URI; it is not a node signing certificate");
        return new SignerKey(SignerKey.KeyIdFor(nodeId, publicKey), nodeId, publicKey);
    }

    // DER of the namedCurve OID 1.2.840.10045.3.1.7, as it appears in the SubjectPublicKeyInfo algorithm parameters.
    private static ReadOnlySpan<byte> NistP256Parameters => [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private static byte[] RawKeyOf(X509Certificate2 certificate, string oid, string what)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.PublicKey.Oid.Value != oid)
        {
            throw new InvalidOperationException($"certificate '{certificate.Subject}' holds a {DescribeKey(certificate)} key, not an {what} key");
        }

        var key = certificate.PublicKey.EncodedKeyValue.RawData;
        if (key.Length != RawKeySize)
        {
            throw new InvalidOperationException($"certificate '{certificate.Subject}' holds a {key.Length}-byte key where an {what} key is {RawKeySize} bytes");
        }

        return key;
    }
}
