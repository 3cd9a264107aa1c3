using Ceptoar.Core.Envelopes;

namespace Ceptoar.Core.Tests.Protocol;

public sealed class SignerKeyTests
{
    [Fact]
    public void KeyIdFor_ThirtyTwoZeroBytes_NodeIdSlashFirstSixteenHexOfSha256()
    {
        // SHA-256 of 32 zero bytes is 66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925.
        Assert.Equal("nisc/66687aadf862bd77", SignerKey.KeyIdFor("nisc", new byte[32]));
    }

    [Fact]
    public void KeyIdFor_DifferentKeys_DifferentIds()
    {
        Assert.NotEqual(
            SignerKey.KeyIdFor("nisc", Ed25519KeyPair.Generate().PublicKey),
            SignerKey.KeyIdFor("nisc", Ed25519KeyPair.Generate().PublicKey));
    }

    [Fact]
    public void InMemoryResolver_AddSameIdTwice_LatestWins()
    {
        var key = Ed25519KeyPair.Generate().PublicKey;
        var id = SignerKey.KeyIdFor("council", key);
        var resolver = new InMemorySignerKeyResolver(new SignerKey(id, "council", key));
        var revokedAt = DateTimeOffset.UtcNow;

        resolver.Add(new SignerKey(id, "council", key, RevokedAt: revokedAt));

        Assert.Equal(revokedAt, resolver.Resolve(id)?.RevokedAt);
    }

    [Fact]
    public void InMemoryResolver_UnknownOrRemovedId_Null()
    {
        var key = Ed25519KeyPair.Generate().PublicKey;
        var id = SignerKey.KeyIdFor("council", key);
        var resolver = new InMemorySignerKeyResolver(new SignerKey(id, "council", key));

        Assert.Null(resolver.Resolve("council/0000000000000000"));
        Assert.True(resolver.Remove(id));
        Assert.Null(resolver.Resolve(id));
    }

    [Fact]
    public void EnvelopeSigner_AsSignerKey_IdDerivedFromNodeAndPublicKey()
    {
        var pair = Ed25519KeyPair.Generate();

        var key = new EnvelopeSigner("bank-ceptoar", pair).AsSignerKey();

        Assert.Equal(SignerKey.KeyIdFor("bank-ceptoar", pair.PublicKey), key.KeyId);
        Assert.Equal("bank-ceptoar", key.NodeId);
        Assert.Equal(pair.PublicKey, key.PublicKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Nisc")]
    [InlineData("1nisc")]
    [InlineData("n")]
    public void EnvelopeSigner_InvalidNodeId_Throws(string nodeId)
    {
        Assert.Throws<ArgumentException>(() => new EnvelopeSigner(nodeId, Ed25519KeyPair.Generate()));
    }
}
