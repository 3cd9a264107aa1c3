using System.Globalization;
using System.Net;
using System.Text;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Drills;

/// <summary>
/// The drill report as one self-contained HTML file (docs/DRILLS.md §5): Japanese and English side by side, readable
/// offline (no script, no external file), with two charts drawn here as inline SVG: acknowledgements over time per
/// sector, and delivery latency per node. Everything from the report is HTML-encoded (names come from other nodes).
/// </summary>
internal static class DrillHtml
{
    private const int ChartWidth = 760;
    private const int PlotLeft = 60;
    private const int PlotRight = 20;
    private const int PlotTop = 20;

    /// <summary>Distinct on white and for the common colour-vision deficiencies (Okabe–Ito).</summary>
    private static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    private static readonly CultureInfo Ja = CultureInfo.GetCultureInfo("ja");

    public static string Render(DrillReport report)
    {
        var drill = report.Drill;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(Both(nameof(DrillsText.HtmlTitle)))).Append(" — ").Append(E(drill.Title)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,'Noto Sans CJK JP','Hiragino Sans',sans-serif;margin:2em;color:#111;max-width:1100px}")
            .Append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #999;padding:.3em .6em;text-align:left}")
            .Append("td.n{text-align:right}th{background:#eee}.exercise{background:#fff3b0;padding:.4em;border:2px solid #c90;font-weight:bold}")
            .Append("figure{margin:1.5em 0}figcaption{font-weight:bold}</style>\n</head>\n<body>\n");
        html.Append("<p class=\"exercise\">").Append(E(Both(nameof(DrillsText.HtmlExerciseBanner)))).Append("</p>\n");
        html.Append("<h1>").Append(E(Both(nameof(DrillsText.HtmlTitle)))).Append(": ").Append(E(drill.Title)).Append("</h1>\n");
        html.Append("<p>").Append(E(drill.DrillId)).Append("</p>\n<dl>\n");
        Term(html, nameof(DrillsText.HtmlStarted), Formats.Time(drill.StartedAt));
        Term(html, nameof(DrillsText.HtmlDeadline), Formats.Time(drill.AcknowledgeBy));
        Term(html, nameof(DrillsText.HtmlClosed), drill.ClosedAt is null ? "—" : Formats.Time(drill.ClosedAt));
        Term(html, nameof(DrillsText.HtmlGenerated), Formats.Time(report.GeneratedAt));
        Term(html, nameof(DrillsText.HtmlInstructionJa), report.InstructionJa);
        Term(html, nameof(DrillsText.HtmlInstructionEn), report.InstructionEn);
        html.Append("</dl>\n");

        html.Append("<h2>").Append(E(Both(nameof(DrillsText.HtmlSummary)))).Append("</h2>\n<ul>\n");
        foreach (var line in Lines(report))
        {
            html.Append("<li>").Append(E(line)).Append("</li>\n");
        }

        html.Append("</ul>\n");
        html.Append(AcknowledgementChart(report)).Append(DeliveryChart(report));
        NodeTable(html, report);
        SectorTable(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Cumulative member acknowledgements per sector against minutes since the start, the deadline dashed.</summary>
    public static string AcknowledgementChart(DrillReport report)
    {
        const int height = 300;
        var plotWidth = ChartWidth - PlotLeft - PlotRight;
        var plotHeight = height - PlotTop - 40;
        var deadlineMs = (long)(report.Drill.AcknowledgeBy.ToDateTimeOffset() - report.Drill.StartedAt.ToDateTimeOffset()).TotalMilliseconds;
        var sectors = report.Sectors.Where(s => s.AcknowledgementLatenciesMs.Count > 0).ToList();
        var maxX = Math.Max(deadlineMs, sectors.SelectMany(s => s.AcknowledgementLatenciesMs).DefaultIfEmpty(0).Max());
        maxX = Math.Max(maxX, 60_000);
        var maxY = Math.Max(1, sectors.Select(s => Math.Max(s.MembersReached, (uint)s.AcknowledgementLatenciesMs.Count)).DefaultIfEmpty(1u).Max());
        double X(long ms) => PlotLeft + (plotWidth * Math.Clamp(ms, 0, maxX) / (double)maxX);
        double Y(double count) => PlotTop + plotHeight - (plotHeight * count / maxY);

        var svg = new StringBuilder();
        var caption = Both(nameof(DrillsText.HtmlChartAcknowledgements));
        svg.Append("<figure>\n<figcaption>").Append(E(caption)).Append("</figcaption>\n")
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\">"))
            .Append("<title>").Append(E(caption)).Append("</title>\n");
        Axes(svg, plotWidth, plotHeight, maxY, Y);
        for (var tick = 0; tick <= 4; tick++)
        {
            var ms = maxX * tick / 4;
            svg.Append(Inv($"<text x=\"{X(ms):0.#}\" y=\"{PlotTop + plotHeight + 16}\" font-size=\"11\" text-anchor=\"middle\">{E(DrillViews.Duration(ms))}</text>\n"));
        }

        svg.Append(Inv($"<line x1=\"{X(deadlineMs):0.#}\" y1=\"{PlotTop}\" x2=\"{X(deadlineMs):0.#}\" y2=\"{PlotTop + plotHeight}\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>"))
            .Append(Inv($"<text x=\"{X(deadlineMs) - 4:0.#}\" y=\"{PlotTop + 12}\" font-size=\"11\" fill=\"#c00\" text-anchor=\"end\">{E(Both(nameof(DrillsText.HtmlDeadline)))}</text>\n"));
        for (var i = 0; i < sectors.Count; i++)
        {
            var sector = sectors[i];
            var colour = Palette[i % Palette.Length];
            var points = new List<string> { Inv($"{X(0):0.#},{Y(0):0.#}") };
            var count = 0;
            foreach (var ms in sector.AcknowledgementLatenciesMs)
            {
                points.Add(Inv($"{X(ms):0.#},{Y(count):0.#}"));
                count++;
                points.Add(Inv($"{X(ms):0.#},{Y(count):0.#}"));
            }

            points.Add(Inv($"{X(maxX):0.#},{Y(count):0.#}"));
            svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>\n"));
            svg.Append(Inv($"<rect x=\"{PlotLeft + 10}\" y=\"{PlotTop + 8 + (i * 16)}\" width=\"12\" height=\"12\" fill=\"{colour}\"/>"))
                .Append(Inv($"<text x=\"{PlotLeft + 26}\" y=\"{PlotTop + 18 + (i * 16)}\" font-size=\"12\">{E(SectorName(sector.Sector))} ({count}/{sector.MembersReached})</text>\n"));
        }

        if (sectors.Count == 0)
        {
            svg.Append(Inv($"<text x=\"{PlotLeft + 10}\" y=\"{PlotTop + 20}\" font-size=\"13\">{E(Both(nameof(DrillsText.HtmlNoAcknowledgements)))}</text>\n"));
        }

        return svg.Append("</svg>\n</figure>\n").ToString();
    }

    /// <summary>One bar per recipient node: time from the start to its signed delivery; nodes not reached are named at zero.</summary>
    public static string DeliveryChart(DrillReport report)
    {
        const int bar = 18;
        var nodes = report.Nodes.OrderBy(n => n.HasDeliveryLatencyMs ? n.DeliveryLatencyMs : long.MaxValue).ThenBy(n => n.NodeId, StringComparer.Ordinal).ToList();
        var height = PlotTop + 30 + (Math.Max(1, nodes.Count) * (bar + 4));
        const int labelWidth = 200;
        var plotWidth = ChartWidth - labelWidth - PlotRight - 80;
        var maxMs = Math.Max(1, nodes.Where(n => n.HasDeliveryLatencyMs).Select(n => n.DeliveryLatencyMs).DefaultIfEmpty(1).Max());
        var caption = Both(nameof(DrillsText.HtmlChartDelivery));
        var svg = new StringBuilder();
        svg.Append("<figure>\n<figcaption>").Append(E(caption)).Append("</figcaption>\n")
            .Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{ChartWidth}\" height=\"{height}\" viewBox=\"0 0 {ChartWidth} {height}\">"))
            .Append("<title>").Append(E(caption)).Append("</title>\n");
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var y = PlotTop + (i * (bar + 4));
            svg.Append(Inv($"<text x=\"{labelWidth - 6}\" y=\"{y + 13}\" font-size=\"12\" text-anchor=\"end\">{E(n.NodeId)}</text>"));
            if (n.HasDeliveryLatencyMs)
            {
                var width = Math.Max(1, plotWidth * Math.Max(0, n.DeliveryLatencyMs) / (double)maxMs);
                svg.Append(Inv($"<rect x=\"{labelWidth}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{bar}\" fill=\"{Palette[0]}\"/>"))
                    .Append(Inv($"<text x=\"{labelWidth + width + 4:0.#}\" y=\"{y + 13}\" font-size=\"12\">{E(DrillViews.Duration(n.DeliveryLatencyMs))}</text>\n"));
            }
            else
            {
                svg.Append(Inv($"<text x=\"{labelWidth + 4}\" y=\"{y + 13}\" font-size=\"12\" fill=\"#c00\">{E(StateBoth(n.State))}</text>\n"));
            }
        }

        return svg.Append("</svg>\n</figure>\n").ToString();
    }

    private static void Axes(StringBuilder svg, int plotWidth, int plotHeight, uint maxY, Func<double, double> y)
    {
        svg.Append(Inv($"<line x1=\"{PlotLeft}\" y1=\"{PlotTop + plotHeight}\" x2=\"{PlotLeft + plotWidth}\" y2=\"{PlotTop + plotHeight}\" stroke=\"#333\"/>"))
            .Append(Inv($"<line x1=\"{PlotLeft}\" y1=\"{PlotTop}\" x2=\"{PlotLeft}\" y2=\"{PlotTop + plotHeight}\" stroke=\"#333\"/>\n"));
        foreach (var value in new[] { 0u, maxY / 2, maxY }.Distinct())
        {
            svg.Append(Inv($"<text x=\"{PlotLeft - 6}\" y=\"{y(value) + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{value}</text>\n"));
        }
    }

    private static void NodeTable(StringBuilder html, DrillReport report)
    {
        html.Append("<h2>").Append(E(Both(nameof(DrillsText.HtmlNodes)))).Append("</h2>\n<table>\n<tr>");
        foreach (var header in new[]
        {
            nameof(DrillsText.NodeHeader), nameof(DrillsText.SectorHeader), nameof(DrillsText.StateHeader), nameof(DrillsText.DeliveredHeader),
            nameof(DrillsText.ReachedHeader), nameof(DrillsText.AcknowledgedHeader), nameof(DrillsText.LateHeader), nameof(DrillsText.MissingHeader),
            nameof(DrillsText.FirstHeader), nameof(DrillsText.MedianHeader), nameof(DrillsText.LastHeader), nameof(DrillsText.ReasonHeader),
        })
        {
            html.Append("<th>").Append(E(Both(header))).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var n in report.Nodes)
        {
            var name = n.NameJa.Length > 0 || n.NameEn.Length > 0 ? $"{n.NodeId} ({n.NameJa} / {n.NameEn})" : n.NodeId;
            Row(html, [name, string.Join(", ", n.Sectors), StateBoth(n.State)],
                [n.HasDeliveryLatencyMs ? DrillViews.Duration(n.DeliveryLatencyMs) : "-", n.HasMembersReached ? N(n.MembersReached) : "?", N(n.MembersAcknowledged),
                 N(n.MembersLate), n.HasMembersMissing ? N(n.MembersMissing) : "?", n.HasFirstAcknowledgementMs ? DrillViews.Duration(n.FirstAcknowledgementMs) : "-",
                 n.HasMedianAcknowledgementMs ? DrillViews.Duration(n.MedianAcknowledgementMs) : "-", n.HasLastAcknowledgementMs ? DrillViews.Duration(n.LastAcknowledgementMs) : "-"],
                [n.Reason]);
        }

        html.Append("</table>\n");
    }

    private static void SectorTable(StringBuilder html, DrillReport report)
    {
        html.Append("<h2>").Append(E(Both(nameof(DrillsText.HtmlSectors)))).Append("</h2>\n<table>\n<tr>");
        foreach (var header in new[]
        {
            nameof(DrillsText.SectorHeader), nameof(DrillsText.NodesHeader), nameof(DrillsText.NodesDeliveredHeader), nameof(DrillsText.ReachedHeader),
            nameof(DrillsText.AcknowledgedHeader), nameof(DrillsText.MissingHeader), nameof(DrillsText.MedianHeader),
        })
        {
            html.Append("<th>").Append(E(Both(header))).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var s in report.Sectors)
        {
            Row(html, [SectorName(s.Sector)],
                [N(s.Nodes), N(s.NodesDelivered), N(s.MembersReached), N(s.MembersAcknowledged), N(s.MembersMissing), s.HasMedianAcknowledgementMs ? DrillViews.Duration(s.MedianAcknowledgementMs) : "-"],
                []);
        }

        html.Append("</table>\n");
    }

    private static void Row(StringBuilder html, IEnumerable<string> text, IEnumerable<string> numbers, IEnumerable<string> after)
    {
        html.Append("<tr>");
        foreach (var cell in text)
        {
            html.Append("<td>").Append(E(cell)).Append("</td>");
        }

        foreach (var cell in numbers)
        {
            html.Append("<td class=\"n\">").Append(E(cell)).Append("</td>");
        }

        foreach (var cell in after)
        {
            html.Append("<td>").Append(E(cell)).Append("</td>");
        }

        html.Append("</tr>\n");
    }

    /// <summary>The summary sentences in Japanese, then in English.</summary>
    private static IEnumerable<string> Lines(DrillReport report)
    {
        var saved = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = Ja;
            var japanese = DrillViews.Heading(report).Skip(2).ToList();
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return [.. japanese, .. DrillViews.Heading(report).Skip(2)];
        }
        finally
        {
            CultureInfo.CurrentUICulture = saved;
        }
    }

    private static void Term(StringBuilder html, string key, string value) =>
        html.Append("<dt>").Append(E(Both(key))).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static string SectorName(string sector) => sector.Length == 0 ? Both(nameof(DrillsText.NoSector)) : sector;

    private static string StateBoth(string state) => Both(state switch
    {
        "delivered" => nameof(DrillsText.StateDelivered),
        "rejected" => nameof(DrillsText.StateRejected),
        _ => nameof(DrillsText.StateNotReached),
    });

    /// <summary>"日本語 / English" from the two resource files.</summary>
    private static string Both(string key)
    {
        var ja = DrillsText.ResourceManager.GetString(key, Ja) ?? key;
        var en = DrillsText.ResourceManager.GetString(key, CultureInfo.InvariantCulture) ?? key;
        return ja == en ? en : ja + " / " + en;
    }

    private static string N(uint value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
