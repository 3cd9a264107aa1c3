using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Intake;

/// <summary>The item a member's draft becomes at this node (before rules shape it and the node signs it); the dry run uses the same.</summary>
internal static class DraftItems
{
    public static Item Build(string nodeId, ItemLimits limits, MemberRecord member, ItemDraft draft, DateTimeOffset now)
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
        };

        // The reporting company is named beyond its own node only when the origin's policy allows attribution.
        if (item.Handling.Attribution is Attribution.May or Attribution.Must)
        {
            item.SubmittedBy = new SubmittedBy
            {
                Node = nodeId,
                MemberId = member.MemberId,
                DisplayName = string.IsNullOrEmpty(member.NameEn) ? member.NameJa : member.NameEn,
            };
        }

        return item;
    }
}
