using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Protocol;

/// <summary>A verified and parsed item together with the envelope it came in.</summary>
public sealed record VerifiedItem(Item Item, Envelope Envelope, SignerKey Signer);

/// <summary>Signs items into envelopes and opens item envelopes in the required order: verify, then parse, then check.</summary>
public static class ItemEnvelope
{
    /// <summary>Serialises and signs an item.</summary>
    public static Envelope Sign(EnvelopeSigner signer, Item item) => throw new NotImplementedException();

    /// <summary>
    /// Verifies the envelope (EnvelopeVerifier), parses the Item, and checks the origin node equals the signer's node
    /// and that the item was created before the key's retirement/revocation.
    /// </summary>
    public static (VerifiedItem? Item, EnvelopeVerification Result) Open(EnvelopeVerifier verifier, Envelope envelope) => throw new NotImplementedException();
}
