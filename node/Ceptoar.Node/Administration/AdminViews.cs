using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>Store records to admin API messages.</summary>
internal static class AdminViews
{
    public static Member Member(MemberRecord record)
    {
        var member = new Member
        {
            MemberId = record.MemberId,
            NameJa = record.NameJa,
            NameEn = record.NameEn,
            Sector = record.Sector,
            ContactEmail = record.ContactEmail,
            Language = record.Language,
            Disabled = record.Disabled,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            DisabledReason = record.DisabledReason ?? "",
        };
        member.Tags.AddRange(record.Tags);
        if (record.DisabledAt is { } at)
        {
            member.DisabledAt = Timestamp.FromDateTimeOffset(at);
        }

        return member;
    }

    public static ApiKeyInfo Key(ApiKeyRecord record)
    {
        var key = new ApiKeyInfo
        {
            KeyId = record.KeyId,
            MemberId = record.MemberId,
            Label = record.Label,
            CreatedAt = Timestamp.FromDateTimeOffset(record.CreatedAt),
            Revoked = record.Revoked,
            RevokedReason = record.RevokedReason ?? "",
        };
        if (record.RevokedAt is { } at)
        {
            key.RevokedAt = Timestamp.FromDateTimeOffset(at);
        }

        return key;
    }

    public static AdminItemSummary Summary(StoredItem item) => new()
    {
        ItemId = item.ItemId,
        Cursor = (ulong)item.Seq,
        OriginNode = item.OriginNode,
        Kind = item.Kind,
        Tlp = item.Tlp,
        Exercise = item.Exercise,
        // A revoked item's body is served nowhere, its title included (docs/LIFECYCLE.md §1).
        Title = item.Withdrawn is { IsRevoked: true } ? "" : item.Title,
        CreatedAt = Timestamp.FromDateTimeOffset(item.CreatedAt),
        ReceivedAt = Timestamp.FromDateTimeOffset(item.ReceivedAt),
        SubmittedByMember = item.SubmittedByMember ?? "",
        Sealed = item.Sealed,
        Withdrawn = Members.ItemViews.Withdrawal(item.Withdrawn),
    };

    public static AuditEntry Audit(AuditEntryRecord entry) => new()
    {
        Seq = (ulong)entry.Seq,
        At = Timestamp.FromDateTimeOffset(entry.At),
        Actor = entry.Actor,
        Action = entry.Action,
        Subject = entry.Subject,
        Outcome = entry.Outcome,
        Detail = entry.Detail,
        PrevHash = entry.PrevHash,
        Hash = entry.Hash,
    };
}
