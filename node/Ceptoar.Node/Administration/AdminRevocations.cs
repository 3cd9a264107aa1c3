using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The revocation part of the admin API (docs/LIFECYCLE.md §3): staff hand a root-signed list to any node, which takes
/// it as it would from a peer and passes it on; and the flag a kept item carries when its signing key was revoked later.
/// </summary>
internal sealed class AdminRevocations(RevocationBook revocations)
{
    public async Task<RevocationListView> PublishAsync(PublishRevocationsRequest request, CancellationToken cancellationToken)
    {
        if (request.Envelope.IsEmpty)
        {
            throw GrpcErrors.InvalidArgument("envelope", AdministrationText.RevocationListEmpty);
        }

        Envelope envelope;
        try
        {
            envelope = Envelope.Parser.ParseFrom(request.Envelope);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw GrpcErrors.InvalidArgument("envelope", string.Format(CultureInfo.InvariantCulture, AdministrationText.RevocationListUnreadable, e.Message));
        }

        var result = await revocations.AcceptAsync(envelope, "admin", cancellationToken);
        return result.Outcome switch
        {
            RevocationOutcome.Invalid => throw GrpcErrors.InvalidArgument("envelope", string.Format(CultureInfo.InvariantCulture, AdministrationText.RevocationListRefused, result.Problem)),
            RevocationOutcome.Older => throw GrpcErrors.FailedPrecondition(ErrorReasons.RevocationListOlder, string.Format(
                CultureInfo.InvariantCulture, AdministrationText.RevocationListOlder, RevocationListVersion(envelope), result.Held?.Version ?? 0)),
            _ => View(result.Held!, result.Outcome == RevocationOutcome.Accepted),
        };
    }

    /// <summary>The flag of an item signed with keyId, when the list held revokes that key; null otherwise.</summary>
    public KeyRevocationFlag? FlagFor(string keyId)
    {
        var entry = revocations.RevokedKey(keyId);
        return entry is null ? null : new KeyRevocationFlag
        {
            KeyId = keyId,
            RevokedAt = entry.RevokedAt,
            Reason = entry.Reason,
            ListVersion = revocations.Current?.Version ?? 0,
        };
    }

    /// <summary>The status lines of the list held: version 0 when none.</summary>
    public void AddTo(NodeStatus status)
    {
        if (revocations.Current is { } held)
        {
            status.RevocationListVersion = held.Version;
            status.RevocationListIssuedAt = Timestamp.FromDateTimeOffset(held.IssuedAt);
            status.RevocationListEntries = (uint)held.List.Entries.Count;
        }
    }

    private static RevocationListView View(HeldRevocationList held, bool replaced) => new()
    {
        Version = held.Version,
        IssuedAt = Timestamp.FromDateTimeOffset(held.IssuedAt),
        Root = held.Root,
        Certificates = (uint)held.Certificates.Count,
        SigningKeys = (uint)held.SigningKeys.Count,
        Replaced = replaced,
    };

    // Only for the message: the list verified, so its payload parses.
    private static ulong RevocationListVersion(Envelope envelope) => RevocationList.Parser.ParseFrom(envelope.Payload).Version;
}
