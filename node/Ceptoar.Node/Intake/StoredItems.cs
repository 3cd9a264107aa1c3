using Ceptoar.Core.Policy;
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
}
