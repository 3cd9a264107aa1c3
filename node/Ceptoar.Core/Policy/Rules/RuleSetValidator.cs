using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>Something wrong with a rule: the rule, the file key at fault (null: the rule as a whole) and what to do.</summary>
public sealed record RuleProblem(string RuleName, string? Key, string Message);

/// <summary>
/// Checks a rule set built in code the way <see cref="RuleFile.Parse(string, Vocabulary)"/> checks a file: every value
/// against the vocabulary and identifier rules, then the rules themselves (no lowering of a label, no empty rule, no rule
/// hidden behind a catch-all, no rule that can never fire). A set with no problem writes and reads back unchanged.
/// With references, every member and node id a rule names must also exist (see <see cref="RuleReferences"/>).
/// </summary>
public static class RuleSetValidator
{
    public static IReadOnlyList<RuleProblem> Validate(RuleSet rules, Vocabulary vocabulary, RuleReferences? references = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var problems = new List<RuleProblem>();
        foreach (var rule in rules.Rules)
        {
            var when = rule.When;
            void Each<T>(string key, ValueSet<T>? values, Func<T, string?> check)
                where T : notnull
            {
                if (values is null)
                {
                    return;
                }

                if (values.Count == 0)
                {
                    problems.Add(new(rule.Name, key, $"'{key}' lists no value, so it matches no item: list values or remove the condition"));
                }

                problems.AddRange(values.Select(check).OfType<string>().Select(m => new RuleProblem(rule.Name, key, m)));
            }

            Each("direction", when.Directions, d => Enum.IsDefined(d) ? null : $"{(int)d} is not a direction: use submitted or received");
            Each("kind", when.Kinds, k => RuleValues.Kind(RuleNames.Kind(k)));
            Each("label", when.Labels, l => RuleValues.Label(RuleNames.Label(l)));
            Each("sector", when.Sectors, s => RuleValues.Sector(s, vocabulary));
            Each("threat", when.ThreatTypes, t => RuleValues.Threat(t, vocabulary));
            string? NodeId(string id) => RuleValues.NodeId(id) ?? references?.Node(rule.Name, id);
            string? MemberId(string id) => RuleValues.MemberId(id) ?? references?.Member(rule.Name, id);

            Each("origin", when.Origins, NodeId);
            Each("from", when.FromPeers, NodeId);
            Each("member", when.Members, MemberId);
            Each("tag", when.MemberTags, RuleValues.Tag);
            Each("mode", when.Modes, m => RuleValues.Mode(RuleNames.Mode(m)) ?? (m is FederationMode.Normal or FederationMode.LargeScale ? null : $"{(int)m} is not a mode: use normal or large-scale"));

            var then = rule.Then;
            if (then.Deliver is { } deliver)
            {
                if (deliver.All && !MemberSelection.Of(deliver.Sectors, deliver.Tags, deliver.Members).IsNone)
                {
                    problems.Add(new(rule.Name, "deliver", "deliver=all cannot be combined with sectors, tags or members: " + RuleValues.DeliverHelp));
                }

                Each("deliver", deliver.Sectors.Count > 0 ? deliver.Sectors : null, s => RuleValues.Sector(s, vocabulary));
                Each("deliver", deliver.Tags.Count > 0 ? deliver.Tags : null, RuleValues.Tag);
                Each("deliver", deliver.Members.Count > 0 ? deliver.Members : null, MemberId);
            }

            if (then.Forward is { } forward)
            {
                if (forward.Scope == ForwardScope.OnlyPeers && forward.Peers.Count == 0)
                {
                    problems.Add(new(rule.Name, "forward", "forward lists no peer: write forward=none, or name peers: " + RuleValues.ForwardHelp));
                }
                else if (forward.Scope != ForwardScope.OnlyPeers && forward.Peers.Count > 0)
                {
                    problems.Add(new(rule.Name, "forward", $"forward={(forward.Scope == ForwardScope.None ? "none" : "all")} cannot list peers: " + RuleValues.ForwardHelp));
                }
                else if (!Enum.IsDefined(forward.Scope))
                {
                    problems.Add(new(rule.Name, "forward", $"{(int)forward.Scope} is not a forward scope: " + RuleValues.ForwardHelp));
                }

                Each("forward", forward.Peers.Count > 0 ? forward.Peers : null, NodeId);
            }

            Each("copy", then.Copy, t => CopyTargets.Problem(t) ?? (CopyTargets.NodeOf(t) is { } node ? references?.Node(rule.Name, node) : null));

            if (then.Attribution is { } attribution && !Enum.IsDefined(attribution))
            {
                problems.Add(new(rule.Name, "attribution", $"{(int)attribution} is not an attribution: use keep or strip"));
            }

            if (then.RaiseLabel is { } raise && RuleValues.Label(RuleNames.Label(raise)) is { } badLabel)
            {
                problems.Add(new(rule.Name, "raise", badLabel));
            }

            if (then.RetentionDays is { } days && RuleValues.Retention(days) is { } badDays)
            {
                problems.Add(new(rule.Name, "retain", badDays));
            }
        }

        problems.AddRange(RuleChecks.Check(rules.Rules, i => $"'{rules.Rules[i].Name}'")
            .Select(p => new RuleProblem(rules.Rules[p.Index].Name, p.Key, p.Message)));
        return problems;
    }
}

/// <summary>Checks on whole rules, after each value was found valid. Pure.</summary>
internal static class RuleChecks
{
    internal sealed record Finding(int Index, string? Key, string Message);

    /// <param name="where">Names a rule by index in messages, e.g. "'x' (line 3)".</param>
    public static IEnumerable<Finding> Check(IReadOnlyList<HandlingRule> rules, Func<int, string> where)
    {
        var catchAll = -1;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (catchAll >= 0)
            {
                yield return new(i, null,
                    $"rule '{rule.Name}' can never fire: rule {where(catchAll)} above it has no conditions and matches every item first; move '{rule.Name}' above it, or give that rule conditions");
            }
            else if (rule.When.IsCatchAll)
            {
                catchAll = i;
            }

            if (rule.Then.IsEmpty)
            {
                yield return new(i, null,
                    $"rule '{rule.Name}' has no 'then' line: a rule must do something; add an action such as 'then hold=yes', or remove the rule");
            }

            foreach (var finding in CheckLabels(rule))
            {
                yield return finding with { Index = i };
            }

            var directions = rule.When.Directions;
            var receivedOnly = directions is { Count: 1 } && directions.Contains(RuleDirection.Received);
            var submittedOnly = directions is { Count: 1 } && directions.Contains(RuleDirection.Submitted);
            foreach (var key in new[] { "member", "tag" }.Where(k => receivedOnly && (k == "member" ? rule.When.Members : rule.When.MemberTags) is not null))
            {
                yield return new(i, key,
                    $"{key}= only matches items submitted by a member of this node, but this rule has direction=received: it can never fire; remove one of the two");
            }

            if (submittedOnly && rule.When.FromPeers is not null)
            {
                yield return new(i, "from", "from= only matches items received from a peer, but this rule has direction=submitted: it can never fire; remove one of the two");
            }

            foreach (var finding in CheckCopies(rule, directions))
            {
                yield return finding with { Index = i };
            }
        }
    }

    /// <summary>copy= adds recipients at the origin before it signs (docs/MODES.md §2): a rule that can only match other items copies nothing.</summary>
    private static IEnumerable<Finding> CheckCopies(HandlingRule rule, ValueSet<RuleDirection>? directions)
    {
        if (rule.Then.Copy is null)
        {
            yield break;
        }

        if (directions is not null && !directions.Contains(RuleDirection.Submitted))
        {
            yield return new(0, "copy", "copy= adds recipients only to items submitted at this node, before it signs them, but this rule has direction=received: remove copy=, or write direction=submitted");
        }
        else if (rule.When.FromPeers is not null)
        {
            yield return new(0, "copy", "copy= adds recipients only to items submitted at this node, but from= matches only items received from a peer: remove one of the two");
        }

        if (rule.When.Kinds is { Count: > 0 } kinds && kinds.All(k => k == ItemKind.CrimeDamage))
        {
            yield return new(0, "copy", "a crime-damage report is never copied (it goes only to the incident-handling nodes the member chose): remove copy= from this rule");
        }

        var labels = RuleValues.LabelsAfterRaise(rule);
        if (labels.Count > 0 && labels.All(l => l is Tlp.AmberStrict or Tlp.Red))
        {
            yield return new(0, "copy", "this rule's items are AMBER+STRICT or RED, which go only to the recipients the member named and are never copied: remove copy=, or match clear, green or amber items");
        }
    }

    private static IEnumerable<Finding> CheckLabels(HandlingRule rule)
    {
        if (rule.Then.RaiseLabel is { } raise && TlpTransport.IsKnown(raise))
        {
            if (raise == Tlp.Clear)
            {
                yield return new(0, "raise", "raise=clear can never raise a label (CLEAR is the lowest): remove it");
            }

            var above = rule.When.Labels?.Where(l => TlpTransport.IsKnown(l) && RuleNames.Rank(l) > RuleNames.Rank(raise)).Select(RuleNames.Label).ToList() ?? [];
            if (above.Count > 0 && raise != Tlp.Clear)
            {
                var label = RuleNames.Label(raise);
                yield return new(0, "raise",
                    $"this rule matches {string.Join(" and ", above)} items but asks for raise={label}: a rule can only raise a label, never lower it; remove {string.Join(", ", above)} from label=, or put them in a rule of their own");
            }
        }

        if (rule.Then.Deliver is not { } deliver)
        {
            yield break;
        }

        var labels = RuleValues.LabelsAfterRaise(rule);
        if (labels.Count > 0 && labels.All(l => l == Tlp.AmberStrict) && !deliver.IsNone)
        {
            yield return new(0, "deliver", "this rule's items are AMBER+STRICT, which is for the recipient organisation only and never delivered to members: write deliver=none, or remove deliver=");
        }
        else if (labels.Count > 0 && labels.All(l => l == Tlp.Amber) && deliver.All)
        {
            yield return new(0, "deliver", "this rule's items are AMBER, which is need-to-know: deliver=all would reach no member; name who needs it, e.g. deliver=sector:finance or deliver=tag:incident-response");
        }
    }
}
