using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Descriptors;

/// <summary>Signs this node's descriptor and verifies any node's descriptor against this node's own trusted roots (docs/PROTOCOL.md §8).</summary>
public static partial class NodeDescriptors
{
    /// <summary>Larger descriptor envelopes are refused before any work (three certificates and a few retired keys fit in a few KiB).</summary>
    public const int MaxDescriptorBytes = 64 * 1024;

    /// <summary>More retired signing keys than this make a descriptor malformed: each costs a certificate chain check.</summary>
    public const int MaxRetiredSigningKeys = 16;

    /// <summary>
    /// Signs descriptor with the node's signing key (payload type PayloadTypes.Descriptor). The caller's message is not
    /// changed: a copy gets node_id, the TLS/signing/encryption certificate PEMs from credentials where empty, and
    /// issued_at (now, or the clock) if unset. Throws ArgumentException for a descriptor no node would accept.
    /// </summary>
    public static Envelope Sign(NodeCredentials credentials, NodeDescriptor descriptor, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(descriptor);

        var filled = descriptor.Clone();
        if (filled.NodeId.Length == 0)
        {
            filled.NodeId = credentials.NodeId;
        }
        else if (filled.NodeId != credentials.NodeId)
        {
            throw new ArgumentException($"the descriptor is for node '{filled.NodeId}' but these credentials are node '{credentials.NodeId}'; a node signs only its own descriptor", nameof(descriptor));
        }

        if (filled.SigningCertificatePem.Length == 0)
        {
            filled.SigningCertificatePem = PemFiles.CertificatePem(credentials.SigningCertificate.RawData);
        }
        else if (!IsSameCertificate(filled.SigningCertificatePem, credentials.SigningCertificate))
        {
            // Every node checks the signature with the certificate in the descriptor, so any other one makes it unverifiable.
            throw new ArgumentException("the descriptor carries a signing certificate other than this node's; leave signing_certificate_pem empty to use the node's own", nameof(descriptor));
        }

        if (filled.TlsCertificatePem.Length == 0)
        {
            filled.TlsCertificatePem = PemFiles.CertificatePem(credentials.TlsCertificate.RawData);
        }

        if (filled.EncryptionCertificatePem.Length == 0)
        {
            filled.EncryptionCertificatePem = PemFiles.CertificatePem(credentials.EncryptionCertificate.RawData);
        }

        filled.IssuedAt ??= Timestamp.FromDateTimeOffset(now ?? DateTimeOffset.UtcNow);
        if (filled.Role == NodeRole.Unspecified || !System.Enum.IsDefined(filled.Role))
        {
            throw new ArgumentException("the descriptor has no role; set secretariat, council, nisc, ministry or agency", nameof(descriptor));
        }

        if (filled.ValidUntil is null || filled.ValidUntil.CompareTo(filled.IssuedAt) <= 0)
        {
            throw new ArgumentException("the descriptor needs a valid_until after its issued_at; peers refuse it once valid_until has passed", nameof(descriptor));
        }

        var envelope = credentials.CreateEnvelopeSigner().Sign(PayloadTypes.Descriptor, filled.ToByteString());
        var size = envelope.CalculateSize();
        return size <= MaxDescriptorBytes
            ? envelope
            : throw new ArgumentException($"the signed descriptor is {size} bytes; peers refuse descriptor envelopes over {MaxDescriptorBytes} bytes — list fewer retired keys or endpoints", nameof(descriptor));
    }

    private static bool IsSameCertificate(string pem, X509Certificate2 certificate)
    {
        try
        {
            using var parsed = X509Certificate2.CreateFromPem(pem);
            return parsed.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
