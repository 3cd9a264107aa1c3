using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>The words the rule file and the explanations use for directions, kinds, labels and identifiers.</summary>
public static partial class RuleNames
{
    /// <summary>What a valid rule name looks like, for error messages.</summary>
    public const string RuleNameRule = "1 to 64 characters of a-z, 0-9 and '-', starting with a letter, e.g. strip-bank-attribution";

    /// <summary>What a valid member tag looks like (the same rule as the admin API's), for error messages.</summary>
    public const string TagRule = "1 to 64 characters of a-z, 0-9 and ':._-', starting with a letter or digit, e.g. region:kanto or size-large";

    private static readonly Dictionary<ItemKind, string> KindNames = Enum.GetValues<ItemKind>()
        .Where(k => k != ItemKind.Unspecified)
        .ToDictionary(k => k, k => ProtoNames.Of(k)["ITEM_KIND_".Length..].ToLowerInvariant().Replace('_', '-'));

    private static readonly Dictionary<string, ItemKind> KindsByName = KindNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static readonly Dictionary<string, Tlp> LabelsByName = new(StringComparer.Ordinal)
    {
        ["clear"] = Tlp.Clear,
        ["green"] = Tlp.Green,
        ["amber"] = Tlp.Amber,
        ["amber+strict"] = Tlp.AmberStrict,
        ["red"] = Tlp.Red,
    };

    /// <summary>All kind names, in enum order: incident-report, early-warning, ...</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. KindNames.OrderBy(p => p.Key).Select(p => p.Value)];

    /// <summary>All label names, lowest first: clear, green, amber, amber+strict, red.</summary>
    public static IReadOnlyList<string> Labels { get; } = [.. LabelsByName.Keys];

    /// <summary>"incident-report" for <see cref="ItemKind.IncidentReport"/>; the number for a value the proto does not define.</summary>
    public static string Kind(ItemKind kind) =>
        KindNames.TryGetValue(kind, out var name) ? name : kind == ItemKind.Unspecified ? "unspecified" : ((int)kind).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParseKind(string text, out ItemKind kind) => KindsByName.TryGetValue(text, out kind);

    /// <summary>"amber+strict" for <see cref="Tlp.AmberStrict"/>; "unlabelled (N)" for a value that is not a TLP 2.0 label.</summary>
    public static string Label(Tlp tlp) => TlpTransport.IsKnown(tlp)
        ? TlpTransport.Name(tlp).ToLowerInvariant()
        : $"unlabelled ({((int)tlp).ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>Accepts any case and an optional "tlp:" prefix ("TLP:AMBER+STRICT").</summary>
    public static bool TryParseLabel(string text, out Tlp tlp)
    {
        var name = text.ToLowerInvariant();
        return LabelsByName.TryGetValue(name.StartsWith("tlp:", StringComparison.Ordinal) ? name[4..] : name, out tlp);
    }

    public static string Direction(RuleDirection direction) => direction == RuleDirection.Submitted ? "submitted" : "received";

    public static bool TryParseDirection(string text, out RuleDirection direction)
    {
        direction = text switch
        {
            "submitted" => RuleDirection.Submitted,
            "received" => RuleDirection.Received,
            _ => 0,
        };
        return direction != 0;
    }

    /// <summary>"normal" or "large-scale", as the <c>mode=</c> condition writes them.</summary>
    public static string Mode(FederationMode mode) => mode == FederationMode.LargeScale ? "large-scale" : "normal";

    public static bool TryParseMode(string text, out FederationMode mode)
    {
        mode = text switch
        {
            "normal" => FederationMode.Normal,
            "large-scale" => FederationMode.LargeScale,
            _ => FederationMode.Unspecified,
        };
        return mode != FederationMode.Unspecified;
    }

    public static string YesNo(bool value) => value ? "yes" : "no";

    public static bool IsValidRuleName(string? name) => name is { Length: >= 1 and <= 64 } && RuleNamePattern().IsMatch(name);

    public static bool IsValidTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>Ranks labels for "raise only": CLEAR 1 &lt; GREEN &lt; AMBER &lt; AMBER+STRICT &lt; RED 5. A value that is not a label ranks above all.</summary>
    public static int Rank(Tlp tlp) => TlpTransport.IsKnown(tlp) ? (int)tlp : int.MaxValue;

    [GeneratedRegex("^[a-z][a-z0-9-]*\\z")]
    private static partial Regex RuleNamePattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9:._-]{0,63}\\z")]
    private static partial Regex TagPattern();
}
