using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Descriptors;

/// <summary>
/// The outcome of verifying a node descriptor: when Valid, the descriptor and the keys it binds to its node, each
/// checked against this node's own trusted roots; otherwise a Problem a person can act on and nothing else.
/// </summary>
/// <param name="Signer">The node's current signing key (from its signing certificate).</param>
/// <param name="EncryptionPublicKey">The 32-byte X25519 key of its encryption certificate: what items are sealed to.</param>
/// <param name="TlsCertificate">Its TLS certificate (public part), e.g. to pin the peer; the caller owns and disposes it.</param>
/// <param name="RetiredSigners">Signing keys it used before, with RetiredAt set, so its older items still verify.</param>
public sealed record DescriptorCheck(
    bool Valid,
    string Problem,
    NodeDescriptor? Descriptor,
    SignerKey? Signer,
    byte[]? EncryptionPublicKey,
    X509Certificate2? TlsCertificate,
    IReadOnlyList<SignerKey> RetiredSigners)
{
    /// <summary>Whom to seal items to for this node; null when the descriptor is not valid.</summary>
    public SealRecipient? Recipient => Valid && Descriptor is not null && EncryptionPublicKey is not null
        ? new SealRecipient(Descriptor.NodeId, EncryptionPublicKey)
        : null;

    public static DescriptorCheck Fail(string problem) => new(false, problem, null, null, null, null, []);
}
