using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>What became of one standing copy for one item (docs/MODES.md §2).</summary>
public enum CopyResult
{
    /// <summary>Added to the item's audience before this node signs it.</summary>
    Applied = 1,

    /// <summary>The audience already reaches that recipient (the member named it, or CLEAR/GREEN to the whole federation): nothing to add.</summary>
    AlreadyAddressed = 2,

    /// <summary>AMBER, and the draft does not say accept_copies.</summary>
    ConsentNeeded = 3,

    /// <summary>AMBER+STRICT or RED (or no TLP 2.0 label): only the recipients the member named.</summary>
    LabelForbids = 4,

    /// <summary>A crime-damage report goes only to the incident-handling nodes the member chose.</summary>
    CrimeDamage = 5,

    /// <summary>sector-ministry, and the submitter has no sector.</summary>
    NoSector = 6,
}

/// <summary>One copy target of the fired rule and what became of it; <see cref="Label"/> is the label it was judged under.</summary>
public sealed record CopyOutcome(string Target, CopyResult Result, Tlp Label, string Sector = "")
{
    public bool Applied => Result == CopyResult.Applied;

    public bool Refused => Result is not (CopyResult.Applied or CopyResult.AlreadyAddressed);

    /// <summary>The target as people read it: "sector-ministry (finance)" names the sector it stood for.</summary>
    public string Shown => Target == CopyTargets.SectorMinistry && Sector.Length > 0 ? $"{Target} ({Sector})" : Target;

    /// <summary>Why it was refused or not needed, in English (dry run, audit, logs); empty when applied.</summary>
    public string Reason => Result switch
    {
        CopyResult.Applied => "",
        CopyResult.AlreadyAddressed => "the audience already reaches it",
        CopyResult.ConsentNeeded => $"TLP:{TlpTransport.Name(Label)} needs the member's consent (accept_copies)",
        CopyResult.LabelForbids => TlpTransport.IsKnown(Label)
            ? $"TLP:{TlpTransport.Name(Label)} goes only to the recipients the member named: never copied"
            : "the item has no TLP 2.0 label: never copied",
        CopyResult.CrimeDamage => "a crime-damage report goes only to the incident-handling nodes the member chose: never copied",
        _ => "the submitter has no sector, so no sector ministry is known",
    };
}

/// <summary>
/// The targets of the <c>copy=</c> action and the gate that decides, per item, which of them are added to its audience.
/// Pure. Copies never widen beyond the label and the reporter's will (docs/MODES.md §2, docs/TLP.md §5): CLEAR and GREEN
/// apply; AMBER only with the draft's accept_copies (TLP:AMBER lets a recipient share only inside its organisation, so
/// passing it on is the reporter's call); AMBER+STRICT and RED never; a crime-damage report never.
/// </summary>
public static class CopyTargets
{
    public const string Nisc = "nisc";
    public const string SectorMinistry = "sector-ministry";
    public const string RolePrefix = "role:";
    public const string NodePrefix = "node:";

    public const string Help = "write a comma list of nisc, sector-ministry, role:ROLE and node:NODE-ID, e.g. copy=nisc,sector-ministry,role:disaster-management";

    /// <summary>Null when the written target is well-formed, else what is wrong and what to write (node ids are checked by the caller).</summary>
    public static string? Problem(string target)
    {
        if (target is Nisc or SectorMinistry)
        {
            return null;
        }

        if (target.StartsWith(RolePrefix, StringComparison.Ordinal))
        {
            var role = target[RolePrefix.Length..];
            return RoleNames.Parse(role) != NodeRole.Unspecified
                ? null
                : $"'{role}' is not a node role{RuleValues.Suggest(role, RoleNames.All)}: roles are {string.Join(", ", RoleNames.All)}";
        }

        if (target.StartsWith(NodePrefix, StringComparison.Ordinal))
        {
            return RuleValues.NodeId(target[NodePrefix.Length..]);
        }

        return $"'{target}' is not a copy target{RuleValues.Suggest(target, [Nisc, SectorMinistry, RolePrefix, NodePrefix])}: {Help}";
    }

    /// <summary>The node id of a node:ID target; null for any other target.</summary>
    public static string? NodeOf(string target) => target.StartsWith(NodePrefix, StringComparison.Ordinal) ? target[NodePrefix.Length..] : null;

    /// <summary>The role a target names by certification: nisc, or role:ROLE; null for sector-ministry and node:ID.</summary>
    public static string? RoleOf(string target) =>
        target == Nisc ? Nisc : target.StartsWith(RolePrefix, StringComparison.Ordinal) ? target[RolePrefix.Length..] : null;

    /// <summary>
    /// What each target of the fired rule does to this item. Only items submitted here are copied, before this node signs
    /// them; <paramref name="label"/> is the label after any raise, <paramref name="sector"/> the submitting member's.
    /// </summary>
    public static IReadOnlyList<CopyOutcome> Decide(ValueSet<string>? targets, Item item, Tlp label, string sector, bool acceptCopies)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (targets is null)
        {
            return [];
        }

        var audience = item.Audience ?? new Audience();
        var outcomes = new List<CopyOutcome>();
        foreach (var target in targets)
        {
            var result = item.Kind == ItemKind.CrimeDamage ? CopyResult.CrimeDamage
                : target == SectorMinistry && sector.Length == 0 ? CopyResult.NoSector
                : Names(audience, label, target, sector) ? CopyResult.AlreadyAddressed
                : label switch
                {
                    Tlp.Clear or Tlp.Green => CopyResult.Applied,
                    Tlp.Amber => acceptCopies ? CopyResult.Applied : CopyResult.ConsentNeeded,
                    _ => CopyResult.LabelForbids,
                };
            outcomes.Add(new CopyOutcome(target, result, label, target == SectorMinistry ? sector : ""));
        }

        return outcomes;
    }

    /// <summary>Adds the applied copies to the audience (the item is then signed with them, so every node reads them alike).</summary>
    public static void Apply(Audience audience, IEnumerable<CopyOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(outcomes);
        foreach (var copy in outcomes.Where(o => o.Applied))
        {
            if (NodeOf(copy.Target) is { } node)
            {
                AddOnce(audience.Nodes, node);
            }
            else if (RoleOf(copy.Target) is { } role)
            {
                AddOnce(audience.Roles, role);
            }
            else
            {
                AddOnce(audience.SectorMinistries, copy.Sector);
            }
        }
    }

    /// <summary>Whether the audience already names the target, or reaches every node (CLEAR/GREEN to the whole federation).</summary>
    private static bool Names(Audience audience, Tlp label, string target, string sector)
    {
        if (label is Tlp.Clear or Tlp.Green && (audience.WholeFederation || Audiences.NamesNoOne(audience)))
        {
            return true;
        }

        return NodeOf(target) is { } node ? audience.Nodes.Contains(node)
            : RoleOf(target) is { } role ? audience.Roles.Contains(role)
            : audience.SectorMinistries.Contains(sector);
    }

    private static void AddOnce(Google.Protobuf.Collections.RepeatedField<string> list, string value)
    {
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }
}
