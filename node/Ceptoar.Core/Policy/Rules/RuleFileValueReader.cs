using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Token = Ceptoar.Core.Policy.Rules.RuleFileReader.Token;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// Reads the values of one KEY=VALUE pair into a rule's conditions or actions, reporting each bad value at its column;
/// with references, a member or node id must also exist.
/// </summary>
internal sealed class RuleFileValueReader(Vocabulary vocabulary, RuleReferences? references, string ruleName, RuleFileReader file, int line)
{
    /// <summary>An example of a valid pair for the key, for messages.</summary>
    public static string Example(string key) => key switch
    {
        "direction" => "direction=submitted",
        "kind" => "kind=incident-report,early-warning",
        "label" => "label=green,amber",
        "sector" => "sector=finance",
        "threat" => "threat=attack.intrusion,attack.malware or threat=attack.*",
        "exercise" => "exercise=yes",
        "origin" => "origin=bank-ceptoar",
        "from" => "from=ceptoar-council",
        "member" => "member=example-bank",
        "tag" => "tag=region:kanto",
        "mode" => "mode=large-scale",
        "terror" => "terror=yes",
        "copy" => "copy=nisc,sector-ministry",
        "deliver" => "deliver=sector:finance,tag:region:kanto",
        "forward" => "forward=peer:ceptoar-council",
        "attribution" => "attribution=strip",
        "obfuscate" => "obfuscate=yes",
        "hold" => "hold=yes",
        "raise" => "raise=amber",
        _ => "retain=365d",
    };

    public RuleConditions Condition(string key, IReadOnlyList<Token> values, RuleConditions when) => key switch
    {
        "direction" => List(values, RuleValues.Direction, t => RuleNames.TryParseDirection(t, out var d) ? d : 0) is { } v ? when with { Directions = v } : when,
        "kind" => List(values, RuleValues.Kind, t => RuleNames.TryParseKind(t, out var k) ? k : 0) is { } v ? when with { Kinds = v } : when,
        "label" => List(values, RuleValues.Label, ParseLabel) is { } v ? when with { Labels = v } : when,
        "sector" => List(values, s => RuleValues.Sector(s, vocabulary), s => s) is { } v ? when with { Sectors = v } : when,
        "threat" => List(values, t => RuleValues.Threat(t, vocabulary), t => t) is { } v ? when with { ThreatTypes = v } : when,
        "exercise" => One(key, values, t => RuleValues.YesNo(key, t)) is { } v ? when with { Exercise = v == "yes" } : when,
        "origin" => List(values, NodeId, n => n) is { } v ? when with { Origins = v } : when,
        "from" => List(values, NodeId, n => n) is { } v ? when with { FromPeers = v } : when,
        "member" => List(values, MemberId, m => m) is { } v ? when with { Members = v } : when,
        "mode" => List(values, RuleValues.Mode, t => RuleNames.TryParseMode(t, out var m) ? m : FederationMode.Unspecified) is { } v ? when with { Modes = v } : when,
        "terror" => One(key, values, t => RuleValues.YesNo(key, t)) is { } v ? when with { Terror = v == "yes" } : when,
        _ => List(values, RuleValues.Tag, t => t) is { } v ? when with { MemberTags = v } : when,
    };

    public RuleActions Action(string key, IReadOnlyList<Token> values, RuleActions then)
    {
        switch (key)
        {
            case "deliver":
                return Deliver(values) is { } deliver ? then with { Deliver = deliver } : then;
            case "forward":
                return Forward(values) is { } forward ? then with { Forward = forward } : then;
            case "attribution":
                return One(key, values, RuleValues.Attribution) is { } a ? then with { Attribution = a == "keep" ? AttributionAction.Keep : AttributionAction.Strip } : then;
            case "obfuscate":
                return One(key, values, t => RuleValues.YesNo(key, t)) is { } o ? then with { Obfuscate = o == "yes" } : then;
            case "hold":
                return One(key, values, t => RuleValues.YesNo(key, t)) is { } h ? then with { Hold = h == "yes" } : then;
            case "copy":
                return List(values, CopyTarget, t => t) is { } c ? then with { Copy = c } : then;
            case "raise":
                return One(key, values, RuleValues.Label) is { } r ? then with { RaiseLabel = ParseLabel(r) } : then;
            default:
                var days = 0;
                var text = One(key, values, t => RuleValues.TryParseDays(t, out days)
                    ? RuleValues.Retention(days)
                    : $"'{t}' is not a number of days: write retain=365d (1 to {RuleSet.MaxRetentionDays} days)");
                return text is null ? then : then with { RetentionDays = days };
        }
    }

    private MemberSelection? Deliver(IReadOnlyList<Token> values)
    {
        if (Alone(values, "deliver", RuleValues.DeliverHelp) is { } word)
        {
            return word switch { "all" => MemberSelection.Everyone, "none" => MemberSelection.Nobody, _ => null };
        }

        List<string> sectors = [], tags = [], members = [];
        var ok = true;
        foreach (var value in values)
        {
            var colon = value.Text.IndexOf(':');
            var prefix = colon < 0 ? "" : value.Text[..colon];
            var rest = colon < 0 ? "" : value.Text[(colon + 1)..];
            var (list, check) = prefix switch
            {
                "sector" => (sectors, RuleValues.Sector(rest, vocabulary)),
                "tag" => (tags, RuleValues.Tag(rest)),
                "member" => (members, MemberId(rest)),
                _ => (null, null),
            };
            if (list is null)
            {
                ok = false;
                var hint = colon < 0 ? "" : RuleValues.Suggest(prefix + ":", ["sector:", "tag:", "member:"]);
                file.Error(line, value.Column, $"'{value.Text}' is not a delivery{hint}: {RuleValues.DeliverHelp}");
            }
            else if (rest.Length == 0)
            {
                ok = false;
                file.Error(line, value.Column, $"'{value.Text}' names nothing: write {prefix}: followed by a {(prefix == "sector" ? "sector code" : prefix == "tag" ? "tag" : "member id")}");
            }
            else if (check is not null)
            {
                ok = false;
                file.Error(line, value.Column + colon + 1, check);
            }
            else
            {
                list.Add(rest);
            }
        }

        return ok ? MemberSelection.Of(sectors, tags, members) : null;
    }

    private ForwardRestriction? Forward(IReadOnlyList<Token> values)
    {
        if (Alone(values, "forward", RuleValues.ForwardHelp) is { } word)
        {
            return word switch { "all" => ForwardRestriction.AsRouted, "none" => ForwardRestriction.Nothing, _ => null };
        }

        var peers = new List<string>();
        var ok = true;
        foreach (var value in values)
        {
            if (!value.Text.StartsWith("peer:", StringComparison.Ordinal))
            {
                ok = false;
                var hint = Identifiers.IsValidNodeId(value.Text) ? $" (to forward only to that peer, write peer:{value.Text})" : "";
                file.Error(line, value.Column, $"'{value.Text}' is not a forward value{hint}: {RuleValues.ForwardHelp}");
            }
            else if (NodeId(value.Text[5..]) is { } problem)
            {
                ok = false;
                file.Error(line, value.Column + 5, problem);
            }
            else
            {
                peers.Add(value.Text[5..]);
            }
        }

        return ok ? ForwardRestriction.OnlyTo(peers) : null;
    }

    /// <summary>"all" or "none" when the list is that one word; reports either word combined with others.</summary>
    private string? Alone(IReadOnlyList<Token> values, string key, string help)
    {
        var word = values.FirstOrDefault(v => v.Text is "all" or "none");
        if (word.Text is null)
        {
            return null;
        }

        if (values.Count > 1)
        {
            file.Error(line, word.Column, $"{key}={word.Text} cannot be combined with other values: {help}");
            return "";
        }

        return word.Text;
    }

    private string? One(string key, IReadOnlyList<Token> values, Func<string, string?> check)
    {
        if (values.Count > 1)
        {
            file.Error(line, values[1].Column, $"'{key}' takes one value: e.g. {Example(key)}");
            return null;
        }

        if (check(values[0].Text) is { } problem)
        {
            file.Error(line, values[0].Column, problem);
            return null;
        }

        return values[0].Text;
    }

    private ValueSet<T>? List<T>(IReadOnlyList<Token> values, Func<string, string?> check, Func<string, T> convert)
        where T : notnull
    {
        var ok = true;
        foreach (var value in values)
        {
            if (check(value.Text) is { } problem)
            {
                ok = false;
                file.Error(line, value.Column, problem);
            }
        }

        return ok ? new ValueSet<T>(values.Select(v => convert(v.Text))) : null;
    }

    private string? CopyTarget(string target) =>
        CopyTargets.Problem(target) ?? (CopyTargets.NodeOf(target) is { } node ? references?.Node(ruleName, node) : null);

    private string? NodeId(string id) => RuleValues.NodeId(id) ?? references?.Node(ruleName, id);

    private string? MemberId(string id) => RuleValues.MemberId(id) ?? references?.Member(ruleName, id);

    private static Tlp ParseLabel(string text) => RuleNames.TryParseLabel(text, out var tlp) ? tlp : Tlp.Unspecified;
}
