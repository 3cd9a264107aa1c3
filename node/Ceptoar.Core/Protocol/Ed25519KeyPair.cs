namespace Ceptoar.Core.Protocol;

/// <summary>An Ed25519 private key with its public key (BouncyCastle), kept together so signing never re-derives it.</summary>
public sealed class Ed25519KeyPair
{
    /// <summary>The 32-byte public key.</summary>
    public byte[] PublicKey => throw new NotImplementedException();

    /// <summary>A fresh random key pair.</summary>
    public static Ed25519KeyPair Generate() => throw new NotImplementedException();

    /// <summary>From the 32-byte private seed.</summary>
    public static Ed25519KeyPair FromPrivateKey(ReadOnlySpan<byte> seed) => throw new NotImplementedException();

    /// <summary>The 32-byte private seed (for writing the key file only).</summary>
    public byte[] ExportPrivateKey() => throw new NotImplementedException();

    /// <summary>A 64-byte signature over message. Thread-safe.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => throw new NotImplementedException();

    /// <summary>Checks a 64-byte signature against a 32-byte public key. Thread-safe.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => throw new NotImplementedException();
}
