using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Protocol;

public sealed class ItemEnvelopeTests
{
    private static readonly DateTimeOffset Cutoff = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly EnvelopeTestKit _kit = new();

    [Fact]
    public void Open_SignedItem_SameItemAndUntouchedEnvelope()
    {
        var item = EnvelopeTestKit.NewItem();
        var envelope = ItemEnvelope.Sign(_kit.Signer, item);

        var (verified, result) = ItemEnvelope.Open(_kit.Verifier, envelope);

        Assert.True(result.IsValid, result.Reason);
        Assert.NotNull(verified);
        Assert.Equal(item, verified.Item);
        Assert.Same(envelope, verified.Envelope);
        Assert.Equal(_kit.Signer.KeyId, verified.Signer.KeyId);
        Assert.Equal(PayloadTypes.Item, envelope.PayloadType);
        Assert.Equal(item.ToByteString(), envelope.Payload);
    }

    [Fact]
    public void Open_ItemClaimsAnotherOrigin_OriginMismatch()
    {
        var (verified, result) = ItemEnvelope.Open(_kit.Verifier, ItemEnvelope.Sign(_kit.Signer, EnvelopeTestKit.NewItem("council")));

        Assert.Null(verified);
        Assert.Equal(EnvelopeFailure.OriginMismatch, result.Failure);
        Assert.Contains("council", result.Reason);
    }

    [Theory]
    [InlineData(-1, EnvelopeFailure.None)]
    [InlineData(0, EnvelopeFailure.KeyRevoked)]
    [InlineData(1, EnvelopeFailure.KeyRevoked)]
    public void Open_RevokedKey_RefusesItemsCreatedFromRevocation(int secondsAfterRevocation, EnvelopeFailure expected)
    {
        _kit.Resolver.Add(_kit.Signer.AsSignerKey() with { RevokedAt = Cutoff });
        var item = EnvelopeTestKit.NewItem(createdAt: Cutoff.AddSeconds(secondsAfterRevocation));

        var (_, result) = ItemEnvelope.Open(_kit.Verifier, ItemEnvelope.Sign(_kit.Signer, item));

        Assert.Equal(expected, result.Failure);
    }

    [Theory]
    [InlineData(-1, EnvelopeFailure.None)]
    [InlineData(0, EnvelopeFailure.KeyRetired)]
    [InlineData(3600, EnvelopeFailure.KeyRetired)]
    public void Open_RetiredKey_RefusesItemsCreatedFromRetirement(int secondsAfterRetirement, EnvelopeFailure expected)
    {
        _kit.Resolver.Add(_kit.Signer.AsSignerKey() with { RetiredAt = Cutoff });
        var item = EnvelopeTestKit.NewItem(createdAt: Cutoff.AddSeconds(secondsAfterRetirement));

        var (_, result) = ItemEnvelope.Open(_kit.Verifier, ItemEnvelope.Sign(_kit.Signer, item));

        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public void Open_RevokedKeyItemWithoutCreationTime_KeyRevoked()
    {
        _kit.Resolver.Add(_kit.Signer.AsSignerKey() with { RevokedAt = Cutoff });
        var item = EnvelopeTestKit.NewItem();
        item.CreatedAt = null;

        Assert.Equal(EnvelopeFailure.KeyRevoked, ItemEnvelope.Open(_kit.Verifier, ItemEnvelope.Sign(_kit.Signer, item)).Result.Failure);
    }

    [Fact]
    public void Open_ReceiptEnvelopeTheVerifierAccepts_UnacceptedPayloadType()
    {
        var receipt = _kit.Signer.Sign(PayloadTypes.Receipt, ByteString.Empty);

        var (verified, result) = ItemEnvelope.Open(_kit.Verifier, receipt);

        Assert.True(_kit.Verifier.Verify(receipt).IsValid);
        Assert.Null(verified);
        Assert.Equal(EnvelopeFailure.UnacceptedPayloadType, result.Failure);
    }

    [Fact]
    public void Open_BadSignature_NoItem()
    {
        var envelope = ItemEnvelope.Sign(_kit.Signer, EnvelopeTestKit.NewItem());
        envelope.Payload = EnvelopeTestKit.FlipBit(envelope.Payload, 5, 0x04);

        var (verified, result) = ItemEnvelope.Open(_kit.Verifier, envelope);

        Assert.Null(verified);
        Assert.Equal(EnvelopeFailure.BadSignature, result.Failure);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
    }

    [Fact]
    public void Open_AfterWireRoundTrip_StillVerifies()
    {
        // What a relay does: parse the envelope and serialise it again; the payload bytes travel unchanged.
        var envelope = ItemEnvelope.Sign(_kit.Signer, EnvelopeTestKit.NewItem());

        var relayed = Envelope.Parser.ParseFrom(envelope.ToByteArray());

        Assert.True(ItemEnvelope.Open(_kit.Verifier, relayed).Result.IsValid);
    }
}
