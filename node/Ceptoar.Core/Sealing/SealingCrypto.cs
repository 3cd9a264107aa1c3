using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace Ceptoar.Core.Sealing;

/// <summary>
/// The primitives of sealed.proto: X25519 agreement, the HKDF-SHA256 key-encryption key, and AES-256-GCM for the
/// content and for each wrapped content key. Byte layouts are fixed here so every node (and any other implementation
/// that follows the proto comments) produces and reads the same bytes.
/// </summary>
internal static class SealingCrypto
{
    /// <summary>X25519 keys, shared secrets, AES-256 keys: all 32 bytes.</summary>
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>A wrapped content key: the 32-byte AES-GCM ciphertext followed by its 16-byte tag.</summary>
    public const int WrappedKeySize = KeySize + TagSize;

    private const string InfoPrefix = "ceptoar-seal-v1|";
    private const int KeyIdBytes = 8;

    /// <summary>First 16 hex digits of SHA-256 of a raw X25519 public key (the same fingerprint rule as signer key ids).</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> x25519PublicKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(x25519PublicKey, hash);
        return Convert.ToHexStringLower(hash[..KeyIdBytes]);
    }

    /// <summary>The public key of a raw 32-byte X25519 private key.</summary>
    public static byte[] PublicKeyOf(byte[] privateKey)
    {
        var publicKey = new byte[KeySize];
        X25519.GeneratePublicKey(privateKey, 0, publicKey, 0);
        return publicKey;
    }

    /// <summary>
    /// The key-encryption key for one recipient:
    /// HKDF-SHA256(ikm = X25519(private, peer public), salt = ephemeral public || recipient public,
    /// info = "ceptoar-seal-v1|" + item id + "|" + recipient node), 32 bytes. Null when the agreement is all zero,
    /// which happens only for a low-order peer key: such a key would make the kek predictable, so it is refused.
    /// </summary>
    public static byte[]? DeriveKek(byte[] privateKey, byte[] peerPublicKey, byte[] ephemeralPublicKey, byte[] recipientPublicKey, string itemId, string recipientNode)
    {
        var shared = new byte[KeySize];
        try
        {
            if (!X25519.CalculateAgreement(privateKey, 0, peerPublicKey, 0, shared, 0))
            {
                return null;
            }

            byte[] salt = [.. ephemeralPublicKey, .. recipientPublicKey];
            var info = Encoding.UTF8.GetBytes(InfoPrefix + itemId + "|" + recipientNode);
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, KeySize, salt, info);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(shared);
        }
    }

    /// <summary>The additional data of a wrapped key: item id + "|" + recipient node, so a wrapped key cannot be moved to another item or node.</summary>
    public static byte[] WrapAad(string itemId, string recipientNode) => Encoding.UTF8.GetBytes(itemId + "|" + recipientNode);

    /// <summary>AES-256-GCM: returns ciphertext || 16-byte tag.</summary>
    public static byte[] Encrypt(byte[] key, byte[] nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        var output = new byte[plaintext.Length + TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return output;
    }

    /// <summary>AES-256-GCM over ciphertext || tag; null when authentication fails (anything altered, or the wrong key).</summary>
    public static byte[]? Decrypt(byte[] key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> aad)
    {
        if (ciphertextAndTag.Length < TagSize || nonce.Length != NonceSize)
        {
            return null;
        }

        var length = ciphertextAndTag.Length - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(nonce, ciphertextAndTag[..length], ciphertextAndTag[length..], plaintext, aad);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
