using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// The keys of the rule file and the check of each single value, shared by the file reader (which adds line and column)
/// and <see cref="RuleSetValidator"/> (for sets built in code). Each check returns null when the value is fine, or a
/// message that says what is wrong and what to write instead.
/// </summary>
internal static class RuleValues
{
    public static readonly string[] ConditionKeys = ["direction", "kind", "label", "sector", "threat", "exercise", "origin", "from", "member", "tag", "mode", "terror"];

    public static readonly string[] ActionKeys = ["deliver", "forward", "attribution", "obfuscate", "hold", "raise", "retain", "copy"];

    public const string DeliverHelp = "write all, none, or a comma list of sector:CODE, tag:TAG and member:ID, e.g. deliver=sector:finance,tag:region:kanto";

    public const string ForwardHelp = "write all (as routing allows), none, or a comma list of peer:NODE-ID, e.g. forward=peer:ceptoar-council,peer:nisc";

    public static string? Direction(string text) => RuleNames.TryParseDirection(text, out _)
        ? null
        : $"'{text}' is not a direction{Suggest(text, ["submitted", "received"])}: write submitted (by a member of this node) or received (from a peer)";

    public static string? Kind(string text) => RuleNames.TryParseKind(text, out _)
        ? null
        : $"'{text}' is not an item kind{Suggest(text, RuleNames.Kinds)}: kinds are {string.Join(", ", RuleNames.Kinds)}";

    public static string? Label(string text) => RuleNames.TryParseLabel(text, out _)
        ? null
        : $"'{text}' is not a TLP label{Suggest(text.ToLowerInvariant(), RuleNames.Labels)}: write clear, green, amber, amber+strict or red";

    public static string? Sector(string code, Vocabulary vocabulary) => vocabulary.Sectors.ContainsKey(code)
        ? null
        : $"'{code}' is not a sector code of vocabulary {vocabulary.RosterVersion}{Suggest(code, vocabulary.Sectors.Keys)}: sectors are {string.Join(", ", vocabulary.Sectors.Keys)}";

    public static string? Threat(string code, Vocabulary vocabulary)
    {
        var families = vocabulary.ThreatTypes.Keys.Where(k => k.Contains('.')).Select(k => k[..k.IndexOf('.')]).Distinct(StringComparer.Ordinal).ToList();
        if (code.EndsWith(".*", StringComparison.Ordinal))
        {
            return families.Contains(code[..^2])
                ? null
                : $"'{code}' names no threat-type family of vocabulary {vocabulary.ThreatTypesVersion}: families are {string.Join(", ", families.Select(f => f + ".*"))}";
        }

        return vocabulary.ThreatTypes.ContainsKey(code)
            ? null
            : $"'{code}' is not a threat type of vocabulary {vocabulary.ThreatTypesVersion}{Suggest(code, vocabulary.ThreatTypes.Keys)}: write a code such as attack.intrusion, or a family such as {string.Join(", ", families.Select(f => f + ".*"))}";
    }

    public static string? Mode(string text) => RuleNames.TryParseMode(text, out _)
        ? null
        : $"'{text}' is not a mode{Suggest(text, ["normal", "large-scale"])}: write normal or large-scale (docs/MODES.md §4)";

    public static string? YesNo(string key, string text) => text is "yes" or "no" ? null : $"'{text}' is not yes or no: write {key}=yes or {key}=no";

    public static string? NodeId(string id) => Identifiers.IsValidNodeId(id) ? null : $"'{id}' is not a node id: use {Identifiers.NodeIdRule}";

    public static string? MemberId(string id) => Identifiers.IsValidMemberId(id) ? null : $"'{id}' is not a member id: use {Identifiers.MemberIdRule}";

    public static string? Tag(string tag) => RuleNames.IsValidTag(tag) ? null : $"'{tag}' is not a member tag: use {RuleNames.TagRule}";

    public static string? Attribution(string text) => text is "keep" or "strip"
        ? null
        : $"'{text}' is not an attribution: write keep (the reporting member may be named, as the origin allows) or strip (never named)";

    public static string? Retention(int days) => days is >= 1 and <= RuleSet.MaxRetentionDays
        ? null
        : $"{days} days is out of range: write a number of days from 1 to {RuleSet.MaxRetentionDays}, e.g. retain=365d";

    /// <summary>"365d" or "365": days.</summary>
    public static bool TryParseDays(string text, out int days)
    {
        var digits = text.EndsWith('d') ? text[..^1] : text;
        days = 0;
        return digits.Length is > 0 and <= 6 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, out days);
    }

    /// <summary>The wrong section: a condition key on a 'then' line or an action key on a 'when' line; null when the key is unknown everywhere.</summary>
    public static string? WrongSection(string key, bool onWhenLine)
    {
        if (onWhenLine && ActionKeys.Contains(key))
        {
            return $"'{key}' is an action: put it on the rule's 'then' line";
        }

        if (!onWhenLine && key == "label")
        {
            return "'label' is a condition: to raise the label write raise=amber (or another label) on the 'then' line; to match on the label, put label= on the 'when' line";
        }

        return !onWhenLine && ConditionKeys.Contains(key) ? $"'{key}' is a condition: put it on the rule's 'when' line" : null;
    }

    public static string UnknownKey(string key, bool onWhenLine)
    {
        var keys = onWhenLine ? ConditionKeys : ActionKeys;
        var what = onWhenLine ? "condition" : "action";
        return $"unknown {what} '{key}'{Suggest(key, keys)}: {what}s are {string.Join(", ", keys)}";
    }

    /// <summary>" (did you mean 'x'?)" for the closest candidate within a small edit distance; "" when none is close.</summary>
    public static string Suggest(string word, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(word, c)))
            .Where(c => c.Distance <= Math.Max(1, Math.Min(3, c.Candidate.Length / 3)) || (word.Length >= 3 && c.Candidate.StartsWith(word, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Candidate is null ? "" : $" (did you mean '{best.Candidate}'?)";
    }

    /// <summary>Edit distance counting a swap of two neighbours as one edit ("lable" is one from "label"), for suggestions.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>The labels a rule's items carry after its raise: every label when it does not match on the label.</summary>
    public static IReadOnlyList<Tlp> LabelsAfterRaise(HandlingRule rule)
    {
        IEnumerable<Tlp> labels = rule.When.Labels is { } wanted ? wanted.Where(TlpTransport.IsKnown) : [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];
        var raise = rule.Then.RaiseLabel is { } r && TlpTransport.IsKnown(r) ? r : Tlp.Clear;
        return [.. labels.Select(l => RuleNames.Rank(l) >= RuleNames.Rank(raise) ? l : raise).Distinct()];
    }
}
