using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Tests.Protocol;

public sealed class EnvelopeVerifierTests
{
    private static readonly byte[] BitMasks = [0x01, 0x10, 0x80];

    private readonly EnvelopeTestKit _kit = new();

    private Envelope SignedItem() => ItemEnvelope.Sign(_kit.Signer, EnvelopeTestKit.NewItem());

    [Fact]
    public void Verify_SignedEnvelope_ValidWithSigner()
    {
        var result = _kit.Verifier.Verify(SignedItem());

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(EnvelopeFailure.None, result.Failure);
        Assert.Equal(_kit.Signer.KeyId, result.Signer?.KeyId);
        Assert.Equal(EnvelopeTestKit.OriginNode, result.Signer?.NodeId);
    }

    [Fact]
    public void Verify_AnyPayloadByteFlipped_BadSignature()
    {
        var envelope = SignedItem();
        Assert.True(envelope.Payload.Length > 100);

        for (var i = 0; i < envelope.Payload.Length; i++)
        {
            foreach (var mask in BitMasks)
            {
                var altered = envelope.Clone();
                altered.Payload = EnvelopeTestKit.FlipBit(envelope.Payload, i, mask);

                var result = _kit.Verifier.Verify(altered);

                Assert.True(result.Failure == EnvelopeFailure.BadSignature, $"payload byte {i} mask {mask:x2}: {result.Failure}");
            }
        }
    }

    [Fact]
    public void Verify_AnyPayloadTypeCharacterFlipped_BadSignature()
    {
        var envelope = SignedItem();

        for (var i = 0; i < envelope.PayloadType.Length; i++)
        {
            // Masks that keep the type printable ASCII (0x20 also swaps letter case: types are case-sensitive).
            foreach (var mask in new[] { 0x01, 0x02, 0x20 })
            {
                var chars = envelope.PayloadType.ToCharArray();
                chars[i] = (char)(chars[i] ^ mask);
                var altered = envelope.Clone();
                altered.PayloadType = new string(chars);

                var result = _kit.Verifier.Verify(altered);

                Assert.True(result.Failure == EnvelopeFailure.BadSignature, $"type character {i} mask {mask:x2}: {result.Failure}");
            }
        }
    }

    [Fact]
    public void Verify_AnySignatureByteFlipped_BadSignature()
    {
        var envelope = SignedItem();
        var signature = envelope.Signatures[0].Sig;

        for (var i = 0; i < signature.Length; i++)
        {
            foreach (var mask in BitMasks)
            {
                var altered = envelope.Clone();
                altered.Signatures[0].Sig = EnvelopeTestKit.FlipBit(signature, i, mask);

                var result = _kit.Verifier.Verify(altered);

                Assert.True(result.Failure == EnvelopeFailure.BadSignature, $"signature byte {i} mask {mask:x2}: {result.Failure}");
            }
        }
    }

    [Fact]
    public void Verify_PayloadTruncatedOrExtended_BadSignature()
    {
        var envelope = SignedItem();
        var truncated = envelope.Clone();
        truncated.Payload = ByteString.CopyFrom(envelope.Payload.Span[..^1]);
        var extended = envelope.Clone();
        extended.Payload = ByteString.CopyFrom([.. envelope.Payload.Span, 0]);

        Assert.Equal(EnvelopeFailure.BadSignature, _kit.Verifier.Verify(truncated).Failure);
        Assert.Equal(EnvelopeFailure.BadSignature, _kit.Verifier.Verify(extended).Failure);
    }

    [Fact]
    public void Verify_UnacceptedTypeSignedOverGarbage_UnacceptedPayloadTypeNotUnparsable()
    {
        // 0x0F is field 1 with wire type 7, which does not exist: no protobuf parser accepts these bytes.
        var garbage = ByteString.CopyFrom(0x0F, 0xFF, 0xFF);
        var unaccepted = _kit.Signer.Sign("application/x-unknown", garbage);

        var verified = _kit.Verifier.Verify(unaccepted);
        var (item, opened) = ItemEnvelope.Open(_kit.Verifier, unaccepted);

        Assert.Equal(EnvelopeFailure.UnacceptedPayloadType, verified.Failure);
        Assert.Equal(_kit.Signer.KeyId, verified.Signer?.KeyId);
        Assert.Null(item);
        Assert.Equal(EnvelopeFailure.UnacceptedPayloadType, opened.Failure);
        // The same bytes under the item type do reach the parser and fail there: the type check above came first.
        Assert.Equal(EnvelopeFailure.UnparsablePayload, ItemEnvelope.Open(_kit.Verifier, _kit.Signer.Sign(PayloadTypes.Item, garbage)).Result.Failure);
    }

    [Fact]
    public void Verify_UnacceptedTypeBadlySigned_BadSignature()
    {
        var envelope = _kit.Signer.Sign("application/x-unknown", ByteString.CopyFrom(0x0F, 0xFF));
        envelope.Signatures[0].Sig = EnvelopeTestKit.FlipBit(envelope.Signatures[0].Sig, 10, 0x01);

        var result = _kit.Verifier.Verify(envelope);

        Assert.Equal(EnvelopeFailure.BadSignature, result.Failure);
        Assert.Null(result.Signer);
    }

    [Fact]
    public void Verify_UnknownKeyId_UnknownSigner()
    {
        var stranger = new EnvelopeSigner("stranger", Ed25519KeyPair.Generate());

        var result = _kit.Verifier.Verify(ItemEnvelope.Sign(stranger, EnvelopeTestKit.NewItem("stranger")));

        Assert.Equal(EnvelopeFailure.UnknownSigner, result.Failure);
        Assert.Contains(stranger.KeyId, result.Reason);
    }

    [Fact]
    public void Verify_UnknownKeyIdAndUnacceptedType_UnknownSigner()
    {
        var stranger = new EnvelopeSigner("stranger", Ed25519KeyPair.Generate());

        Assert.Equal(EnvelopeFailure.UnknownSigner, _kit.Verifier.Verify(stranger.Sign("application/x-unknown", ByteString.Empty)).Failure);
    }

    [Fact]
    public void Verify_KnownKeyIdClaimedByAnotherKey_BadSignature()
    {
        // An impostor puts the real node's key id on its own signature: the key id is only a hint.
        var impostorKey = Ed25519KeyPair.Generate();
        var envelope = SignedItem();
        envelope.Signatures[0].Sig = ByteString.CopyFrom(impostorKey.Sign(Pae.Encode(envelope.PayloadType, envelope.Payload.Span)));

        Assert.Equal(EnvelopeFailure.BadSignature, _kit.Verifier.Verify(envelope).Failure);
    }

    [Fact]
    public void Verify_OneByteOverLimit_TooLarge()
    {
        var envelope = SignedItem();
        var size = envelope.CalculateSize();

        Assert.Equal(EnvelopeFailure.TooLarge, _kit.NewVerifier(size - 1).Verify(envelope).Failure);
        Assert.True(_kit.NewVerifier(size).Verify(envelope).IsValid);
    }

    [Fact]
    public void Verify_OversizeAndUnsigned_TooLargeFirst()
    {
        var envelope = new Envelope { PayloadType = PayloadTypes.Item, Payload = ByteString.CopyFrom(new byte[2048]) };

        Assert.Equal(EnvelopeFailure.TooLarge, _kit.NewVerifier(1024).Verify(envelope).Failure);
    }

    [Fact]
    public void Verify_NoSignature_NoSignature()
    {
        var envelope = SignedItem();
        envelope.Signatures.Clear();

        Assert.Equal(EnvelopeFailure.NoSignature, _kit.Verifier.Verify(envelope).Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(63)]
    [InlineData(65)]
    public void Verify_SignatureNot64Bytes_Malformed(int length)
    {
        var envelope = SignedItem();
        envelope.Signatures[0].Sig = ByteString.CopyFrom(new byte[length]);

        Assert.Equal(EnvelopeFailure.Malformed, _kit.Verifier.Verify(envelope).Failure);
    }

    [Fact]
    public void Verify_MoreThanMaxSignatures_Malformed()
    {
        var envelope = SignedItem();
        for (var i = 0; i < EnvelopeVerifier.MaxSignatures; i++)
        {
            envelope.Signatures.Add(envelope.Signatures[0].Clone());
        }

        Assert.Equal(EnvelopeFailure.Malformed, _kit.Verifier.Verify(envelope).Failure);
    }

    [Fact]
    public void Verify_SeveralSignaturesOneGood_ValidWithTheGoodKey()
    {
        var envelope = SignedItem();
        var good = envelope.Signatures[0];
        var bad = good.Clone();
        bad.Sig = EnvelopeTestKit.FlipBit(good.Sig, 0, 0x01);
        var unknown = new Signature { KeyId = "stranger/0000000000000000", Sig = ByteString.CopyFrom(new byte[64]) };
        envelope.Signatures.Clear();
        envelope.Signatures.Add([unknown, bad, good]);

        var result = _kit.Verifier.Verify(envelope);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(_kit.Signer.KeyId, result.Signer?.KeyId);
    }

    [Fact]
    public void Verify_AcceptedSetIgnoringCase_StillComparesTypesExactly()
    {
        var verifier = new EnvelopeVerifier(_kit.Resolver, new HashSet<string>(StringComparer.OrdinalIgnoreCase) { PayloadTypes.Item }, EnvelopeTestKit.MaxEnvelopeBytes);

        var result = verifier.Verify(_kit.Signer.Sign(PayloadTypes.Item.ToUpperInvariant(), EnvelopeTestKit.NewItem().ToByteString()));

        Assert.Equal(EnvelopeFailure.UnacceptedPayloadType, result.Failure);
    }

    [Fact]
    public void Verify_HugeKeyId_ReasonStaysShort()
    {
        var envelope = SignedItem();
        envelope.Signatures[0].KeyId = new string('k', 10_000);

        var result = _kit.Verifier.Verify(envelope);

        Assert.Equal(EnvelopeFailure.UnknownSigner, result.Failure);
        Assert.True(result.Reason.Length < 400, result.Reason);
    }
}
