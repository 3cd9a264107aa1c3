using System.Globalization;
using System.Text;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Drills;

/// <summary>A drill report as a person reads it in the terminal (tables) and as a spreadsheet reads it (CSV).</summary>
internal static class DrillViews
{
    /// <summary>The CSV columns: stable English codes, so a script or a spreadsheet reads the same file in any language.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "node_id", "name_ja", "name_en", "sectors", "state", "reason", "delivered_at", "delivery_latency_ms", "members_reached", "members_acknowledged",
        "members_late", "members_missing", "staff_acknowledged", "first_acknowledgement_ms", "median_acknowledgement_ms", "last_acknowledgement_ms",
    ];

    public static void Table(CliOutput output, DrillReport report)
    {
        foreach (var line in Heading(report))
        {
            output.Line(line);
        }

        output.Line();
        output.Rows(
            [DrillsText.NodeHeader, DrillsText.SectorHeader, DrillsText.StateHeader, DrillsText.DeliveredHeader, DrillsText.ReachedHeader, DrillsText.AcknowledgedHeader,
             DrillsText.LateHeader, DrillsText.MissingHeader, DrillsText.FirstHeader, DrillsText.MedianHeader, DrillsText.LastHeader, DrillsText.ReasonHeader],
            report.Nodes.Select(n => (IReadOnlyList<string?>)
            [
                n.NodeId, Formats.List(n.Sectors), State(n.State), n.HasDeliveryLatencyMs ? Duration(n.DeliveryLatencyMs) : "-",
                n.HasMembersReached ? Count(n.MembersReached) : "?", Count(n.MembersAcknowledged), Count(n.MembersLate), n.HasMembersMissing ? Count(n.MembersMissing) : "?",
                n.HasFirstAcknowledgementMs ? Duration(n.FirstAcknowledgementMs) : "-", n.HasMedianAcknowledgementMs ? Duration(n.MedianAcknowledgementMs) : "-",
                n.HasLastAcknowledgementMs ? Duration(n.LastAcknowledgementMs) : "-", n.Reason,
            ]));
        output.Line();
        output.Rows(
            [DrillsText.SectorHeader, DrillsText.NodesHeader, DrillsText.NodesDeliveredHeader, DrillsText.ReachedHeader, DrillsText.AcknowledgedHeader, DrillsText.MissingHeader, DrillsText.MedianHeader],
            report.Sectors.Select(s => (IReadOnlyList<string?>)
            [
                s.Sector.Length == 0 ? DrillsText.NoSector : s.Sector, Count(s.Nodes), Count(s.NodesDelivered), Count(s.MembersReached), Count(s.MembersAcknowledged),
                Count(s.MembersMissing), s.HasMedianAcknowledgementMs ? Duration(s.MedianAcknowledgementMs) : "-",
            ]));
    }

    /// <summary>The lines above the tables: which drill, its times, and the totals in one sentence each.</summary>
    public static IReadOnlyList<string> Heading(DrillReport report)
    {
        var drill = report.Drill;
        var t = report.Totals;
        return
        [
            Localized.Format(DrillsText.ReportTitle, drill.DrillId, drill.Title),
            Localized.Format(DrillsText.ReportTimes, Formats.Time(drill.StartedAt), Formats.Time(drill.AcknowledgeBy), drill.ClosedAt is null ? DrillsText.Open : Formats.Time(drill.ClosedAt)),
            Localized.Format(DrillsText.ReportNodes, Count(t.NodesDelivered), Count(t.Nodes), Count(t.NodesRejected), t.HasP99DeliveryLatencyMs ? Duration(t.P99DeliveryLatencyMs) : "-"),
            Localized.Format(DrillsText.ReportMembers, Count(t.MembersAcknowledged), Count(t.MembersReached), Count(t.MembersLate), Count(t.MembersMissing),
                t.HasMedianAcknowledgementMs ? Duration(t.MedianAcknowledgementMs) : "-"),
        ];
    }

    /// <summary>One row per node, RFC 4180 quoting, times in UTC (ISO 8601), figures in milliseconds.</summary>
    public static string Csv(DrillReport report)
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var n in report.Nodes)
        {
            string?[] cells =
            [
                n.NodeId, n.NameJa, n.NameEn, string.Join(' ', n.Sectors), n.State, n.Reason,
                n.DeliveredAt?.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                n.HasDeliveryLatencyMs ? Num(n.DeliveryLatencyMs) : null, n.HasMembersReached ? Num(n.MembersReached) : null, Num(n.MembersAcknowledged),
                Num(n.MembersLate), n.HasMembersMissing ? Num(n.MembersMissing) : null, Num(n.StaffAcknowledged),
                n.HasFirstAcknowledgementMs ? Num(n.FirstAcknowledgementMs) : null, n.HasMedianAcknowledgementMs ? Num(n.MedianAcknowledgementMs) : null,
                n.HasLastAcknowledgementMs ? Num(n.LastAcknowledgementMs) : null,
            ];
            csv.Append(string.Join(',', cells.Select(CsvCell))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>"850 ms", "12.3 s", "4 min 05 s", "2 h 03 min" (in the reader's language).</summary>
    public static string Duration(long ms)
    {
        if (ms < 0)
        {
            // A recipient's clock a little behind the origin's: shown as it is, never hidden.
            return "-" + Duration(-ms);
        }

        var span = TimeSpan.FromMilliseconds(ms);
        return ms switch
        {
            < 1_000 => Localized.Format(DrillsText.DurationMs, ms),
            < 60_000 => Localized.Format(DrillsText.DurationSeconds, (ms / 100) / 10.0),
            < 3_600_000 => Localized.Format(DrillsText.DurationMinutes, (int)span.TotalMinutes, span.Seconds),
            _ => Localized.Format(DrillsText.DurationHours, (int)span.TotalHours, span.Minutes),
        };
    }

    public static string State(string state) => state switch
    {
        "delivered" => DrillsText.StateDelivered,
        "rejected" => DrillsText.StateRejected,
        _ => DrillsText.StateNotReached,
    };

    private static string Count(uint value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(uint value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>One CSV cell: RFC 4180 quoting, and a leading apostrophe where a spreadsheet would run the text as a formula.</summary>
    public static string CsvCell(string? cell)
    {
        if (cell is null)
        {
            return "";
        }

        // A cell a spreadsheet would run as a formula is prefixed with an apostrophe (node names come from other nodes).
        var safe = cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !long.TryParse(cell, CultureInfo.InvariantCulture, out _) ? "'" + cell : cell;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : safe;
    }
}
