using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Rules;

namespace Ceptoar.Node.Intake;

/// <summary>
/// Who an item a member submits here reaches, as the directory knows the federation now: the nodes it is addressed to
/// (after the standing copies), the nodes a copy target names, the node's standing copies for the member API, and the
/// check that a crime-damage report names only incident-handling nodes (docs/MODES.md §2, §3).
/// </summary>
internal sealed class Addressing(NodeDirectory directory, ActiveRules rules)
{
    /// <summary>The nodes the (signed) item is addressed to, sorted; never this node.</summary>
    public IReadOnlyList<string> AddressedNodes(Item item) =>
        [.. FederationRecipients.Of(RoutingFacts.FromItem(item), directory.View()).Order(StringComparer.Ordinal)];

    /// <summary>The first node a crime-damage draft names that the directory does not know as certified incident-handling; null when none.</summary>
    public string? NotIncidentHandling(ItemDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Kind != ItemKind.CrimeDamage || draft.Audience is null)
        {
            return null;
        }

        var view = directory.View();
        return draft.Audience.Nodes.FirstOrDefault(n => !view.Nodes.TryGetValue(n, out var known) || known.Role != NodeRole.IncidentHandling);
    }

    /// <summary>The nodes a copy target reaches now (for sector-ministry: the ministries serving <paramref name="sector"/>), sorted.</summary>
    public IReadOnlyList<string> NodesOf(string target, string sector)
    {
        var view = directory.View();
        IEnumerable<string> nodes = CopyTargets.NodeOf(target) is { } node ? (view.Nodes.ContainsKey(node) ? [node] : [])
            : CopyTargets.RoleOf(target) is { } role ? view.Nodes.Values.Where(n => n.Role == RoleNames.Parse(role)).Select(n => n.NodeId)
            : view.Nodes.Values.Where(n => n.Role == NodeRole.Ministry && n.Sectors.Contains(sector)).Select(n => n.NodeId);
        return [.. nodes.Where(n => n != view.LocalNodeId).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The rules in force that copy a member's report, in the order they are tried, for a member of this sector: their
    /// conditions, targets (resolved to nodes), and which labels they copy, AMBER only with the member's consent.
    /// </summary>
    /// <remarks>
    /// Only rules that can fire for this member are listed, and their member and tag conditions are shown as far as they
    /// concern it: a rule naming other members must not tell this one who they are or what they are tagged.
    /// </remarks>
    public ListStandingCopiesResponse StandingCopies(MemberFacts member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var response = new ListStandingCopiesResponse();
        foreach (var rule in rules.Current.Rules.Where(r => r.Then.Copy is { Count: > 0 } && CanFireFor(r.When, member)))
        {
            var labels = StandingLabels(rule);
            var when = rule.When with
            {
                Members = rule.When.Members is null ? null : [member.MemberId],
                MemberTags = rule.When.MemberTags is { } tags ? new ValueSet<string>(member.Tags.Where(tags.Contains)) : null,
            };
            var copy = new StandingCopy
            {
                Rule = rule.Name,
                Description = rule.Description,
                Conditions = RuleFile.WriteConditions(when),
            };
            copy.Labels.AddRange(labels);
            copy.ConsentLabels.AddRange(labels.Where(l => l == Tlp.Amber));
            foreach (var target in rule.Then.Copy!)
            {
                var view = new StandingCopyTarget { Target = target };
                view.Nodes.AddRange(NodesOf(target, member.Sector));
                copy.Targets.Add(view);
            }

            response.Copies.Add(copy);
        }

        return response;
    }

    /// <summary>Whether the rule's conditions about the submitter can hold for this member's reports.</summary>
    private static bool CanFireFor(RuleConditions when, MemberFacts member) =>
        (when.Directions is null || when.Directions.Contains(RuleDirection.Submitted))
        && when.FromPeers is null
        && (when.Members is null || when.Members.Contains(member.MemberId))
        && (when.MemberTags is null || when.MemberTags.Overlaps(member.Tags))
        && (when.Sectors is null || when.Sectors.Contains(member.Sector));

    /// <summary>The labels of the reports a rule copies: its label condition after any raise, among CLEAR, GREEN and AMBER.</summary>
    private static List<Tlp> StandingLabels(HandlingRule rule)
    {
        IEnumerable<Tlp> labels = rule.When.Labels is { } wanted ? wanted : [Tlp.Clear, Tlp.Green, Tlp.Amber];
        var raise = rule.Then.RaiseLabel ?? Tlp.Clear;
        return [.. labels.Select(l => l < raise ? raise : l).Where(l => l is Tlp.Clear or Tlp.Green or Tlp.Amber).Distinct().Order()];
    }
}
