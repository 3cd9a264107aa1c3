using System.Security.Cryptography;

namespace Ceptoar.Core.Envelopes;

/// <summary>A public signing key bound to a node (by a certificate from a trusted root).</summary>
/// <param name="KeyId">"&lt;node-id&gt;/&lt;fingerprint&gt;": the lookup hint carried in signatures.</param>
/// <param name="NodeId">The node the certificate binds the key to.</param>
/// <param name="PublicKey">32-byte Ed25519 public key.</param>
/// <param name="RetiredAt">When the node rotated away from this key: it still verifies items created before.</param>
/// <param name="RevokedAt">When the key was revoked: nothing created after this verifies.</param>
public sealed record SignerKey(string KeyId, string NodeId, byte[] PublicKey, DateTimeOffset? RetiredAt = null, DateTimeOffset? RevokedAt = null)
{
    private const int FingerprintBytes = 8;

    /// <summary>The key id for a node's public key: node id, '/', first 16 hex digits of SHA-256(public key).</summary>
    public static string KeyIdFor(string nodeId, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(publicKey, hash);
        return nodeId + "/" + Convert.ToHexStringLower(hash[..FingerprintBytes]);
    }
}

/// <summary>Finds signer keys by key id; implemented over the node's own key and (later) verified peer descriptors.</summary>
public interface ISignerKeyResolver
{
    SignerKey? Resolve(string keyId);
}
