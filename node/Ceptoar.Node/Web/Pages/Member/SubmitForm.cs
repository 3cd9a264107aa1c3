using System.Globalization;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// The submit form's fields and their way to the member API's draft (docs/CONSOLE.md §3): the form only shapes the draft;
/// every rule is the API's own (SubmissionService, ItemValidator), whose field names are mapped back to the form's fields.
/// </summary>
internal static class SubmitForm
{
    public const int MaxLine = 4000;

    /// <summary>The API's field (a prefix of it) → the form field its error is shown next to; longest first.</summary>
    private static readonly (string Prefix, string Field)[] Fields =
    [
        ("draft.body.indicators", "Indicators"),
        ("draft.body.where.systems", "Systems"),
        ("draft.body.where.services", "Services"),
        ("draft.body.where.regions", "Regions"),
        ("draft.body.why.threat_type", "ThreatType"),
        ("draft.body.why.cause", "Cause"),
        ("draft.body.how", "Actions"),
        ("draft.body.affected", "Affected"),
        ("draft.body.title", "Title"),
        ("draft.body.summary", "Summary"),
        ("draft.body.what", "What"),
        ("draft.body.severity", "Severity"),
        ("draft.audience.sectors", "Sectors"),
        ("draft.audience.nodes", "Nodes"),
        ("draft.audience", "Sectors"),
        ("draft.tlp", "Tlp"),
        ("draft.kind", "Kind"),
        ("draft.language", "Language"),
        ("draft.voluntary", "Voluntary"),
        ("draft.exercise", "Exercise"),
        ("draft.accept_copies", "AcceptCopies"),
    ];

    public static string FieldOf(string apiField) =>
        Fields.FirstOrDefault(f => apiField.StartsWith(f.Prefix, StringComparison.Ordinal)) is { Field: { } field } ? field : "form";

    /// <summary>Non-empty lines, trimmed.</summary>
    public static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    /// <summary>Codes separated by commas, spaces or lines (sectors, nodes).</summary>
    public static List<string> Codes(string? text) =>
        [.. (text ?? "").Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// "TYPE VALUE [description]" per line (type as the form's list names it, e.g. ipv4, domain, sha256); a line whose type
    /// is not one of them gets its line number in the error.
    /// </summary>
    public static List<Indicator> Indicators(string? text, out string? error)
    {
        error = null;
        var result = new List<Indicator>();
        var lines = Lines(text);
        for (var i = 0; i < lines.Count; i++)
        {
            var parts = lines[i].Split([' ', '\t'], 3, StringSplitOptions.RemoveEmptyEntries);
            var type = MemberView.IndicatorTypes.Cast<IndicatorType?>().FirstOrDefault(t => string.Equals(TypeCode(t!.Value), parts[0], StringComparison.OrdinalIgnoreCase));
            if (type is null || parts.Length < 2)
            {
                error ??= string.Format(CultureInfo.CurrentCulture, MemberConsoleText.IndicatorLineInvalid, i + 1);
                continue;
            }

            result.Add(new Indicator { Type = type.Value, Value = parts[1], Description = parts.Length > 2 ? parts[2] : "" });
        }

        return result;
    }

    /// <summary>The indicator type as a person types it in the form: "ipv4", "free_text".</summary>
    public static string TypeCode(IndicatorType type) => type switch
    {
        IndicatorType.FreeText => "free_text",
        _ => type.ToString().ToLowerInvariant(),
    };
}
