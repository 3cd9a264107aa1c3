using System.Globalization;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>
/// The gap chart (docs/CONSOLE.md §4.10): one horizontal bar per sector of the roster, its items per month, and the median
/// sector's as a dashed line. Geometry only: the page writes it as an inline SVG element, every text through Razor.
/// </summary>
public sealed class SharingChart
{
    public const int Width = 640;
    public const int LabelWidth = 220;
    public const int BarHeight = 22;
    public const int Gap = 6;
    public const int Top = 10;

    /// <summary>Half-width characters that fit in <see cref="LabelWidth"/> at the chart's font size (a Japanese one counts two).</summary>
    private const int MaxLabel = 24;

    public SharingChart(SharingStatisticsResponse statistics)
    {
        var max = statistics.Gaps.Select(g => g.PerMonth).Append(statistics.MedianPerMonth).Max();
        var scale = max <= 0 ? 0 : (Width - LabelWidth - 80) / max;
        Bars = [.. statistics.Gaps.Select((gap, i) => new Bar(
            Label(gap),
            Top + (i * (BarHeight + Gap)),
            Math.Max(gap.PerMonth > 0 ? 1 : 0, gap.PerMonth * scale),
            Rate(gap.PerMonth)))];
        MedianX = LabelWidth + (statistics.MedianPerMonth * scale);
        Height = Top + (Bars.Count * (BarHeight + Gap)) + 10;
    }

    public IReadOnlyList<Bar> Bars { get; }

    public double MedianX { get; }

    public int Height { get; }

    /// <summary>The sector's name when it fits beside the bar, else its code: the table beside the chart gives both.</summary>
    public static string Label(SectorGap gap) =>
        StaffView.Name(gap.NameJa, gap.NameEn) is { Length: > 0 } name && name.Sum(c => c < '\u0300' ? 1 : 2) <= MaxLabel ? name : gap.Sector;

    public static string Rate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Px(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <param name="Label">The sector's name in the page's language.</param>
    /// <param name="Y">Top of the bar.</param>
    /// <param name="Length">The bar's length in SVG units.</param>
    /// <param name="Value">Items per month as written next to it.</param>
    public sealed record Bar(string Label, int Y, double Length, string Value);
}
