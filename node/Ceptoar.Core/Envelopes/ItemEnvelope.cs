using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Envelopes;

/// <summary>A verified and parsed item together with the envelope it came in.</summary>
public sealed record VerifiedItem(Item Item, Envelope Envelope, SignerKey Signer);

/// <summary>Signs items into envelopes and opens item envelopes in the required order: verify, then parse, then check.</summary>
public static class ItemEnvelope
{
    /// <summary>Serialises and signs an item.</summary>
    public static Envelope Sign(EnvelopeSigner signer, Item item)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(item);
        // Serialised once: these exact bytes are signed and forwarded, never re-serialised (protobuf is not canonical).
        return signer.Sign(PayloadTypes.Item, item.ToByteString());
    }

    /// <summary>
    /// Verifies the envelope (EnvelopeVerifier), parses the Item, and checks the origin node equals the signer's node
    /// and that the item was created before the key's retirement/revocation.
    /// </summary>
    public static (VerifiedItem? Item, EnvelopeVerification Result) Open(EnvelopeVerifier verifier, Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(envelope);

        var result = verifier.Verify(envelope);
        if (!result.IsValid)
        {
            return (null, result);
        }

        var signer = result.Signer!;
        if (envelope.PayloadType != PayloadTypes.Item)
        {
            return Refuse(EnvelopeFailure.UnacceptedPayloadType, $"the envelope holds '{envelope.PayloadType}', not an item ({PayloadTypes.Item})", signer);
        }

        Item item;
        try
        {
            item = Item.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return Refuse(EnvelopeFailure.UnparsablePayload, $"the signed payload is not a valid item: {e.Message}", signer);
        }

        if (item.OriginNode != signer.NodeId)
        {
            return Refuse(EnvelopeFailure.OriginMismatch,
                $"the item names origin node '{item.OriginNode}' but is signed by node '{signer.NodeId}'; a node may only sign its own items", signer);
        }

        // An item without a usable creation time cannot prove it predates a revocation or retirement, so it is refused.
        var createdAt = CreatedAt(item);
        if (signer.RevokedAt is { } revokedAt && (createdAt is null || createdAt >= revokedAt))
        {
            return Refuse(EnvelopeFailure.KeyRevoked,
                $"key '{signer.KeyId}' was revoked at {revokedAt:O} and the item was created {Describe(createdAt)}; the origin must re-issue it with its current key", signer);
        }

        if (signer.RetiredAt is { } retiredAt && (createdAt is null || createdAt >= retiredAt))
        {
            return Refuse(EnvelopeFailure.KeyRetired,
                $"key '{signer.KeyId}' was retired at {retiredAt:O} and the item was created {Describe(createdAt)}; the origin must sign new items with its current key", signer);
        }

        return (new VerifiedItem(item, envelope, signer), result);
    }

    private static (VerifiedItem?, EnvelopeVerification) Refuse(EnvelopeFailure failure, string reason, SignerKey signer) =>
        (null, new EnvelopeVerification(failure, reason, signer));

    private static DateTimeOffset? CreatedAt(Item item)
    {
        if (item.CreatedAt is null)
        {
            return null;
        }

        try
        {
            return item.CreatedAt.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            // Seconds or nanos out of the Timestamp range.
            return null;
        }
    }

    private static string Describe(DateTimeOffset? createdAt) => createdAt is { } at ? $"at {at:O}" : "at no valid time";
}
