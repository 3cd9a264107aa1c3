using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Ceptoar.Core.Envelopes;

/// <summary>An Ed25519 private key with its public key (BouncyCastle), kept together so signing never re-derives it.</summary>
public sealed class Ed25519KeyPair
{
    /// <summary>Bytes in a private seed, a public key and a signature.</summary>
    public const int PrivateKeySize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    // Both arrays are never handed out (only copies), so the instance is immutable and safe to share between threads.
    private readonly byte[] _seed;
    private readonly byte[] _publicKey;

    private Ed25519KeyPair(byte[] seed)
    {
        _seed = seed;
        _publicKey = new byte[PublicKeySize];
        Ed25519.GeneratePublicKey(_seed, 0, _publicKey, 0);
    }

    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey => (byte[])_publicKey.Clone();

    /// <summary>A fresh random key pair.</summary>
    public static Ed25519KeyPair Generate() => new(RandomNumberGenerator.GetBytes(PrivateKeySize));

    /// <summary>From the 32-byte private seed.</summary>
    public static Ed25519KeyPair FromPrivateKey(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {PrivateKeySize} bytes, not {seed.Length}.", nameof(seed));
        }

        return new Ed25519KeyPair(seed.ToArray());
    }

    /// <summary>The 32-byte private seed (for writing the key file only).</summary>
    public byte[] ExportPrivateKey() => (byte[])_seed.Clone();

    /// <summary>A 64-byte signature over message. Thread-safe.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signature = new byte[SignatureSize];
        // The overload with the public key: without it BouncyCastle re-derives the public key on every call (half speed).
        ReadOnlySpan<byte> seed = _seed;
        ReadOnlySpan<byte> publicKey = _publicKey;
        Ed25519.Sign(seed, publicKey, message, signature);
        return signature;
    }

    /// <summary>Checks a 64-byte signature against a 32-byte public key. Thread-safe.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        return Ed25519.Verify(signature, publicKey, message);
    }
}
