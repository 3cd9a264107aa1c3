using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Intake;

/// <summary>The item a draft (a member's or staff's) becomes at this node (before rules shape it and the node signs it); the dry run uses the same.</summary>
internal static class DraftItems
{
    public static Item Build(string nodeId, ItemLimits limits, Submitter submitter, ItemDraft draft, DateTimeOffset now)
    {
        var expires = draft.ExpiresAt?.ToDateTimeOffset() ?? now + limits.DefaultLifetime;
        var item = new Item
        {
            Id = UuidV7.NewId(),
            OriginNode = nodeId,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(expires),
            Tlp = draft.Tlp,
            Kind = draft.Kind,
            Exercise = draft.Exercise,
            Language = string.IsNullOrEmpty(draft.Language) ? "ja" : draft.Language,
            Audience = draft.Audience ?? new Audience(),
            Handling = draft.Handling ?? new HandlingPolicy(),
            Body = draft.Body,
            References = draft.References ?? new References(),
            Voluntary = draft.Voluntary,
            SuspectedTerrorism = draft.SuspectedTerrorism,
        };

        // The submitter (a member company, or the secretariat and its staff person) is named beyond this node only when the
        // draft allows attribution; unstated is read as must-not (item.proto).
        var named = item.Handling.Attribution is Attribution.May or Attribution.Must;
        if (named)
        {
            item.SubmittedBy = new SubmittedBy
            {
                Node = nodeId,
                MemberId = submitter.IsStaff ? "" : submitter.Id,
                DisplayName = submitter.DisplayName,
            };
        }

        return item;
    }
}

/// <summary>
/// An item this node makes itself: an exercise item (a drill, a scenario, an inject, a result; docs/DRILLS.md) or real
/// work of the node (a mode change, a late-report reminder; docs/MODES.md §4, §5): a fresh id, this node as origin,
/// created now, default handling, written in Japanese. The caller fills in the kind's own fields; the item then takes the
/// one intake path (SubmissionService.SubmitNodeItemAsync).
/// </summary>
internal static class NodeMadeItems
{
    /// <summary>Real work, never an exercise.</summary>
    public static Item Operational(string nodeId, DateTimeOffset now, Timestamp expiresAt, ItemKind kind, Tlp tlp, Audience audience, Body body)
    {
        var item = Exercise(nodeId, now, expiresAt, kind, tlp, audience, body);
        item.Exercise = false;
        return item;
    }

    public static Item Exercise(string nodeId, DateTimeOffset now, Timestamp expiresAt, ItemKind kind, Tlp tlp, Audience audience, Body body) => new()
    {
        Id = UuidV7.NewId(),
        OriginNode = nodeId,
        CreatedAt = Timestamp.FromDateTimeOffset(now),
        ExpiresAt = expiresAt,
        Tlp = tlp,
        Kind = kind,
        Exercise = true,
        Language = "ja",
        Audience = audience,
        Handling = new HandlingPolicy(),
        Body = body,
    };
}
