namespace Ceptoar.Node.Web;

/// <summary>One labelled form field, with its error next to it (docs/CONSOLE.md §6).</summary>
/// <param name="Id">The element id the label points at.</param>
/// <param name="Name">The form field's name.</param>
/// <param name="Label">The visible label, in the person's language.</param>
/// <param name="Type">The input type: text or password.</param>
/// <param name="Value">What is shown again after a refusal; never a password.</param>
/// <param name="AutoComplete">The autocomplete token, so password managers fill the right field.</param>
/// <param name="Error">The field's error, or null.</param>
/// <param name="Numeric">Digits only (the TOTP code): a numeric keypad on phones.</param>
public sealed record FieldView(string Id, string Name, string Label, string Type, string? Value, string AutoComplete, string? Error, bool Numeric = false);
