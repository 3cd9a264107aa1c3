using System.Globalization;
using System.Text;
using Ceptoar.Core.Items;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>A mistake in a rule file: where (1-based line and column), what is wrong and what to write instead.</summary>
public sealed record RuleFileError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>The result of reading a rule file: the set when there is no error (deconstructs as <c>var (set, errors)</c>).</summary>
public sealed record RuleFileParse(RuleSet? RuleSet, IReadOnlyList<RuleFileError> Errors)
{
    public bool Succeeded => RuleSet is not null;
}

/// <summary>
/// The human-editable rule file (full description: Policy/Rules/RULES-FORMAT.md). In short:
/// <code>
/// # Banks: never name the reporting bank outside this node
/// rule strip-bank-attribution
///   description Reports from banks stay anonymous and wait for the secretariat
///   when direction=submitted kind=incident-report label=green,amber
///   then attribution=strip deliver=sector:finance hold=yes
/// </code>
/// Comments are whole lines whose first non-blank character is '#'. 'rule NAME' starts a rule (a unique name of a-z,
/// 0-9 and '-'); an optional 'description' runs to the end of its line. A rule holds any number of 'when' and 'then' lines; each carries KEY=VALUE pairs separated by blanks, and a value is
/// a comma list without blanks. Conditions (when): direction, kind, label, sector, threat, exercise, origin, from, member,
/// tag, mode, terror; a rule matches when every condition holds, a condition when the item has one of its values. Actions (then):
/// deliver, forward, attribution, obfuscate, hold, raise, retain, copy; an action left out means "as the built-in default".
/// Rules are tried top to bottom and the first match fires; when none does, the built-in default (the conservative
/// reading of TLP) applies. Reading is all or nothing: any error and no set is returned, so an import is atomic.
/// </summary>
public static class RuleFile
{
    /// <summary>The comment <see cref="Write"/> puts first.</summary>
    public const string Header =
        "# CEPTOAR handling rules (format: RULES-FORMAT.md). Rules are tried top to bottom; the first whose conditions all hold\n"
        + "# fires. When none does, the built-in default applies: the conservative reading of TLP 2.0.\n";

    /// <summary>Reads a rule file, checking codes against the embedded vocabulary.</summary>
    public static RuleFileParse Parse(string text) => Parse(text, Vocabulary.Default);

    /// <summary>Reads a rule file; every error carries its line and column. No set unless there is no error at all.</summary>
    public static RuleFileParse Parse(string text, Vocabulary vocabulary) => Parse(text, vocabulary, null);

    /// <summary>
    /// Reads a rule file as <see cref="Parse(string, Vocabulary)"/>, and with references also refuses, at its line and
    /// column, every member or node id that the node does not have (for rules an admin adds or imports).
    /// </summary>
    public static RuleFileParse Parse(string text, Vocabulary vocabulary, RuleReferences? references)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vocabulary);
        return new RuleFileReader(vocabulary, references).Read(text);
    }

    /// <summary>Writes the set in the file format; a set <see cref="RuleSetValidator"/> accepts reads back equal.</summary>
    public static string Write(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var text = new StringBuilder(Header);
        foreach (var rule in rules.Rules)
        {
            text.Append('\n').Append("rule ").Append(rule.Name).Append('\n');
            if (rule.Description.Length > 0)
            {
                text.Append("  description ").Append(rule.Description).Append('\n');
            }

            var when = Conditions(rule.When);
            if (when.Count > 0)
            {
                text.Append("  when ").AppendJoin(' ', when).Append('\n');
            }

            var then = Actions(rule.Then);
            if (then.Count > 0)
            {
                text.Append("  then ").AppendJoin(' ', then).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A rule's conditions as the file writes them ("direction=submitted label=green,amber"); empty for none.</summary>
    public static string WriteConditions(RuleConditions when)
    {
        ArgumentNullException.ThrowIfNull(when);
        return string.Join(' ', Conditions(when));
    }

    private static List<string> Conditions(RuleConditions when)
    {
        var pairs = new List<string>();
        void Add<T>(string key, ValueSet<T>? values, Func<T, string> name)
            where T : notnull
        {
            if (values is not null)
            {
                pairs.Add($"{key}={string.Join(',', values.Select(name))}");
            }
        }

        Add("direction", when.Directions, RuleNames.Direction);
        Add("kind", when.Kinds, RuleNames.Kind);
        Add("label", when.Labels, RuleNames.Label);
        Add("sector", when.Sectors, s => s);
        Add("threat", when.ThreatTypes, t => t);
        if (when.Exercise is { } exercise)
        {
            pairs.Add($"exercise={RuleNames.YesNo(exercise)}");
        }

        Add("origin", when.Origins, o => o);
        Add("from", when.FromPeers, p => p);
        Add("member", when.Members, m => m);
        Add("tag", when.MemberTags, t => t);
        Add("mode", when.Modes, RuleNames.Mode);
        if (when.Terror is { } terror)
        {
            pairs.Add($"terror={RuleNames.YesNo(terror)}");
        }

        return pairs;
    }

    private static List<string> Actions(RuleActions then)
    {
        var pairs = new List<string>();
        if (then.Deliver is { } deliver)
        {
            var atoms = deliver.Sectors.Select(s => "sector:" + s).Concat(deliver.Tags.Select(t => "tag:" + t)).Concat(deliver.Members.Select(m => "member:" + m)).ToList();
            pairs.Add("deliver=" + (deliver.All ? "all" : atoms.Count == 0 ? "none" : string.Join(',', atoms)));
        }

        if (then.Forward is { } forward)
        {
            pairs.Add("forward=" + forward.Scope switch
            {
                ForwardScope.AsRouted => "all",
                ForwardScope.OnlyPeers => string.Join(',', forward.Peers.Select(p => "peer:" + p)),
                _ => "none",
            });
        }

        if (then.Attribution is { } attribution)
        {
            pairs.Add("attribution=" + (attribution == AttributionAction.Keep ? "keep" : "strip"));
        }

        if (then.Obfuscate is { } obfuscate)
        {
            pairs.Add("obfuscate=" + RuleNames.YesNo(obfuscate));
        }

        if (then.Hold is { } hold)
        {
            pairs.Add("hold=" + RuleNames.YesNo(hold));
        }

        if (then.RaiseLabel is { } raise)
        {
            pairs.Add("raise=" + RuleNames.Label(raise));
        }

        if (then.RetentionDays is { } days)
        {
            pairs.Add("retain=" + days.ToString(CultureInfo.InvariantCulture) + "d");
        }

        if (then.Copy is { } copy)
        {
            pairs.Add("copy=" + string.Join(',', copy));
        }

        return pairs;
    }
}
