using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Storage;

/// <summary>An item as stored: the envelope bytes exactly as signed/received plus the columns queries need.</summary>
public sealed record StoredItem(
    long Seq,
    string ItemId,
    string OriginNode,
    ItemKind Kind,
    Tlp Tlp,
    bool Exercise,
    string Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset ReceivedAt,
    string? SubmittedByMember,
    byte[] EnvelopeBytes,
    bool Sealed = false,
    ItemWithdrawal? Withdrawn = null);

/// <summary>The tombstone of a revoked item, or the mark of a superseded one (docs/LIFECYCLE.md §1).</summary>
/// <param name="State">"revoked" or "superseded".</param>
/// <param name="ByItemId">The revocation's id, or the correction's.</param>
/// <param name="Reason">The origin's reason; empty where this node only relayed the revocation sealed.</param>
public sealed record ItemWithdrawal(string ItemId, string OriginNode, string State, string ByItemId, string Reason, DateTimeOffset At)
{
    public const string Revoked = "revoked";
    public const string Superseded = "superseded";

    public bool IsRevoked => State == Revoked;
}

/// <summary>An item to store. Sectors are the audience's sector codes (for the sector filter); SearchText is what text search matches.</summary>
public sealed record NewItem(
    string ItemId,
    string OriginNode,
    ItemKind Kind,
    Tlp Tlp,
    bool Exercise,
    string Title,
    string SearchText,
    IReadOnlyList<string> Sectors,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    string? SubmittedByMember,
    byte[] EnvelopeBytes,
    MemberDelivery Delivery,
    bool Sealed = false,
    DateTimeOffset? RetainUntil = null);

/// <summary>The member a member-facing query runs as: its own submissions plus what is delivered to it.</summary>
public sealed record MemberViewer(string MemberId, string Sector);

/// <summary>Filters for listing items. BeforeSeq pages newest-first: items with Seq &lt; BeforeSeq.</summary>
public sealed record ItemQuery
{
    public IReadOnlyList<ItemKind> Kinds { get; init; } = [];
    public IReadOnlyList<Tlp> Labels { get; init; } = [];
    public string? Sector { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedTo { get; init; }
    public string? Text { get; init; }

    /// <summary>An indicator value matched as one whole line of the search text (case-insensitive): a pre-filter, callers confirm on the item.</summary>
    public string? Indicator { get; init; }

    public bool ExcludeExercise { get; init; }
    public string? OriginNode { get; init; }
    public string? SubmittedByMember { get; init; }
    public long? BeforeSeq { get; init; }
    public int Limit { get; init; } = 50;
}

/// <summary>The answer to a submission: the stored item's id and seq; Duplicate when the client_request_id was seen before.</summary>
public sealed record SubmitOutcome(string ItemId, long Seq, DateTimeOffset CreatedAt, bool Duplicate);

/// <summary>The answer to an acknowledgement: the first acknowledgement time is kept.</summary>
public sealed record AckOutcome(DateTimeOffset AcknowledgedAt, bool AlreadyAcknowledged);

/// <summary>A member company of this node.</summary>
public sealed record MemberRecord(
    string MemberId,
    string NameJa,
    string NameEn,
    string Sector,
    IReadOnlyList<string> Tags,
    string ContactEmail,
    DateTimeOffset CreatedAt,
    bool Disabled = false,
    DateTimeOffset? DisabledAt = null,
    string? DisabledReason = null,
    string Language = MemberRecord.English)
{
    public const string English = "en";
    public const string Japanese = "ja";

    /// <summary>The languages a member may be answered in when its call does not say (accept-language).</summary>
    public static bool IsLanguage(string value) => value is English or Japanese;
}

/// <summary>An API key's public record; the secret itself is never stored, only its SHA-256.</summary>
public sealed record ApiKeyRecord(
    string KeyId,
    string MemberId,
    string Label,
    DateTimeOffset CreatedAt,
    bool Revoked = false,
    DateTimeOffset? RevokedAt = null,
    string? RevokedReason = null);

/// <summary>What the node knows of a presented API key: its key record and its member (either may be disabled/revoked).</summary>
public sealed record ApiKeyLookup(ApiKeyRecord Key, MemberRecord Member);

/// <summary>An audit entry to append. Actor: "member:&lt;id&gt;", "admin", "peer:&lt;node&gt;", "node".</summary>
public sealed record AuditRecord(string Actor, string Action, string Subject, string Outcome, string Detail = "");

/// <summary>An audit entry as stored, with its place in the hash chain.</summary>
public sealed record AuditEntryRecord(long Seq, DateTimeOffset At, string Actor, string Action, string Subject, string Outcome, string Detail, string PrevHash, string Hash);

/// <summary>The result of walking the audit hash chain.</summary>
public sealed record AuditVerification(bool Valid, long EntriesChecked, long FirstBadSeq, string Problem);

/// <summary>Counts for the node status.</summary>
/// <param name="Items">Real items only; drills and exercises are <paramref name="ExerciseItems"/> (docs/DRILLS.md §6).</param>
public sealed record StoreCounts(long Items, long Members, long AuditEntries, long LastSeq, long DatabaseBytes, long ExerciseItems = 0);
