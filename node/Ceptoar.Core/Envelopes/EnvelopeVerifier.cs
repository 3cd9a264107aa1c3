using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Envelopes;

/// <summary>Why an envelope was refused; stable codes for audit and metrics.</summary>
public enum EnvelopeFailure
{
    None = 0,
    TooLarge,
    Malformed,
    NoSignature,
    UnknownSigner,
    BadSignature,
    KeyRevoked,
    KeyRetired,
    UnacceptedPayloadType,
    UnparsablePayload,
    OriginMismatch,
    InvalidContent,
}

/// <summary>The outcome of verification: either the verified signer and payload, or a failure with a reason a person can read.</summary>
/// <remarks>Signer is set once a signature has verified, also on later failures (so audit can name who sent it).</remarks>
public sealed record EnvelopeVerification(EnvelopeFailure Failure, string Reason, SignerKey? Signer)
{
    public bool IsValid => Failure == EnvelopeFailure.None;
}

/// <summary>
/// Verifies before parsing: size check, signer lookup by key id (a hint only), Ed25519 over PAE,
/// then the payload type must be one we accept. Parsing and schema checks come after (see ItemEnvelope).
/// </summary>
public sealed class EnvelopeVerifier
{
    /// <summary>
    /// More signatures than this make an envelope malformed: each known key id costs one Ed25519 verification,
    /// so the count is bounded before any of that work is done.
    /// </summary>
    public const int MaxSignatures = 8;

    // Attacker-chosen strings (key ids, payload types) are cut to this length before they go into a reason.
    private const int MaxEchoedChars = 100;

    private readonly ISignerKeyResolver _resolver;
    private readonly HashSet<string> _acceptedPayloadTypes;
    private readonly int _maxEnvelopeBytes;

    public EnvelopeVerifier(ISignerKeyResolver resolver, IReadOnlySet<string> acceptedPayloadTypes, int maxEnvelopeBytes)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(acceptedPayloadTypes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEnvelopeBytes);
        _resolver = resolver;
        // Copied with an ordinal comparer: payload types are compared byte for byte, whatever set the caller passed.
        _acceptedPayloadTypes = new HashSet<string>(acceptedPayloadTypes, StringComparer.Ordinal);
        _maxEnvelopeBytes = maxEnvelopeBytes;
    }

    public EnvelopeVerification Verify(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);

        var size = envelope.CalculateSize();
        if (size > _maxEnvelopeBytes)
        {
            return Refuse(EnvelopeFailure.TooLarge,
                $"the envelope is {size} bytes, over this node's limit of {_maxEnvelopeBytes} bytes; the sender must make the item smaller (link large content instead of embedding it)");
        }

        var signatures = envelope.Signatures;
        if (signatures.Count == 0)
        {
            return Refuse(EnvelopeFailure.NoSignature, "the envelope has no signature; its origin node must sign it with its signing key");
        }

        if (signatures.Count > MaxSignatures)
        {
            return Refuse(EnvelopeFailure.Malformed, $"the envelope has {signatures.Count} signatures, more than the {MaxSignatures} allowed");
        }

        for (var i = 0; i < signatures.Count; i++)
        {
            if (signatures[i].Sig.Length != Ed25519KeyPair.SignatureSize)
            {
                return Refuse(EnvelopeFailure.Malformed,
                    $"signature {i + 1} is {signatures[i].Sig.Length} bytes; an Ed25519 signature is {Ed25519KeyPair.SignatureSize} bytes");
            }
        }

        byte[]? pae = null;
        SignerKey? firstKnown = null;
        SignerKey? signer = null;
        foreach (var signature in signatures)
        {
            // The key id only picks a candidate key; the signature check below is what binds the envelope to it.
            var key = _resolver.Resolve(signature.KeyId);
            if (key is null)
            {
                continue;
            }

            firstKnown ??= key;
            pae ??= Pae.Encode(envelope.PayloadType, envelope.Payload.Span);
            if (Ed25519KeyPair.Verify(key.PublicKey, pae, signature.Sig.Span))
            {
                signer = key;
                break;
            }
        }

        if (signer is null)
        {
            return firstKnown is null
                ? Refuse(EnvelopeFailure.UnknownSigner,
                    $"no known signing key has id {Echo(signatures[0].KeyId)}; the origin's node descriptor (with its signing certificate) must reach this node first")
                : Refuse(EnvelopeFailure.BadSignature,
                    $"the signature does not verify with the key {Echo(firstKnown.KeyId)}; the envelope was altered or signed with another key");
        }

        if (!_acceptedPayloadTypes.Contains(envelope.PayloadType))
        {
            return new EnvelopeVerification(EnvelopeFailure.UnacceptedPayloadType,
                $"payload type {Echo(envelope.PayloadType)} is not accepted here; accepted: {string.Join(", ", _acceptedPayloadTypes.Order(StringComparer.Ordinal))}",
                signer);
        }

        return new EnvelopeVerification(EnvelopeFailure.None, string.Empty, signer);
    }

    private static EnvelopeVerification Refuse(EnvelopeFailure failure, string reason) => new(failure, reason, null);

    private static string Echo(string value) =>
        value.Length <= MaxEchoedChars ? $"'{value}'" : $"'{value[..MaxEchoedChars]}…' ({value.Length} characters)";
}
