using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Statistics;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>Names of a label, kind, severity and indicator type in the person's language (docs/CONSOLE.md §3).</summary>
internal static class MemberView
{
    public static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    public static readonly ItemKind[] Kinds =
    [
        ItemKind.IncidentReport, ItemKind.EarlyWarning, ItemKind.AttackMethod, ItemKind.RecoveryMethod, ItemKind.RelatedInformation,
        ItemKind.CoordinationRequest, ItemKind.DamageReport, ItemKind.ResponseStatus, ItemKind.VulnerabilityInformation, ItemKind.CrimeDamage,
    ];

    public static readonly Severity[] Severities = [Severity.None, Severity.Low, Severity.Medium, Severity.High, Severity.Extreme];

    public static readonly IndicatorType[] IndicatorTypes =
    [
        IndicatorType.Ipv4, IndicatorType.Ipv6, IndicatorType.Domain, IndicatorType.Url, IndicatorType.Email,
        IndicatorType.Md5, IndicatorType.Sha1, IndicatorType.Sha256, IndicatorType.Cve, IndicatorType.FreeText,
    ];

    /// <summary>The value the filter and submit forms use for a label: its enum name.</summary>
    public static string Code<T>(T value)
        where T : struct, Enum => value.ToString();

    /// <summary>What TLP 2.0 lets the reader do with an item of this label (docs/TLP.md §1), in the person's language.</summary>
    public static string SharingRule(Tlp tlp) => Text("Rule" + tlp);

    public static string KindText(ItemKind kind) =>
        StatisticsText.ResourceManager.GetString("Kind" + kind, CultureInfo.CurrentUICulture) ?? kind.ToString();

    public static string SeverityText(Severity severity) => Text("Severity" + severity);

    public static string IndicatorText(IndicatorType type) => Text("Indicator" + type);

    public static string HandlingText(HandlingStatus status) => Text("Handling" + status);

    private static string Text(string key) => MemberConsoleText.ResourceManager.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>
    /// Item text from another organisation as the page shows it (docs/CONSOLE.md §7): each bidi control (an override, an
    /// embedding, an isolate, a mark) is replaced by its visible code point, "[U+202E]", so none can turn text around or
    /// disguise what it is; the pages also put item text in &lt;bdi&gt;, so it cannot reorder the page around it.
    /// </summary>
    public static string Shown(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.IndexOfAny(WebInput.BidiControls) < 0)
        {
            return text ?? "";
        }

        var shown = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            shown.Append(Array.IndexOf(WebInput.BidiControls, c) >= 0 ? string.Create(CultureInfo.InvariantCulture, $"[U+{(int)c:X4}]") : c);
        }

        return shown.ToString();
    }

    /// <summary>Parses a form value into one of <paramref name="allowed"/>; null when it names none of them.</summary>
    public static T? Parse<T>(string? value, IReadOnlyList<T> allowed)
        where T : struct, Enum
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate.ToString(), value, StringComparison.Ordinal))
            {
                return candidate;
            }
        }

        return null;
    }
}
