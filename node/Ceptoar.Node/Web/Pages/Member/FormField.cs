namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>A text field of the submit form, with its hint and its error next to it (docs/CONSOLE.md §6).</summary>
/// <param name="Value">What the person typed, kept after a refusal (Razor encodes it).</param>
/// <param name="Lines">A textarea (one entry per line) rather than one line.</param>
public sealed record FormField(string Id, string Name, string Label, string? Value, string? Error, bool Lines = false, string? Hint = null)
{
    public string? DescribedBy =>
        string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }.Where(s => s is not null)) is { Length: > 0 } ids ? ids : null;
}
