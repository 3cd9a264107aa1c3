using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Intake;

/// <summary>One way to turn a verified item into the row the store keeps, whether a member submitted it here or a peer delivered it.</summary>
internal static class StoredItems
{
    public static NewItem From(Item item, byte[] envelope, MemberDelivery delivery, string? submittedByMember, DateTimeOffset? retainUntil = null)
    {
        var body = item.Body;
        var searchText = string.Join('\n', new[] { body.Title, body.Summary, body.What }.Concat(body.Indicators.Select(i => i.Value))).ToLowerInvariant();
        return new NewItem(item.Id, item.OriginNode, item.Kind, item.Tlp, item.Exercise, body.Title, searchText, [.. item.Audience.Sectors],
            item.CreatedAt.ToDateTimeOffset(), item.ExpiresAt.ToDateTimeOffset(), submittedByMember, envelope, delivery, RetainUntil: retainUntil);
    }

    /// <summary>
    /// The row of a sealed item this node only relays: a hub keeps the ciphertext and the header, with no title, no
    /// searchable text and no member delivery.
    /// </summary>
    public static NewItem FromSealedHeader(RoutingHeader header, byte[] envelope, DateTimeOffset now) =>
        new(header.ItemId, header.OriginNode, header.Kind, header.Tlp, header.Exercise, "", "", [],
            header.CreatedAt.ToDateTimeOffset(), header.ExpiresAt.ToDateTimeOffset(), null, envelope, MemberDelivery.None, Sealed: true,
            RetainUntil: now.AddDays(RuleSet.DefaultRetentionDays));
}

/// <summary>Which item kinds are content for members: the kinds members submit, and drills (docs/DRILLS.md §3); the federation's other kinds never reach a member feed.</summary>
internal static class FederationKinds
{
    public static bool IsMemberContent(ItemKind kind) => kind == ItemKind.Drill || ItemValidator.MemberKinds.Contains(kind);
}
