using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Sealing;

public sealed class ItemSealerTests
{
    private static readonly TestNode Bank = SealingTestKit.NewNode("bank-ceptoar");
    private static readonly TestNode Electricity = SealingTestKit.NewNode("electricity-ceptoar");
    private static readonly TestNode Council = SealingTestKit.NewNode("council");

    private readonly SealingTestKit _kit = new();

    [Fact]
    public void Seal_OneRecipient_RecipientOpensOriginalInnerEnvelope()
    {
        var (outer, inner, item) = _kit.Seal(Bank);

        var (sealedItem, outerResult) = ItemSealer.OpenOuter(_kit.Verifier, outer);
        Assert.True(outerResult.IsValid, outerResult.Reason);
        var unsealed = ItemSealer.Unseal(sealedItem!, Bank.NodeId, Bank.PrivateKey);

        Assert.Equal(inner.ToByteArray(), unsealed.ToByteArray());
        var (verified, innerResult) = ItemEnvelope.Open(_kit.Verifier, unsealed);
        Assert.True(innerResult.IsValid, innerResult.Reason);
        Assert.Equal(item, verified!.Item);
        Assert.Null(ItemSealer.HeaderMismatch(sealedItem!.Header, verified.Item));
    }

    [Fact]
    public void Seal_ThreeRecipients_EachOpensTheSameItem()
    {
        var (outer, inner, item) = _kit.Seal(Bank, Electricity, Council);
        var (sealedItem, _) = ItemSealer.OpenOuter(_kit.Verifier, outer);

        foreach (var node in new[] { Bank, Electricity, Council })
        {
            var (verified, result) = ItemSealer.OpenInner(_kit.Verifier, sealedItem!, node.NodeId, node.PrivateKey);

            Assert.True(result.IsValid, $"{node.NodeId}: {result.Reason}");
            Assert.Equal(item, verified!.Item);
            Assert.Equal(inner.ToByteArray(), verified.Envelope.ToByteArray());
        }
    }

    [Fact]
    public void Seal_Header_RepeatsItemAndNamesRecipientsInOrder()
    {
        var (outer, _, item) = _kit.Seal(Council, Bank);

        var header = SealingTestKit.Parse(outer).Header;

        Assert.Equal(item.Id, header.ItemId);
        Assert.Equal(item.OriginNode, header.OriginNode);
        Assert.Equal(["council", "bank-ceptoar"], header.Recipients);
        Assert.Equal(item.Tlp, header.Tlp);
        Assert.Equal(item.CreatedAt, header.CreatedAt);
        Assert.Equal(item.ExpiresAt, header.ExpiresAt);
        Assert.Equal(item.Kind, header.Kind);
        Assert.Equal(PayloadTypes.Sealed, outer.PayloadType);
        Assert.Equal(_kit.Origin.KeyId, Assert.Single(outer.Signatures).KeyId);
    }

    [Fact]
    public void Unseal_NodeNotARecipient_ThrowsNotRecipient()
    {
        var (outer, _, _) = _kit.Seal(Bank, Electricity);
        var outsider = SealingTestKit.NewNode("gas-ceptoar");

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(SealingTestKit.Parse(outer), outsider.NodeId, outsider.PrivateKey));

        Assert.Equal(SealingFailure.NotRecipient, error.Failure);
        Assert.Contains("not to this node ('gas-ceptoar')", error.Message);
        Assert.Contains("bank-ceptoar, electricity-ceptoar", error.Message);
    }

    [Fact]
    public void Unseal_NonRecipientUsingARecipientsName_CannotDecrypt()
    {
        var (outer, _, _) = _kit.Seal(Bank);
        var thief = SealingTestKit.NewNode("bank-ceptoar");

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(SealingTestKit.Parse(outer), thief.NodeId, thief.PrivateKey));

        Assert.Equal(SealingFailure.KeyMismatch, error.Failure);
        Assert.Contains(Bank.Recipient.KeyId, error.Message);
        Assert.Contains(thief.Recipient.KeyId, error.Message);
    }

    [Fact]
    public void Unseal_WrongKeyWithoutKeyIdHint_AuthenticationFails()
    {
        var (outer, _, _) = _kit.Seal(Bank);
        var sealedItem = SealingTestKit.Parse(outer);
        sealedItem.Keys[0].RecipientKeyId = string.Empty;
        var thief = SealingTestKit.NewNode("bank-ceptoar");

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(sealedItem, thief.NodeId, thief.PrivateKey));

        Assert.Equal(SealingFailure.AuthenticationFailed, error.Failure);
        Assert.Contains("wrapped key for node 'bank-ceptoar'", error.Message);
    }

    [Fact]
    public void Unseal_OtherRecipientsPrivateKey_Fails()
    {
        var (outer, _, _) = _kit.Seal(Bank, Electricity);

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(SealingTestKit.Parse(outer), Bank.NodeId, Electricity.PrivateKey));

        Assert.Equal(SealingFailure.KeyMismatch, error.Failure);
    }

    [Fact]
    public void Seal_OuterEnvelope_DoesNotContainPlaintext()
    {
        var (outer, inner, _) = _kit.Seal(Bank, Electricity);

        // The inner envelope does hold the marker, so its absence from the outer bytes means something.
        Assert.True(SealingTestKit.Contains(inner.ToByteArray(), SealingTestKit.Marker));
        Assert.False(SealingTestKit.Contains(outer.ToByteArray(), SealingTestKit.Marker));
        Assert.False(SealingTestKit.Contains(outer.ToByteArray(), "標的型攻撃"));
    }

    [Fact]
    public void Seal_SameItemTwice_DifferentNoncesCiphertextsAndWrappedKeys()
    {
        var first = SealingTestKit.Parse(_kit.Seal(Bank).Outer);
        var second = SealingTestKit.Parse(_kit.Seal(Bank).Outer);

        Assert.Equal(first.Header, second.Header);
        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        Assert.NotEqual(first.Keys[0].EphemeralPublicKey, second.Keys[0].EphemeralPublicKey);
        Assert.NotEqual(first.Keys[0].WrappedKey_, second.Keys[0].WrappedKey_);
    }

    [Fact]
    public void Seal_SeveralRecipients_FreshEphemeralKeyForEach()
    {
        var sealedItem = SealingTestKit.Parse(_kit.Seal(Bank, Electricity, Council).Outer);

        Assert.Equal(3, sealedItem.Keys.Select(key => key.EphemeralPublicKey).Distinct().Count());
        Assert.Equal([Bank.Recipient.KeyId, Electricity.Recipient.KeyId, Council.Recipient.KeyId], sealedItem.Keys.Select(key => key.RecipientKeyId));
    }

    [Fact]
    public void Seal_SignAndSealOverload_RecipientOpensItem()
    {
        var item = SealingTestKit.NewItem();

        var outer = ItemSealer.Seal(_kit.Origin, item, [Bank.Recipient]);

        var (sealedItem, _) = ItemSealer.OpenOuter(_kit.Verifier, outer);
        var (verified, result) = ItemSealer.OpenInner(_kit.Verifier, sealedItem!, Bank.NodeId, Bank.PrivateKey);
        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(item, verified!.Item);
    }

    [Fact]
    public void Seal_NoRecipients_Throws()
    {
        var item = SealingTestKit.NewItem();

        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, item, []));

        Assert.Contains("names no recipient", error.Message);
    }

    [Fact]
    public void Seal_SameRecipientTwice_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, SealingTestKit.NewItem(), [Bank.Recipient, Bank.Recipient]));

        Assert.Contains("'bank-ceptoar' is named twice", error.Message);
    }

    [Fact]
    public void Seal_ItemOfAnotherOrigin_Throws()
    {
        var item = SealingTestKit.NewItem(origin: "council");

        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, item, [Bank.Recipient]));

        Assert.Contains("only the origin seals its own items", error.Message);
    }

    [Fact]
    public void Seal_ItemDiffersFromSignedEnvelope_Throws()
    {
        var inner = ItemEnvelope.Sign(_kit.Origin, SealingTestKit.NewItem());
        var other = SealingTestKit.NewItem(tlp: Tlp.Green);

        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, inner, other, [Bank.Recipient]));

        Assert.Contains("is not the item inside the signed envelope", error.Message);
    }

    [Fact]
    public void Seal_EnvelopeSignedByAnotherKey_Throws()
    {
        var item = SealingTestKit.NewItem();
        var impostor = new EnvelopeSigner(SealingTestKit.OriginNode, Ed25519KeyPair.Generate());
        var inner = ItemEnvelope.Sign(impostor, item);

        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, inner, item, [Bank.Recipient]));

        Assert.Contains("is not an item signed by this node", error.Message);
    }

    [Fact]
    public void Seal_ItemWithoutExpiry_Throws()
    {
        var item = SealingTestKit.NewItem();
        item.ExpiresAt = null;

        var error = Assert.Throws<ArgumentException>(() => ItemSealer.Seal(_kit.Origin, item, [Bank.Recipient]));

        Assert.Contains("no valid expiry", error.Message);
    }

    [Fact]
    public void SealRecipient_WrongKeySizeOrNodeId_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SealRecipient("bank-ceptoar", new byte[31]));
        Assert.Throws<ArgumentException>(() => new SealRecipient("Bank CEPTOAR", new byte[32]));
    }

    [Fact]
    public void SealRecipient_CallerChangesItsBuffer_RecipientKeyUnchanged()
    {
        var key = (byte[])Bank.PublicKey.Clone();
        var recipient = new SealRecipient(Bank.NodeId, key);

        key[0] ^= 0xFF;

        Assert.Equal(Bank.PublicKey, recipient.X25519PublicKey);
    }

    [Fact]
    public void OpenInner_HeaderDescribesAnotherLabel_RefusedAsInvalidContent()
    {
        var item = SealingTestKit.NewItem();
        var inner = ItemEnvelope.Sign(_kit.Origin, item);
        // Only a faulty or malicious origin can produce this (the header is signed by it): the recipient still refuses.
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        header.Tlp = Tlp.Green;
        var sealedItem = ItemSealer.SealBytes(header, inner.ToByteArray(), [Bank.Recipient]);

        var (verified, result) = ItemSealer.OpenInner(_kit.Verifier, sealedItem, Bank.NodeId, Bank.PrivateKey);

        Assert.Null(verified);
        Assert.Equal(EnvelopeFailure.InvalidContent, result.Failure);
        Assert.Contains("TLP label", result.Reason);
        Assert.Equal(_kit.Origin.KeyId, result.Signer!.KeyId);
    }

    [Fact]
    public void OpenInner_InnerEnvelopeNotSignedByKnownKey_RefusedByEnvelopeVerifier()
    {
        var item = SealingTestKit.NewItem();
        var forged = ItemEnvelope.Sign(new EnvelopeSigner(SealingTestKit.OriginNode, Ed25519KeyPair.Generate()), item);
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        var sealedItem = ItemSealer.SealBytes(header, forged.ToByteArray(), [Bank.Recipient]);

        var (verified, result) = ItemSealer.OpenInner(_kit.Verifier, sealedItem, Bank.NodeId, Bank.PrivateKey);

        Assert.Null(verified);
        Assert.Equal(EnvelopeFailure.UnknownSigner, result.Failure);
    }

    [Fact]
    public void Unseal_ContentIsNotAnEnvelope_ThrowsMalformed()
    {
        var header = SealingTestKit.Parse(_kit.Seal(Bank).Outer).Header;
        var sealedItem = ItemSealer.SealBytes(header, [0xFF, 0xFF, 0xFF], [Bank.Recipient]);

        var error = Assert.Throws<SealingException>(() => ItemSealer.Unseal(sealedItem, Bank.NodeId, Bank.PrivateKey));

        Assert.Equal(SealingFailure.Malformed, error.Failure);
        Assert.Contains("not an envelope", error.Message);
    }
}
