using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;

namespace Ceptoar.Core.Sealing;

/// <summary>A node an item is sealed to: its id and the X25519 public key of its encryption certificate.</summary>
public sealed record SealRecipient(string NodeId, byte[] X25519PublicKey)
{
    public string NodeId { get; } = NodeUri.IsValidNodeId(NodeId)
        ? NodeId
        : throw new ArgumentException($"'{NodeId}' is not a valid node id: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter.", nameof(NodeId));

    // Copied so a caller reusing its buffer cannot change the key after the recipient was built.
    public byte[] X25519PublicKey { get; } = X25519PublicKey?.Length == SealingCrypto.KeySize
        ? (byte[])X25519PublicKey.Clone()
        : throw new ArgumentException($"an X25519 public key is {SealingCrypto.KeySize} bytes, not {X25519PublicKey?.Length ?? 0}", nameof(X25519PublicKey));

    /// <summary>The recipient_key_id written into its wrapped key: first 16 hex digits of SHA-256 of the raw public key.</summary>
    public string KeyId => SealingCrypto.KeyIdOf(X25519PublicKey);

    /// <summary>
    /// The recipient an encryption certificate binds. Check the certificate with TrustBundle.Check first (a verified
    /// node descriptor has done so): this reads the certificate, it does not decide whether to trust it.
    /// </summary>
    public static SealRecipient FromCertificate(X509Certificate2 encryptionCertificate)
    {
        ArgumentNullException.ThrowIfNull(encryptionCertificate);
        var nodeId = NodeUri.NodeIdOf(encryptionCertificate)
            ?? throw new InvalidOperationException($"certificate '{encryptionCertificate.Subject}' names no single node in a {NodeUri.Prefix} SAN URI; it is not a node encryption certificate");
        return new SealRecipient(nodeId, NodeCertificateKeys.X25519PublicKeyOf(encryptionCertificate));
    }
}
