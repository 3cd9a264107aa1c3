using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>A rule before the one that fired, with the first of its conditions the item failed.</summary>
public sealed record RuleMiss(string RuleName, ConditionResult FailedCondition);

/// <summary>A rule's wish the label did not allow: the action ("deliver", "forward", ...) and why it was narrowed.</summary>
public sealed record RuleClamp(string Action, string Reason);

/// <summary>
/// What the node does with an item: the rule that fired and why, and the effective outcome after clamping every wish
/// against TLP. Delivery and Forward describe what happens once the item is released; while <see cref="Hold"/> is set,
/// nothing is forwarded and no other member sees it (<see cref="ForwardBeforeApproval"/>, <see cref="DeliveryBeforeApproval"/>).
/// </summary>
public sealed record RuleDecision
{
    public required HandlingRule Rule { get; init; }

    /// <summary>No rule of the set matched: the built-in default (<see cref="RuleSet.BuiltInDefault"/>) fired.</summary>
    public required bool IsBuiltInDefault { get; init; }

    /// <summary>The fired rule's conditions, each explained (empty for a rule without conditions).</summary>
    public required IReadOnlyList<ConditionResult> Matched { get; init; }

    /// <summary>The rules before it, in order, each with the first condition that failed.</summary>
    public required IReadOnlyList<RuleMiss> Skipped { get; init; }

    /// <summary>How the item reached the node (from the subject).</summary>
    public required RuleDirection Direction { get; init; }

    /// <summary>The label the item carries.</summary>
    public required Tlp OriginalLabel { get; init; }

    /// <summary>The label the node handles it under: never lower than <see cref="OriginalLabel"/>.</summary>
    public required Tlp Label { get; init; }

    public required EffectiveDelivery Delivery { get; init; }

    public required ForwardRestriction Forward { get; init; }

    public required AttributionAction Attribution { get; init; }

    public required bool ObfuscateAffectedParties { get; init; }

    /// <summary>Held for secretariat approval before it leaves the node or reaches other members.</summary>
    public required bool Hold { get; init; }

    public required int RetentionDays { get; init; }

    /// <summary>Every wish of the rule that was narrowed to what the label allows, with the reason.</summary>
    public required IReadOnlyList<RuleClamp> Clamps { get; init; }

    /// <summary>What became of each copy target of the fired rule (docs/MODES.md §2); empty for a received item or a rule without copy=.</summary>
    public IReadOnlyList<CopyOutcome> Copies { get; init; } = [];

    public bool LabelRaised => Label != OriginalLabel;

    /// <summary>What may be forwarded now: nothing while held.</summary>
    public ForwardRestriction ForwardBeforeApproval => Hold ? ForwardRestriction.Nothing : Forward;

    /// <summary>Who may see it now (besides its submitter): nobody while held.</summary>
    public EffectiveDelivery DeliveryBeforeApproval => Hold ? EffectiveDelivery.None : Delivery;

    /// <summary>The dry run in words: which rule fired and why, why the rules before it did not, and what would happen.</summary>
    public IReadOnlyList<string> Describe()
    {
        var lines = new List<string>();
        foreach (var miss in Skipped)
        {
            lines.Add($"rule {miss.RuleName}: no match, {miss.FailedCondition.Explanation}");
        }

        var fired = IsBuiltInDefault
            ? $"no rule matched: the built-in default {Rule.Name} applies ({Rule.Description})"
            : $"rule {Rule.Name} fires" + (Rule.Description.Length > 0 ? $" ({Rule.Description})" : "");
        lines.Add(fired);
        lines.Add(Matched.Count == 0
            ? "  because it has no conditions: it matches every item"
            : "  because " + string.Join("; ", Matched.Select(m => m.Explanation)));
        lines.Add(LabelRaised
            ? $"label: raised from {TlpTransport.Name(OriginalLabel)} to {TlpTransport.Name(Label)}"
            : $"label: {RuleNames.Label(Label).ToUpperInvariant()} (unchanged)");
        var after = Hold ? " once approved" : "";
        var own = Direction == RuleDirection.Submitted ? " (the submitting member always sees its own item)" : "";
        lines.Add($"members: {Delivery}{after}{own}");
        lines.Add($"forward: {Forward}{after}");
        lines.Add($"attribution: {(Attribution == AttributionAction.Keep ? "keep (the reporting member may be named)" : "strip (the reporting member is not named)")}");
        lines.Add($"obfuscate affected parties: {RuleNames.YesNo(ObfuscateAffectedParties)}");
        lines.Add(Hold
            ? "hold: yes, the secretariat must approve it before it is forwarded or shown to other members"
            : "hold: no");
        lines.Add($"retain: {RetentionDays} days");
        var applied = Copies.Where(c => c.Applied).Select(c => c.Shown).ToList();
        if (applied.Count > 0)
        {
            lines.Add($"copies: {string.Join(", ", applied)}{after}");
        }

        lines.AddRange(Copies.Where(c => c.Result == CopyResult.AlreadyAddressed).Select(c => $"copy not needed: {c.Shown}: {c.Reason}"));
        lines.AddRange(Copies.Where(c => c.Refused).Select(c => $"copy refused: {c.Shown}: {c.Reason}"));
        lines.AddRange(Clamps.Select(c => $"clamped {c.Action}: {c.Reason}"));
        return lines;
    }
}
