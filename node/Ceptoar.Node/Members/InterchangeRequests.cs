using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Google.Protobuf.Collections;

namespace Ceptoar.Node.Members;

/// <summary>The checks an Export or Import request gets before any item is read, shared by the member and admin APIs.</summary>
internal static class InterchangeRequests
{
    /// <summary>The format named, or InvalidArgument naming "format" and the two it may be.</summary>
    public static InterchangeFormat Format(InterchangeFormat format) =>
        format is InterchangeFormat.Stix or InterchangeFormat.Misp ? format : throw GrpcErrors.InvalidArgument("format", MembersText.InterchangeFormatMissing);

    /// <summary>1 to <paramref name="max"/> valid item ids, repeats dropped (first kept), or InvalidArgument naming the field.</summary>
    public static IReadOnlyList<string> ItemIds(RepeatedField<string> itemIds, int max)
    {
        if (itemIds.Count == 0 || itemIds.Count > max)
        {
            throw GrpcErrors.InvalidArgument("item_ids", string.Format(CultureInfo.InvariantCulture, MembersText.ExportItemCount, max, itemIds.Count));
        }

        for (var i = 0; i < itemIds.Count; i++)
        {
            if (!UuidV7.IsValid(itemIds[i]))
            {
                throw GrpcErrors.InvalidArgument($"item_ids[{i}]", MembersText.ItemIdInvalid);
            }
        }

        return [.. itemIds.Distinct(StringComparer.Ordinal)];
    }
}
