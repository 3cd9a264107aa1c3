using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Pki;

/// <summary>The outcome of verifying a revocation list: the list and the root that signed it, or a problem a person can act on.</summary>
public sealed record RevocationListCheck(bool Valid, string Problem, RevocationList? List, X509Certificate2? Root)
{
    public static RevocationListCheck Fail(string problem) => new(false, problem, null, null);
}

/// <summary>
/// The federation's revocation list (revocation.proto): signed by a federation root over DSSE PAE with its ECDSA P-256
/// key, verified against the verifier's own roots whoever relayed it (docs/LIFECYCLE.md §3).
/// </summary>
public static partial class RevocationLists
{
    public const string PayloadType = "application/vnd.ceptoar.revocations.v1+protobuf";

    /// <summary>The largest signed list a node takes; its most entries with the longest reasons fit, and it fits in a Hello within the default Limits:MaxRequestBytes.</summary>
    public const int MaxEnvelopeBytes = 256 * 1024;

    public const int MaxEntries = 500;

    public const int MaxReasonChars = 200;

    private const string KeyIdPrefix = "root:";

    /// <summary>The key id a root signs with: "root:" and the lower-case hex SHA-256 of its certificate.</summary>
    public static string KeyIdOf(X509Certificate2 root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return KeyIdPrefix + Convert.ToHexStringLower(SHA256.HashData(root.RawData));
    }

    /// <summary>The next version of a list: the earlier entries and one more, issued now.</summary>
    /// <exception cref="ArgumentException">The entry is malformed, or its subject is already revoked.</exception>
    public static RevocationList Next(RevocationList? previous, RevocationEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var next = new RevocationList { Version = (previous?.Version ?? 0) + 1, IssuedAt = Timestamp.FromDateTimeOffset(now) };
        if (previous is not null)
        {
            next.Entries.AddRange(previous.Entries);
        }

        if (next.Entries.Any(e => SubjectOf(e) == SubjectOf(entry)))
        {
            throw new ArgumentException($"{SubjectOf(entry)} is already revoked in version {previous!.Version} of the list; a subject is revoked once");
        }

        next.Entries.Add(entry);
        var problem = ContentProblem(next, now, TimeSpan.Zero);
        return problem is null ? next : throw new ArgumentException(problem);
    }

    /// <summary>Signs a list with the root's key into an envelope.</summary>
    public static Envelope Sign(FederationCa root, RevocationList list)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(list);
        var payload = list.ToByteString();
        var signature = root.SignData(Pae.Encode(PayloadType, payload.Span));
        return new Envelope
        {
            PayloadType = PayloadType,
            Payload = payload,
            Signatures = { new Signature { KeyId = KeyIdOf(root.Certificate), Sig = ByteString.CopyFrom(signature) } },
        };
    }

    /// <summary>Verifies before parsing: size, type, a trusted root's signature; then the content.</summary>
    public static RevocationListCheck Verify(Envelope envelope, TrustBundle trust, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(trust);
        var size = envelope.CalculateSize();
        if (size > MaxEnvelopeBytes)
        {
            return RevocationListCheck.Fail($"the revocation list is {size} bytes, over the {MaxEnvelopeBytes} allowed");
        }

        if (envelope.PayloadType != PayloadType)
        {
            return RevocationListCheck.Fail($"the envelope holds '{Cut(envelope.PayloadType)}', not a revocation list ({PayloadType})");
        }

        if (envelope.Signatures.Count != 1)
        {
            return RevocationListCheck.Fail($"a revocation list carries exactly one signature, by a federation root; this one has {envelope.Signatures.Count}");
        }

        var signature = envelope.Signatures[0];
        var root = trust.Roots.FirstOrDefault(r => KeyIdOf(r) == signature.KeyId);
        if (root is null)
        {
            return RevocationListCheck.Fail(
                $"the revocation list is signed by '{Cut(signature.KeyId)}', which is none of this node's trusted roots; only a federation root this node trusts may revoke");
        }

        using (var key = root.GetECDsaPublicKey())
        {
            var pae = Pae.Encode(envelope.PayloadType, envelope.Payload.Span);
            if (key is null || !key.VerifyData(pae, signature.Sig.Span, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return RevocationListCheck.Fail($"the revocation list's signature does not verify with the key of root '{root.Subject}'; it was altered or signed with another key");
            }
        }

        if (now < root.NotBefore.ToUniversalTime() || now > root.NotAfter.ToUniversalTime())
        {
            return RevocationListCheck.Fail($"root '{root.Subject}' that signed the revocation list is not valid at {now:u}");
        }

        RevocationList list;
        try
        {
            list = RevocationList.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            return RevocationListCheck.Fail($"the signed payload is not a valid revocation list: {e.Message}");
        }

        var problem = ContentProblem(list, now, maxClockSkew);
        return problem is null ? new RevocationListCheck(true, string.Empty, list, root) : RevocationListCheck.Fail(problem);
    }

    /// <summary>What the entry revokes, as it is shown and compared: "certificate &lt;thumbprint&gt;" or "signing key &lt;key id&gt;".</summary>
    public static string SubjectOf(RevocationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.SubjectCase switch
        {
            RevocationEntry.SubjectOneofCase.CertificateThumbprint => "certificate " + entry.CertificateThumbprint,
            RevocationEntry.SubjectOneofCase.SigningKeyId => "signing key " + entry.SigningKeyId,
            _ => "nothing",
        };
    }

    private static string? ContentProblem(RevocationList list, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        if (list.Version is 0 or > long.MaxValue)
        {
            return $"the revocation list has version {list.Version}; versions start at 1 and stay below 2^63";
        }

        if (Time(list.IssuedAt) is not { } issued)
        {
            return "the revocation list has no valid issued_at";
        }

        if (issued - now > maxClockSkew)
        {
            return $"the revocation list was issued at {issued:u}, ahead of this node's clock ({now:u}) beyond the {maxClockSkew.TotalSeconds:N0} s tolerated; the signer's clock is wrong";
        }

        if (list.Entries.Count > MaxEntries)
        {
            return $"the revocation list has {list.Entries.Count} entries, more than the {MaxEntries} allowed";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Entries.Count; i++)
        {
            var problem = EntryProblem(list.Entries[i], issued);
            if (problem is null && !seen.Add(SubjectOf(list.Entries[i])))
            {
                problem = "it repeats an earlier entry's subject";
            }

            if (problem is not null)
            {
                return $"entry {i + 1} of the revocation list: {problem}";
            }
        }

        return null;
    }

    private static string? EntryProblem(RevocationEntry entry, DateTimeOffset issued)
    {
        switch (entry.SubjectCase)
        {
            case RevocationEntry.SubjectOneofCase.CertificateThumbprint when !Thumbprint().IsMatch(entry.CertificateThumbprint):
                return $"certificate_thumbprint '{Cut(entry.CertificateThumbprint)}' is not 64 lower-case hex digits (the SHA-256 `ceptoar-admin pki show` prints)";
            case RevocationEntry.SubjectOneofCase.SigningKeyId when !IsKeyId(entry.SigningKeyId):
                return $"signing_key_id '{Cut(entry.SigningKeyId)}' is not a signing key id (<node-id>/<16 hex digits>)";
            case RevocationEntry.SubjectOneofCase.None:
                return "it names neither a certificate_thumbprint nor a signing_key_id";
            default:
                break;
        }

        if (string.IsNullOrWhiteSpace(entry.Reason) || entry.Reason.Length > MaxReasonChars || entry.Reason.Any(char.IsControl))
        {
            return $"reason must be 1 to {MaxReasonChars} characters without control characters";
        }

        if (Time(entry.RevokedAt) is not { } at)
        {
            return "revoked_at is missing or not a valid time";
        }

        return at > issued ? $"revoked_at {at:u} is after the list's issued_at {issued:u}; a list revokes from now or from a time past" : null;
    }

    private static bool IsKeyId(string keyId)
    {
        var slash = keyId.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && NodeUri.IsValidNodeId(keyId[..slash]) && KeyFingerprint().IsMatch(keyId[(slash + 1)..]);
    }

    private static DateTimeOffset? Time(Timestamp? timestamp)
    {
        // The range protobuf's Timestamp allows (0001-01-01 to 9999-12-31); outside it ToDateTimeOffset throws.
        if (timestamp is null || timestamp.Seconds < -62_135_596_800 || timestamp.Seconds > 253_402_300_799 || timestamp.Nanos is < 0 or > 999_999_999)
        {
            return null;
        }

        return timestamp.ToDateTimeOffset();
    }

    private static string Cut(string value) => value.Length <= 100 ? value : value[..100] + "…";

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Thumbprint();

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex KeyFingerprint();
}
