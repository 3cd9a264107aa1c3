using System.Globalization;

namespace Ceptoar.Node.Web;

/// <summary>What the console shows again of what a person typed (docs/CONSOLE.md §7).</summary>
internal static class WebInput
{
    /// <summary>
    /// The bidi controls (embeddings, overrides, isolates, marks): encoded on every page, as an encoded one still turns the
    /// text around it once the browser decodes it.
    /// </summary>
    public static readonly char[] BidiControls =
        ['\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'];

    /// <summary>
    /// The value to put back in a form field after a refusal: as typed when it is plain text within <paramref name="max"/>
    /// characters, else nothing (control and format characters, bidi controls among them, would act on the page).
    /// </summary>
    public static string? EchoOrNothing(string? value, int max) =>
        value is not null && value.Length <= max && !value.Any(c => char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            ? value
            : null;
}
