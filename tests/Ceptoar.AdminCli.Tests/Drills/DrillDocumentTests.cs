using System.Globalization;
using Ceptoar.AdminCli.Drills;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests.Drills;

/// <summary>
/// The drill report's files carry what other nodes signed (their names), so they must never run it: the CSV neutralises
/// spreadsheet formulas, the HTML encodes everything and loads nothing from anywhere.
/// </summary>
public sealed class DrillDocumentTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Csv_NodeNamesThatLookLikeFormulas_QuotedAsText_AndCommasQuoted()
    {
        var csv = DrillViews.Csv(Report("=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "a, b"));

        var row = csv.Split("\r\n")[1];
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", row, StringComparison.Ordinal);
        Assert.Contains("'+cmd|' /C calc'!A0", row, StringComparison.Ordinal);
        Assert.Contains("\"a, b\"", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_HostileNamesAndInstruction_EncodedNothingLoadedOrRun()
    {
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var report = Report("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "finance");
        report.InstructionJa = "</dd><script>steal()</script>";

        var html = DrillHtml.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AcknowledgementChart_OneLinePerSectorWithAcknowledgements_LegendSaysCountOfReached()
    {
        var report = Report("bank", "Bank", "finance");
        report.Sectors.Add(new DrillSectorReport { Sector = "finance", MembersReached = 4, AcknowledgementLatenciesMs = { 60_000, 120_000, 180_000 } });
        report.Sectors.Add(new DrillSectorReport { Sector = "electricity", MembersReached = 2 });

        var svg = DrillHtml.AcknowledgementChart(report);

        Assert.Equal(1, svg.Split("<polyline").Length - 1);
        Assert.Contains("finance (3/4)", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("electricity", svg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(850, "850 ms")]
    [InlineData(12_345, "12.3 s")]
    [InlineData(245_000, "4 min 05 s")]
    [InlineData(7_380_000, "2 h 03 min")]
    [InlineData(-1_500, "-1.5 s")]
    public void Duration_InEnglish_ReadableUnit(long ms, string expected)
    {
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

        Assert.Equal(expected, DrillViews.Duration(ms));
    }

    [Fact]
    public void Duration_InJapanese_JapaneseUnits()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");

        Assert.Equal("4 分 05 秒", DrillViews.Duration(245_000));
    }

    private static DrillReport Report(string nodeNameJa, string nodeNameEn, string sector) => new()
    {
        Drill = new DrillSummary
        {
            DrillId = "01a24a00-0000-7000-8000-000000000001", Title = "セプター訓練 / CEPTOAR drill",
            StartedAt = Timestamp.FromDateTimeOffset(Start), AcknowledgeBy = Timestamp.FromDateTimeOffset(Start.AddHours(1)),
        },
        GeneratedAt = Timestamp.FromDateTimeOffset(Start.AddMinutes(5)),
        Nodes =
        {
            new DrillNodeReport
            {
                NodeId = "bank-ceptoar", NameJa = nodeNameJa, NameEn = nodeNameEn, Sectors = { sector }, State = "delivered",
                DeliveredAt = Timestamp.FromDateTimeOffset(Start.AddSeconds(1)), DeliveryLatencyMs = 1_000, MembersReached = 2, MembersMissing = 2,
            },
        },
        Totals = new DrillTotals { Nodes = 1, NodesDelivered = 1, MembersReached = 2, MembersMissing = 2 },
    };
}
