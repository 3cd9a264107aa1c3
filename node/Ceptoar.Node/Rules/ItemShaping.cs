using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Rules;

/// <summary>
/// The changes this node may make to an item it originates, before it signs it: what a handling rule asks, and what the
/// secretariat does when it edits a held item. A received item is signed by its origin and is never changed here.
/// </summary>
internal static class ItemShaping
{
    /// <summary>
    /// Applies a rule's decision: a raised label, stripped attribution, obfuscated affected parties, and the standing copies
    /// the label and the member's consent allow, added to the audience so this node signs them with the item (docs/MODES.md §2).
    /// </summary>
    public static void Shape(Item item, RuleDecision decision)
    {
        item.Tlp = decision.Label;
        CopyTargets.Apply(item.Audience ??= new Audience(), decision.Copies);
        if (decision.Attribution == AttributionAction.Strip)
        {
            StripAttribution(item);
        }

        if (decision.ObfuscateAffectedParties && item.Body.Affected.Count > 0)
        {
            var count = item.Body.Affected.Count;
            item.Body.Affected.Clear();
            item.Body.Affected.Add($"{count} affected part{(count == 1 ? "y" : "ies")} (names withheld by the reporting secretariat)");
            item.Handling.ObfuscateAffectedParties = true;
        }
    }

    /// <summary>The reporting member is no longer named, and the item says it must not be.</summary>
    public static void StripAttribution(Item item)
    {
        item.SubmittedBy = null;
        item.Handling.Attribution = Attribution.MustNot;
    }

    /// <summary>Raises the label, never lowers it (Tlp values are ordered CLEAR &lt; GREEN &lt; AMBER &lt; AMBER+STRICT &lt; RED).</summary>
    public static void RaiseLabel(Item item, Tlp label)
    {
        if (label > item.Tlp)
        {
            item.Tlp = label;
        }
    }
}
