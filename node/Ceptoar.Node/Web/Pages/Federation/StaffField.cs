namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>One optional labelled input of a staff form, its error next to it (docs/CONSOLE.md §6).</summary>
/// <param name="Id">The element id the label points at.</param>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">The visible label, in the person's language.</param>
/// <param name="Type">text, date, month or number.</param>
/// <param name="Value">What is shown again: only plain text within the field's limit.</param>
/// <param name="Error">The field's error, or null.</param>
/// <param name="Hint">A line under the label saying what is expected, or null.</param>
public sealed record StaffField(string Id, string Name, string Label, string Type, string? Value, string? Error, string? Hint = null);
