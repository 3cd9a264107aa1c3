namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>One labelled field of a staff form, its error next to it (docs/CONSOLE.md §6).</summary>
/// <param name="Id">The element id the label points at.</param>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">The visible label, in the person's language.</param>
/// <param name="Value">What is shown again after a refusal (plain text only, WebInput.EchoOrNothing).</param>
/// <param name="Error">The field's error, or null.</param>
/// <param name="Rows">Lines of a text area; 0 for a one-line input.</param>
/// <param name="Hint">A hint under the label, or null.</param>
/// <param name="Required">Whether the field must be filled.</param>
public sealed record StaffField(string Id, string Name, string Label, string? Value, string? Error, int Rows = 0, string? Hint = null, bool Required = false)
{
    public string? DescribedBy =>
        string.Join(' ', new[] { Error is null ? null : Id + "-error", Hint is null ? null : Id + "-hint" }.OfType<string>()) is { Length: > 0 } ids ? ids : null;
}
