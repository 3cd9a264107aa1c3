using System.Globalization;
using System.Text;
using Ceptoar.AdminCli.Drills;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Modes;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Statistics;

/// <summary>The sharing statistics as a person reads them (a table in their language) and as a spreadsheet reads them (CSV).</summary>
internal static class SharingViews
{
    /// <summary>Excel in Japan reads a CSV file without it as Shift_JIS and garbles every Japanese name.</summary>
    public const char ByteOrderMark = '\uFEFF';

    public static void Table(CliOutput output, SharingStatisticsResponse statistics)
    {
        output.Line(Localized.Format(StatisticsText.Heading, statistics.NodeId, statistics.FromMonth, statistics.ToMonth, statistics.Months,
            statistics.TimeZone, By(statistics.GroupBy), Direction(statistics.Direction)));
        output.Rows(Headers(statistics), statistics.Rows.Select(r => Cells(statistics, r, Number, StatisticsText.NoRatio)));
        output.Line(Localized.Format(StatisticsText.Totals, Number(statistics.Sent), Number(statistics.Received), Number(statistics.Withdrawn)));
        if (statistics.SealedOnly > 0)
        {
            output.Line(Localized.Format(StatisticsText.SealedTotal, Number(statistics.SealedOnly)));
        }

        output.Line(Localized.Format(StatisticsText.LeftOut, Number(statistics.ExercisesLeftOut), Number(statistics.NodeKindsLeftOut), Number(statistics.HeldLeftOut)));
        if (statistics.GroupBy == "sector")
        {
            output.Line(statistics.MedianPerMonth > 0 ? Localized.Format(StatisticsText.Median, Rate(statistics.MedianPerMonth)) : StatisticsText.MedianZero);
        }
    }

    /// <summary>UTF-8 with a byte order mark, the header in the reader's language, RFC 4180 quoting, figures without separators.</summary>
    public static string Csv(SharingStatisticsResponse statistics)
    {
        var csv = new StringBuilder().Append(ByteOrderMark);
        csv.Append(string.Join(',', Headers(statistics).Select(DrillViews.CsvCell))).Append("\r\n");
        foreach (var row in statistics.Rows)
        {
            // No figure is an empty cell: a spreadsheet reads "-" as text and a leading '-' as the start of a formula.
            csv.Append(string.Join(',', Cells(statistics, row, n => n.ToString(CultureInfo.InvariantCulture), null).Select(DrillViews.CsvCell))).Append("\r\n");
        }

        return csv.ToString();
    }

    private static bool SectorView(SharingStatisticsResponse statistics) => statistics.GroupBy == "sector";

    private static bool ShowSealed(SharingStatisticsResponse statistics) => statistics.SealedOnly > 0;

    private static List<string> Headers(SharingStatisticsResponse statistics)
    {
        List<string> headers =
        [
            statistics.GroupBy switch
            {
                "sector" => StatisticsText.HeaderSector,
                "ceptoar" => StatisticsText.HeaderCeptoar,
                "kind" => StatisticsText.HeaderKind,
                "label" => StatisticsText.HeaderLabel,
                _ => StatisticsText.HeaderMonth,
            },
        ];
        if (statistics.GroupBy is "sector" or "ceptoar" or "kind")
        {
            headers.Add(StatisticsText.HeaderName);
        }

        headers.AddRange([StatisticsText.HeaderSent, StatisticsText.HeaderReceived, StatisticsText.HeaderWithdrawn]);
        if (ShowSealed(statistics))
        {
            headers.Add(StatisticsText.HeaderSealedOnly);
        }

        if (SectorView(statistics))
        {
            headers.AddRange([StatisticsText.HeaderPerMonth, StatisticsText.HeaderRatio]);
        }

        return headers;
    }

    private static List<string?> Cells(SharingStatisticsResponse statistics, SharingStatisticsRow row, Func<ulong, string> number, string? none)
    {
        List<string?> cells = [StatusBoardCommand.OneLine(row.Key)];
        if (statistics.GroupBy is "sector" or "ceptoar" or "kind")
        {
            // Node names come from other nodes' signed descriptors: shown as plain text on one line, never as markup.
            var name = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? row.NameJa : row.NameEn;
            cells.Add(StatusBoardCommand.OneLine(name.Length == 0 ? row.NameEn : name));
        }

        cells.AddRange([number(row.Sent), number(row.Received), number(row.Withdrawn)]);
        if (ShowSealed(statistics))
        {
            cells.Add(number(row.SealedOnly));
        }

        if (SectorView(statistics))
        {
            var gap = statistics.Gaps.FirstOrDefault(g => g.Sector == row.Key);
            cells.Add(gap is null ? none : Rate(gap.PerMonth));
            cells.Add(gap is { HasRatio: true } ? Rate(gap.RatioToMedian) : none);
        }

        return cells;
    }

    private static string Number(ulong value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Rate(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string By(string groupBy) => groupBy switch
    {
        "sector" => StatisticsText.BySector,
        "ceptoar" => StatisticsText.ByCeptoar,
        "kind" => StatisticsText.ByKind,
        "label" => StatisticsText.ByLabel,
        _ => StatisticsText.ByMonth,
    };

    private static string Direction(string direction) => direction switch
    {
        "sent" => StatisticsText.DirectionSent,
        "received" => StatisticsText.DirectionReceived,
        _ => StatisticsText.DirectionBoth,
    };
}
