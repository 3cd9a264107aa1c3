using Spectre.Console.Rendering;

namespace Ceptoar.AdminCli.Output;

/// <summary>
/// Widths as a terminal shows them: an East Asian wide or fullwidth character (漢字, かな, ＡＢＣ) takes two columns, so text
/// padded by character count leaves Japanese columns out of line. Spectre.Console tables already measure this way; lines
/// written outside a table pad with this.
/// </summary>
internal static class DisplayWidth
{
    /// <summary>The columns a terminal gives the text (Spectre.Console's measure, the same one its tables use).</summary>
    public static int Of(string text) => new Segment(text).CellCount();

    /// <summary>The text followed by spaces up to <paramref name="columns"/> display columns; longer text is left whole.</summary>
    public static string PadRight(string text, int columns) => text + new string(' ', Math.Max(0, columns - Of(text)));
}
