using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>
/// What makes a revocation valid (docs/LIFECYCLE.md §1): a revocation carries the id of another item and a reason, and no
/// other kind carries revocation fields; a correction names the items it supersedes only when it is member content. That
/// the named item's origin is the revocation's own is checked against the stored item at every node (it is not in the
/// item). Pure.
/// </summary>
internal static class RevocationRules
{
    public const int MaxReasonChars = 2_000;

    public static void Check(Violations violations, string prefix, Item item)
    {
        var path = prefix + ".revocation";
        if (item.Kind != ItemKind.Revocation)
        {
            if (item.Revocation is not null)
            {
                violations.Add(path, new(nameof(ItemsText.RevocationOnOtherKind)));
            }

            return;
        }

        if (item.Revocation is not { } revocation)
        {
            violations.Add(path, new(nameof(ItemsText.RevocationMissing)));
            return;
        }

        if (!UuidV7.IsValid(revocation.ItemId))
        {
            violations.Add(path + ".item_id", new(nameof(ItemsText.RevocationItemIdInvalid)));
        }
        else if (revocation.ItemId == item.Id)
        {
            violations.Add(path + ".item_id", new(nameof(ItemsText.RevocationOfItself)));
        }

        TextRules.Check(violations, path + ".reason", new(nameof(ItemsText.LabelRevocationReason)), revocation.Reason, MaxReasonChars, required: true);
        if (item.References is { Supersedes.Count: > 0 })
        {
            violations.Add(prefix + ".references.supersedes", new(nameof(ItemsText.RevocationSupersedes)));
        }
    }
}
