using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Protocol;

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
    public EnvelopeVerifier(ISignerKeyResolver resolver, IReadOnlySet<string> acceptedPayloadTypes, int maxEnvelopeBytes) => throw new NotImplementedException();

    public EnvelopeVerification Verify(Envelope envelope) => throw new NotImplementedException();
}
