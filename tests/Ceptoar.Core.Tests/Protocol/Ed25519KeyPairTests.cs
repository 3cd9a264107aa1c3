using Ceptoar.Core.Envelopes;

namespace Ceptoar.Core.Tests.Protocol;

public sealed class Ed25519KeyPairTests
{
    // RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72).
    private const string Rfc8032Secret1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private const string Rfc8032Public1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string Rfc8032Signature1 = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    private const string Rfc8032Secret2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private const string Rfc8032Public2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private const string Rfc8032Signature2 = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    [Theory]
    [InlineData(Rfc8032Secret1, Rfc8032Public1, "", Rfc8032Signature1)]
    [InlineData(Rfc8032Secret2, Rfc8032Public2, "72", Rfc8032Signature2)]
    public void Sign_Rfc8032Vector_ProducesPublishedKeyAndSignature(string secret, string publicKey, string message, string signature)
    {
        var pair = Ed25519KeyPair.FromPrivateKey(Convert.FromHexString(secret));

        Assert.Equal(publicKey, Convert.ToHexStringLower(pair.PublicKey));
        Assert.Equal(signature, Convert.ToHexStringLower(pair.Sign(Convert.FromHexString(message))));
        Assert.True(Ed25519KeyPair.Verify(pair.PublicKey, Convert.FromHexString(message), Convert.FromHexString(signature)));
    }

    [Fact]
    public void Verify_OwnSignature_True()
    {
        var pair = Ed25519KeyPair.Generate();
        var message = "report"u8.ToArray();

        Assert.True(Ed25519KeyPair.Verify(pair.PublicKey, message, pair.Sign(message)));
    }

    [Fact]
    public void Verify_OtherKeysPublicKey_False()
    {
        var message = "report"u8.ToArray();

        Assert.False(Ed25519KeyPair.Verify(Ed25519KeyPair.Generate().PublicKey, message, Ed25519KeyPair.Generate().Sign(message)));
    }

    [Theory]
    [InlineData(31, 64)]
    [InlineData(33, 64)]
    [InlineData(32, 63)]
    [InlineData(32, 65)]
    [InlineData(0, 0)]
    public void Verify_WrongLengths_False(int publicKeyLength, int signatureLength)
    {
        var pair = Ed25519KeyPair.Generate();
        var message = "m"u8.ToArray();
        var publicKey = pair.PublicKey.Concat(new byte[1]).Take(publicKeyLength).ToArray();
        var signature = pair.Sign(message).Concat(new byte[1]).Take(signatureLength).ToArray();

        Assert.False(Ed25519KeyPair.Verify(publicKey, message, signature));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void FromPrivateKey_WrongLength_Throws(int length)
    {
        Assert.Throws<ArgumentException>(() => Ed25519KeyPair.FromPrivateKey(new byte[length]));
    }

    [Fact]
    public void FromPrivateKey_ExportedSeed_SamePublicKeyAndSignatures()
    {
        var original = Ed25519KeyPair.Generate();

        var restored = Ed25519KeyPair.FromPrivateKey(original.ExportPrivateKey());

        Assert.Equal(original.PublicKey, restored.PublicKey);
        Assert.Equal(original.Sign("x"u8), restored.Sign("x"u8));
    }

    [Fact]
    public void PublicKey_ReturnedArrayChanged_KeyUnchanged()
    {
        var pair = Ed25519KeyPair.Generate();
        var before = pair.PublicKey;

        pair.PublicKey[0] ^= 0xFF;

        Assert.Equal(before, pair.PublicKey);
    }

    [Fact]
    public void Sign_ManyThreadsOneKey_EverySignatureVerifies()
    {
        var pair = Ed25519KeyPair.Generate();
        var publicKey = pair.PublicKey;
        var failures = 0;

        Parallel.For(0, 2000, i =>
        {
            var message = BitConverter.GetBytes(i);
            if (!Ed25519KeyPair.Verify(publicKey, message, pair.Sign(message)))
            {
                Interlocked.Increment(ref failures);
            }
        });

        Assert.Equal(0, failures);
    }
}
