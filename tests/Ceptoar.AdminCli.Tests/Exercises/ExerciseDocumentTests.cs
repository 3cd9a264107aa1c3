using System.Globalization;
using Ceptoar.AdminCli.Exercises;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests.Exercises;

/// <summary>
/// The after-action report's files carry what other nodes signed (scenario titles, refusal reasons), so they must never
/// run it: the HTML encodes everything and loads nothing, the CSV neutralises spreadsheet formulas.
/// </summary>
public sealed class ExerciseDocumentTests
{
    [Fact]
    public void Html_HostileTitleAndReason_EncodedNothingLoadedOrRun()
    {
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        var html = ExerciseViews.Html(Report("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_ReasonThatLooksLikeAFormula_QuotedAsText()
    {
        var csv = ExerciseViews.Csv(Report("title", "=HYPERLINK(\"http://x\")"));

        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csv.Split("\r\n")[1], StringComparison.Ordinal);
    }

    private static ExerciseReport Report(string title, string reason) => new()
    {
        Exercise = new ExerciseSummary
        {
            ScenarioId = "01a24a00-0000-7000-8000-000000000001", Name = "ddos-test", TitleJa = title, TitleEn = title, Controller = "nisc",
            StartAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 1, 0, 0, TimeSpan.Zero)), Participants = { "bank-ceptoar" },
        },
        GeneratedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero)),
        Checks =
        {
            new ExerciseCheck { InjectId = "i1", FromNode = "bank-ceptoar", Node = "electricity-ceptoar", Received = "refused", Acknowledged = "missing", Answered = "not-expected", Reason = reason },
        },
        Nodes = { new ExerciseNodeSummary { Node = "electricity-ceptoar", Expected = 2, Missing = 2 } },
    };
}
