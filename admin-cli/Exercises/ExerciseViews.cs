using System.Globalization;
using System.Net;
using System.Text;
using Ceptoar.AdminCli.Drills;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Exercises;

/// <summary>The after-action report for people (table, bilingual HTML) and for spreadsheets (CSV).</summary>
internal static class ExerciseViews
{
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "inject_id", "at_minutes", "from_node", "node", "inject_item_id", "sent_at", "received", "received_ms", "acknowledged", "acknowledged_ms", "answered", "answered_ms", "reason",
    ];

    public static void Table(CliOutput output, ExerciseReport report)
    {
        var e = report.Exercise;
        output.Line(Localized.Format(ExercisesText.ReportTitle, e.Name, Either(e.TitleJa, e.TitleEn), e.ScenarioId));
        output.Line(Localized.Format(ExercisesText.ReportStart, Formats.Time(e.StartAt), e.Controller, string.Join(", ", e.Participants)));
        output.Line();
        output.Rows(
            [ExercisesText.InjectHeader, ExercisesText.AtHeader, ExercisesText.FromHeader, ExercisesText.ToHeader, ExercisesText.ReceivedHeader, ExercisesText.AcknowledgedHeader,
             ExercisesText.AnsweredHeader, ExercisesText.ReasonHeader],
            report.Checks.Select(c => (IReadOnlyList<string?>)
            [
                c.InjectId, "T+" + c.AtMinutes.ToString(CultureInfo.InvariantCulture), c.FromNode, c.Node,
                Outcome(c.Received, c.HasReceivedMs ? c.ReceivedMs : null), Outcome(c.Acknowledged, c.HasAcknowledgedMs ? c.AcknowledgedMs : null),
                Outcome(c.Answered, c.HasAnsweredMs ? c.AnsweredMs : null), c.Reason,
            ]));
        output.Line();
        output.Rows(
            [ExercisesText.ToHeader, ExercisesText.ExpectedHeader, ExercisesText.InTimeHeader, ExercisesText.LateHeader, ExercisesText.MissingHeader, ExercisesText.PendingHeader],
            report.Nodes.Select(n => (IReadOnlyList<string?>)
            [
                n.Node, N(n.Expected), N(n.InTime), N(n.Late), N(n.Missing), N(n.Pending),
            ]));
    }

    public static string Csv(ExerciseReport report)
    {
        var csv = new StringBuilder(string.Join(',', CsvColumns)).Append("\r\n");
        foreach (var c in report.Checks)
        {
            string?[] cells =
            [
                c.InjectId, N(c.AtMinutes), c.FromNode, c.Node, c.InjectItemId,
                c.SentAt?.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                c.Received, c.HasReceivedMs ? L(c.ReceivedMs) : null, c.Acknowledged, c.HasAcknowledgedMs ? L(c.AcknowledgedMs) : null,
                c.Answered, c.HasAnsweredMs ? L(c.AnsweredMs) : null, c.Reason,
            ];
            csv.Append(string.Join(',', cells.Select(DrillViews.CsvCell))).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>One self-contained file, Japanese and English side by side, nothing loaded or run.</summary>
    public static string Html(ExerciseReport report)
    {
        var e = report.Exercise;
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(E(Both(nameof(ExercisesText.HtmlTitle)))).Append(" — ").Append(E(e.Name)).Append("</title>\n")
            .Append("<style>body{font-family:system-ui,'Noto Sans CJK JP',sans-serif;margin:2em;color:#111}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #999;padding:.3em .6em}th{background:#eee}.exercise{background:#fff3b0;padding:.4em;border:2px solid #c90;font-weight:bold}")
            .Append(".ok{background:#d8f5d8}.late{background:#fff0c0}.missing,.refused{background:#f8d0d0}</style>\n</head>\n<body>\n")
            .Append("<p class=\"exercise\">").Append(E(Both(nameof(ExercisesText.HtmlExerciseBanner)))).Append("</p>\n")
            .Append("<h1>").Append(E(Both(nameof(ExercisesText.HtmlTitle)))).Append(": ").Append(E(e.TitleJa)).Append(" / ").Append(E(e.TitleEn)).Append("</h1>\n")
            .Append("<p>").Append(E(e.Name)).Append(" (").Append(E(e.ScenarioId)).Append("), ").Append(E(Formats.Time(e.StartAt))).Append(", ")
            .Append(E(e.Controller)).Append("</p>\n<table>\n<tr>");
        foreach (var header in new[]
        {
            nameof(ExercisesText.InjectHeader), nameof(ExercisesText.AtHeader), nameof(ExercisesText.FromHeader), nameof(ExercisesText.ToHeader),
            nameof(ExercisesText.ReceivedHeader), nameof(ExercisesText.AcknowledgedHeader), nameof(ExercisesText.AnsweredHeader), nameof(ExercisesText.ReasonHeader),
        })
        {
            html.Append("<th>").Append(E(Both(header))).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var c in report.Checks)
        {
            html.Append("<tr><td>").Append(E(c.InjectId)).Append("</td><td>T+").Append(N(c.AtMinutes)).Append("</td><td>").Append(E(c.FromNode)).Append("</td><td>")
                .Append(E(c.Node)).Append("</td>");
            foreach (var (outcome, ms) in new[] { (c.Received, c.HasReceivedMs ? c.ReceivedMs : (long?)null), (c.Acknowledged, c.HasAcknowledgedMs ? c.AcknowledgedMs : null), (c.Answered, c.HasAnsweredMs ? c.AnsweredMs : null) })
            {
                html.Append("<td class=\"").Append(E(outcome)).Append("\">").Append(E(OutcomeBoth(outcome))).Append(ms is { } v ? " (" + E(DrillViews.Duration(v)) + ")" : "").Append("</td>");
            }

            html.Append("<td>").Append(E(c.Reason)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<table>\n<tr>");
        foreach (var header in new[] { nameof(ExercisesText.ToHeader), nameof(ExercisesText.ExpectedHeader), nameof(ExercisesText.InTimeHeader), nameof(ExercisesText.LateHeader), nameof(ExercisesText.MissingHeader), nameof(ExercisesText.PendingHeader) })
        {
            html.Append("<th>").Append(E(Both(header))).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var n in report.Nodes)
        {
            html.Append("<tr><td>").Append(E(n.Node)).Append("</td><td>").Append(N(n.Expected)).Append("</td><td>").Append(N(n.InTime)).Append("</td><td>")
                .Append(N(n.Late)).Append("</td><td>").Append(N(n.Missing)).Append("</td><td>").Append(N(n.Pending)).Append("</td></tr>\n");
        }

        return html.Append("</table>\n</body>\n</html>\n").ToString();
    }

    private static string Outcome(string outcome, long? ms)
    {
        var text = outcome switch
        {
            "ok" => ExercisesText.OutcomeInTime,
            "late" => ExercisesText.OutcomeLate,
            "missing" => ExercisesText.OutcomeMissing,
            "refused" => ExercisesText.OutcomeRefused,
            "pending" => ExercisesText.OutcomePending,
            _ => "-",
        };
        return ms is { } v && outcome != "not-expected" ? text + " (" + DrillViews.Duration(v) + ")" : text;
    }

    private static string OutcomeBoth(string outcome) => outcome switch
    {
        "ok" => Both(nameof(ExercisesText.OutcomeInTime)),
        "late" => Both(nameof(ExercisesText.OutcomeLate)),
        "missing" => Both(nameof(ExercisesText.OutcomeMissing)),
        "refused" => Both(nameof(ExercisesText.OutcomeRefused)),
        "pending" => Both(nameof(ExercisesText.OutcomePending)),
        _ => "-",
    };

    private static string Both(string key)
    {
        var ja = ExercisesText.ResourceManager.GetString(key, CultureInfo.GetCultureInfo("ja")) ?? key;
        var en = ExercisesText.ResourceManager.GetString(key, CultureInfo.InvariantCulture) ?? key;
        return ja == en ? en : ja + " / " + en;
    }

    private static string Either(string first, string second) => first.Length > 0 ? first : second;

    private static string N(uint value) => value.ToString(CultureInfo.InvariantCulture);

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
}
