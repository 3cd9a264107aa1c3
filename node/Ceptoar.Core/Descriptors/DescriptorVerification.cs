using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Core.Descriptors;

/// <summary>Verifying node descriptors, wherever they came from.</summary>
public static partial class NodeDescriptors
{
    /// <summary>
    /// Verifies a descriptor envelope against this node's trusted roots. A descriptor relayed by a hub is checked
    /// exactly like one received from the node itself: the hub is trusted for nothing.
    /// </summary>
    /// <remarks>
    /// The signer's key travels inside the payload it signs, so "verify before parse" takes this order:
    /// 1. size limit and payload type (no parsing yet);
    /// 2. parse, and read ONLY signing_certificate_pem: nothing else of the unverified payload is used;
    /// 3. that certificate must chain to one of OUR roots, be within validity now, name one node and hold an Ed25519 key;
    /// 4. the envelope signature must verify with that certificate's key (EnvelopeVerifier with a one-key resolver, so
    ///    the signature's key_id must be that key's id);
    /// 5. only now is the payload the node's own statement, and its content is checked: node_id equals the
    ///    certificate's node; role set; issued_at before valid_until, valid_until after now, issued_at not beyond the
    ///    clock-skew tolerance and the validity within the longest a node signs (TimePolicy); the TLS (ECDSA P-256) and
    ///    encryption (X25519) certificates chain to our roots, are valid now and name the same node; the role is the
    ///    one all three certificates certify (NodeRoles: no role certified means secretariat only); each retired
    ///    signing certificate chains to our roots at its own notBefore (it may have expired since) and names the node.
    /// </remarks>
    public static DescriptorCheck Verify(Envelope envelope, TrustBundle trust, DateTimeOffset now, TimePolicy time)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(time);

        var size = envelope.CalculateSize();
        if (size > MaxDescriptorBytes)
        {
            return DescriptorCheck.Fail($"the descriptor envelope is {size} bytes, over the {MaxDescriptorBytes}-byte limit; its node must publish a smaller descriptor");
        }

        if (envelope.PayloadType != PayloadTypes.Descriptor)
        {
            return DescriptorCheck.Fail($"the envelope holds {SealedItemRules.Echo(envelope.PayloadType)}, not a node descriptor ({PayloadTypes.Descriptor})");
        }

        NodeDescriptor unverified;
        try
        {
            unverified = NodeDescriptor.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return DescriptorCheck.Fail($"the payload is not a node descriptor ({e.Message})");
        }

        using var signingCertificate = ReadCertificate(unverified.SigningCertificatePem, "signing", out var problem);
        if (signingCertificate is null)
        {
            return DescriptorCheck.Fail(problem!);
        }

        var signingCheck = trust.Check(signingCertificate, now);
        if (!signingCheck.Valid)
        {
            return DescriptorCheck.Fail($"the descriptor's signing certificate is not trusted: {signingCheck.Problem}");
        }

        if (signingCertificate.PublicKey.Oid.Value != NodeCertificateKeys.Ed25519Oid)
        {
            return DescriptorCheck.Fail($"the descriptor's signing certificate (node '{signingCheck.NodeId}') holds a {NodeCertificateKeys.DescribeKey(signingCertificate)} key, not an Ed25519 signing key");
        }

        var signer = NodeCertificateKeys.SignerKeyOf(signingCertificate);
        var verification = new EnvelopeVerifier(new InMemorySignerKeyResolver(signer), new HashSet<string> { PayloadTypes.Descriptor }, MaxDescriptorBytes).Verify(envelope);
        if (!verification.IsValid)
        {
            return DescriptorCheck.Fail(SignatureProblem(verification, signer));
        }

        // From here on the payload is what node `signer.NodeId` signed.
        var descriptor = unverified;
        problem = ContentProblem(descriptor, signer.NodeId, now, time) ?? RoleProblem(descriptor, signingCertificate, "signing");
        if (problem is not null)
        {
            return DescriptorCheck.Fail(problem);
        }

        var tls = ReadNodeCertificate(descriptor.TlsCertificatePem, "TLS", descriptor.NodeId, trust, now, out problem);
        if (tls is not null && !NodeCertificateKeys.IsP256(tls))
        {
            problem = $"the TLS certificate of node '{descriptor.NodeId}' holds a {NodeCertificateKeys.DescribeKey(tls)} key, not ECDSA P-256";
        }

        problem ??= tls is null ? null : RoleProblem(descriptor, tls, "TLS");

        byte[]? encryptionKey = null;
        if (problem is null)
        {
            using var encryption = ReadNodeCertificate(descriptor.EncryptionCertificatePem, "encryption", descriptor.NodeId, trust, now, out problem);
            if (encryption is not null)
            {
                encryptionKey = encryption.PublicKey.Oid.Value == NodeCertificateKeys.X25519Oid ? NodeCertificateKeys.X25519PublicKeyOf(encryption) : null;
                problem = encryptionKey is null
                    ? $"the encryption certificate of node '{descriptor.NodeId}' holds a {NodeCertificateKeys.DescribeKey(encryption)} key, not X25519"
                    : RoleProblem(descriptor, encryption, "encryption");
            }
        }

        var retired = problem is null ? RetiredSigners(descriptor, signer, trust, out problem) : [];
        if (problem is not null)
        {
            tls?.Dispose();
            return DescriptorCheck.Fail(problem);
        }

        return new DescriptorCheck(true, string.Empty, descriptor, signer, encryptionKey, tls, retired);
    }

    private static string SignatureProblem(EnvelopeVerification verification, SignerKey signer) => verification.Failure switch
    {
        EnvelopeFailure.UnknownSigner =>
            $"the descriptor of node '{signer.NodeId}' is not signed by the key of the signing certificate it carries ({signer.KeyId}); "
            + "the node must sign its descriptor with that certificate's key",
        EnvelopeFailure.BadSignature =>
            $"the signature of the descriptor of node '{signer.NodeId}' does not verify with its signing certificate: it was altered after signing, or signed with another key",
        _ => $"the descriptor of node '{signer.NodeId}' is refused: {verification.Reason}",
    };

    private static string? ContentProblem(NodeDescriptor descriptor, string signerNode, DateTimeOffset now, TimePolicy time)
    {
        if (descriptor.NodeId != signerNode)
        {
            return $"the descriptor claims node id {SealedItemRules.Echo(descriptor.NodeId)} but is signed with the key of node '{signerNode}'; a node may only publish its own descriptor";
        }

        if (descriptor.Role == NodeRole.Unspecified || !System.Enum.IsDefined(descriptor.Role))
        {
            return $"the descriptor of node '{signerNode}' has no known role; it must say secretariat, council, nisc, ministry or agency";
        }

        var issuedAt = TimePolicy.TimeOf(descriptor.IssuedAt);
        var validUntil = TimePolicy.TimeOf(descriptor.ValidUntil);
        if (issuedAt is null || validUntil is null)
        {
            return $"the descriptor of node '{signerNode}' lacks a valid issued_at or valid_until; its node must sign a complete descriptor";
        }

        if (validUntil <= issuedAt)
        {
            return $"the descriptor of node '{signerNode}' is valid until {validUntil:u}, before it was issued ({issuedAt:u})";
        }

        return validUntil <= now
            ? $"the descriptor of node '{signerNode}' expired at {validUntil:u}; its node must publish a fresh one (or this machine's clock is wrong)"
            : time.DescriptorProblem(signerNode, issuedAt.Value, validUntil.Value, now);
    }

    /// <summary>The role a descriptor claims must be the one its certificates certify (see <see cref="NodeRoles"/>).</summary>
    private static string? RoleProblem(NodeDescriptor descriptor, X509Certificate2 certificate, string what) =>
        NodeRoles.Mismatch(descriptor.Role, certificate, what) is { } mismatch
            ? $"the descriptor of node '{descriptor.NodeId}' claims the role '{NodeRoles.Name(descriptor.Role)}', refused: {mismatch}"
            : null;

    private static IReadOnlyList<SignerKey> RetiredSigners(NodeDescriptor descriptor, SignerKey current, TrustBundle trust, out string? problem)
    {
        problem = null;
        if (descriptor.RetiredSigningKeys.Count > MaxRetiredSigningKeys)
        {
            problem = $"the descriptor of node '{descriptor.NodeId}' lists {descriptor.RetiredSigningKeys.Count} retired signing keys, more than the {MaxRetiredSigningKeys} allowed";
            return [];
        }

        var keys = new List<SignerKey>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { current.KeyId };
        for (var i = 0; i < descriptor.RetiredSigningKeys.Count; i++)
        {
            var entry = descriptor.RetiredSigningKeys[i];
            var what = $"retired signing key {i + 1}";
            using var certificate = ReadCertificate(entry.SigningCertificatePem, what, out problem);
            if (certificate is null)
            {
                return [];
            }

            // Checked when it was issued, not now: a retired key's certificate may have expired since, and items it
            // signed before its retirement must still verify.
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
            var check = trust.Check(certificate, notBefore);
            problem = !check.Valid ? $"{what} of node '{descriptor.NodeId}' is not trusted: {check.Problem}"
                : check.NodeId != descriptor.NodeId ? $"{what} belongs to node '{check.NodeId}', not to '{descriptor.NodeId}'"
                : certificate.PublicKey.Oid.Value != NodeCertificateKeys.Ed25519Oid ? $"{what} of node '{descriptor.NodeId}' holds a {NodeCertificateKeys.DescribeKey(certificate)} key, not Ed25519"
                : TimePolicy.TimeOf(entry.RetiredAt) is null ? $"{what} of node '{descriptor.NodeId}' has no valid retired_at"
                : null;
            if (problem is not null)
            {
                return [];
            }

            var key = NodeCertificateKeys.SignerKeyOf(certificate) with { RetiredAt = TimePolicy.TimeOf(entry.RetiredAt) };
            if (!seen.Add(key.KeyId))
            {
                problem = $"{what} of node '{descriptor.NodeId}' ({key.KeyId}) is its current key or is listed twice";
                return [];
            }

            keys.Add(key);
        }

        return keys;
    }

    /// <summary>A certificate that chains to our roots at now and names nodeId; null with a problem otherwise.</summary>
    private static X509Certificate2? ReadNodeCertificate(string pem, string what, string nodeId, TrustBundle trust, DateTimeOffset now, out string? problem)
    {
        var certificate = ReadCertificate(pem, what, out problem);
        if (certificate is null)
        {
            return null;
        }

        var check = trust.Check(certificate, now);
        problem = !check.Valid ? $"the {what} certificate in the descriptor of node '{nodeId}' is not trusted: {check.Problem}"
            : check.NodeId != nodeId ? $"the {what} certificate in the descriptor of node '{nodeId}' belongs to node '{check.NodeId}'; a node publishes only its own certificates"
            : null;
        if (problem is null)
        {
            return certificate;
        }

        certificate.Dispose();
        return null;
    }

    private static X509Certificate2? ReadCertificate(string pem, string what, out string? problem)
    {
        problem = null;
        if (pem.Length == 0)
        {
            problem = $"the descriptor has no {what} certificate; its node must publish a complete descriptor";
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            problem = $"the descriptor's {what} certificate is not a PEM certificate ({e.Message})";
            return null;
        }
    }
}
