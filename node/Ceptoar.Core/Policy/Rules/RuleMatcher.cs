using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>One condition of a rule checked against one item: the file key, whether it held, and why, in words.</summary>
public sealed record ConditionResult(string Key, bool Holds, string Explanation);

/// <summary>
/// Checks a rule's conditions against a subject. Pure. Conditions are checked in a fixed order, the order of the file
/// format: direction, kind, label, sector, threat, exercise, origin, from, member, tag, mode, terror. A dry run reports the first one
/// that fails.
/// </summary>
public static class RuleMatcher
{
    /// <summary>Every condition the rule sets, in order, each with whether it holds for the subject.</summary>
    public static IEnumerable<ConditionResult> Check(RuleConditions when, RuleSubject subject)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(subject);
        var item = subject.Item;
        if (when.Directions is { } directions)
        {
            yield return One("direction", directions, RuleNames.Direction(subject.Direction), subject.Direction == RuleDirection.Submitted ? "the item was submitted by a member" : "the item was received from a peer", directions.Contains(subject.Direction), RuleNames.Direction);
        }

        if (when.Kinds is { } kinds)
        {
            yield return One("kind", kinds, RuleNames.Kind(item.Kind), $"the item is of kind {RuleNames.Kind(item.Kind)}", kinds.Contains(item.Kind), RuleNames.Kind);
        }

        if (when.Labels is { } labels)
        {
            yield return One("label", labels, RuleNames.Label(item.Tlp), $"the item is labelled {RuleNames.Label(item.Tlp)}", labels.Contains(item.Tlp), RuleNames.Label);
        }

        if (when.Sectors is { } sectors)
        {
            yield return Sector(sectors, subject);
        }

        if (when.ThreatTypes is { } threats)
        {
            var threat = item.Body?.Why?.ThreatType ?? "";
            yield return threat.Length == 0
                ? new ConditionResult("threat", false, $"threat: the item has no threat type; the rule wants {Wanted(threats)}")
                : One("threat", threats, threat, $"the item's threat type is {threat}", threats.Any(t => ThreatMatches(t, threat)), t => t);
        }

        if (when.Exercise is { } exercise)
        {
            yield return new ConditionResult(
                "exercise",
                item.Exercise == exercise,
                item.Exercise == exercise
                    ? $"exercise={RuleNames.YesNo(exercise)}: the item is {(exercise ? "" : "not ")}drill or exercise traffic"
                    : $"exercise: the item is {(item.Exercise ? "" : "not ")}drill or exercise traffic; the rule wants exercise={RuleNames.YesNo(exercise)}");
        }

        if (when.Origins is { } origins)
        {
            yield return One("origin", origins, item.OriginNode, $"the item originated at {Shown(item.OriginNode)}", origins.Contains(item.OriginNode), o => o);
        }

        if (when.FromPeers is { } peers)
        {
            yield return subject.FromPeer is { } from
                ? One("from", peers, from, $"the item arrived from {from}", peers.Contains(from), p => p)
                : new ConditionResult("from", false, $"from: the item was submitted by a member, not received from a peer; the rule wants {Wanted(peers)}");
        }

        if (when.Members is { } members)
        {
            yield return subject.Member is { } member
                ? One("member", members, member.MemberId, $"the item was submitted by {member.MemberId}", members.Contains(member.MemberId), m => m)
                : new ConditionResult("member", false, $"member: the item was received from a peer, so no member of this node submitted it; the rule wants {Wanted(members)}");
        }

        if (when.MemberTags is { } tags)
        {
            yield return Tags(tags, subject);
        }

        if (when.Modes is { } modes)
        {
            yield return Mode(modes, subject);
        }

        if (when.Terror is { } terror)
        {
            yield return new ConditionResult(
                "terror",
                item.SuspectedTerrorism == terror,
                item.SuspectedTerrorism == terror
                    ? $"terror={RuleNames.YesNo(terror)}: the reporter {(terror ? "suspects" : "does not flag")} terrorism"
                    : $"terror: the reporter {(item.SuspectedTerrorism ? "suspects" : "does not flag")} terrorism; the rule wants terror={RuleNames.YesNo(terror)}");
        }
    }

    /// <summary>The first condition that fails, or null when the rule matches.</summary>
    public static ConditionResult? FirstMiss(RuleConditions when, RuleSubject subject) => Check(when, subject).FirstOrDefault(c => !c.Holds);

    /// <summary>"attack.*" matches every code of the family "attack."; anything else matches only itself.</summary>
    public static bool ThreatMatches(string pattern, string threatType) =>
        pattern.EndsWith(".*", StringComparison.Ordinal)
            ? threatType.StartsWith(pattern[..^1], StringComparison.Ordinal)
            : pattern == threatType;

    /// <param name="phrase">The fact in words, e.g. "the item is labelled red".</param>
    private static ConditionResult One<T>(string key, ValueSet<T> wanted, string actual, string phrase, bool holds, Func<T, string> name)
        where T : notnull
    {
        var list = wanted.Count switch
        {
            0 => "nothing (an empty list matches no item)",
            1 => name(wanted.First()),
            _ => "one of " + string.Join(", ", wanted.Select(name)),
        };
        return holds
            ? new ConditionResult(key, true, wanted.Count == 1 ? $"{key}={actual}" : $"{key}={actual} ({list})")
            : new ConditionResult(key, false, $"{key}: {phrase}; the rule wants {list}");
    }

    private static ConditionResult Sector(ValueSet<string> sectors, RuleSubject subject)
    {
        var actual = subject.ItemSectors.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var whose = subject.Member is not null ? "the submitting member's sector" : "the origin node's sectors";
        var match = actual.FirstOrDefault(sectors.Contains);
        if (match is not null)
        {
            return new ConditionResult("sector", true, $"sector={match} ({whose})");
        }

        var have = actual.Count == 0 ? $"{whose} are not known to this node" : $"{whose}: {string.Join(", ", actual)}";
        return new ConditionResult("sector", false, $"sector: {have}; the rule wants {Wanted(sectors)}");
    }

    private static ConditionResult Tags(ValueSet<string> tags, RuleSubject subject)
    {
        if (subject.Member is not { } member)
        {
            return new ConditionResult("tag", false, $"tag: the item was received from a peer, so no member of this node submitted it; the rule wants {Wanted(tags)}");
        }

        var match = member.Tags.FirstOrDefault(tags.Contains);
        if (match is not null)
        {
            return new ConditionResult("tag", true, $"tag={match} (the submitting member {member.MemberId} carries it)");
        }

        var have = member.Tags.Count == 0 ? "carries no tag" : $"carries {string.Join(", ", member.Tags)}";
        return new ConditionResult("tag", false, $"tag: the submitting member {member.MemberId} {have}; the rule wants {Wanted(tags)}");
    }

    private static ConditionResult Mode(ValueSet<FederationMode> modes, RuleSubject subject)
    {
        var state = subject.Mode;
        var actual = subject.LargeScale ? FederationMode.LargeScale : FederationMode.Normal;
        var scope = state.ScopeSectors.Count == 0 ? "the whole federation" : "sectors " + string.Join(", ", state.ScopeSectors);
        var why = subject.LargeScale
            ? $"since {state.Since.UtcDateTime:yyyy-MM-dd HH:mm} UTC, for {scope}"
            : state.IsLargeScale ? $"the large-scale mode is for {scope}, which this node does not serve" : "";
        if (modes.Contains(actual))
        {
            return new ConditionResult("mode", true, $"mode={RuleNames.Mode(actual)}" + (why.Length > 0 ? $" ({why})" : ""));
        }

        var wanted = string.Join(", ", modes.Select(RuleNames.Mode));
        return new ConditionResult("mode", false, $"mode: {RuleNames.Mode(actual)} mode holds here" + (why.Length > 0 ? $" ({why})" : "") + $"; the rule wants {wanted}");
    }

    private static string Shown(string value) => value.Length == 0 ? "(no node)" : value;

    private static string Wanted(ValueSet<string> values) => values.Count switch
    {
        0 => "nothing (an empty list matches no item)",
        1 => values.First(),
        _ => "one of " + string.Join(", ", values),
    };
}
