using System.Globalization;
using Ceptoar.AdminCli.Modes;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests.Modes;

/// <summary>
/// What `status board` and `mode set` make of what they get: titles other nodes wrote never reach the terminal as
/// control sequences, --watch redraws for a new report or a node turning late but not for ages alone, and
/// --report-every reads minutes and hours within 5 to 1440 minutes.
/// </summary>
public sealed class StatusBoardViewTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Write_HostileTitle_NoControlCharacterReachesTheTerminal_LateMarked()
    {
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        var board = Board();
        board.Rows[0].DamageReport.Title = "ATM down\u001b[2J\u001b]0;pwned\u0007\r\nforged line";
        var writer = new StringWriter();

        StatusBoardCommand.Write(new CliOutput(writer), board, json: false);

        var text = writer.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain("\nforged line", text, StringComparison.Ordinal);
        Assert.Contains("ATM down [2J ]0;pwned   forged line [high, TLP:GREEN] 75 min ago", text, StringComparison.Ordinal);
        Assert.Contains("1 of 2 secretariats late.", text, StringComparison.Ordinal);
        Assert.Contains("LATE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InJapanese_NamesAndWordsInJapanese()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
        var writer = new StringWriter();

        StatusBoardCommand.Write(new CliOutput(writer), Board(), json: false);

        var text = writer.ToString();
        Assert.Contains("bank-ceptoar (金融セプター)", text, StringComparison.Ordinal);
        Assert.Contains("75 分前", text, StringComparison.Ordinal);
        Assert.Contains("2 セプター中 1 が報告遅延です。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_AgesMove_Unchanged_ANodeTurnsLateOrReports_Changed()
    {
        var board = Board();
        var first = StatusBoardCommand.Fingerprint(board);

        board.Rows[0].DamageReport.AgeMinutes += 5;
        var aged = StatusBoardCommand.Fingerprint(board);
        board.Rows[1].Late = true;
        var late = StatusBoardCommand.Fingerprint(board);
        board.Rows[1].ResponseStatus = new BoardReport { ItemId = "0193a5d0-0000-7000-8000-000000000009", Title = "ok" };
        var reported = StatusBoardCommand.Fingerprint(board);

        Assert.Equal(first, aged);
        Assert.NotEqual(aged, late);
        Assert.NotEqual(late, reported);
    }

    [Theory]
    [InlineData("60m", 60u)]
    [InlineData("1h", 60u)]
    [InlineData("90", 90u)]
    [InlineData("5m", 5u)]
    [InlineData("24h", 1440u)]
    [InlineData("4m", null)]
    [InlineData("25h", null)]
    [InlineData("1441m", null)]
    [InlineData("m", null)]
    [InlineData("+60", null)]
    [InlineData("4294967295h", null)]
    public void ReportEveryMinutes_MinutesOrHours_WithinFiveToADay(string given, uint? expected)
    {
        Assert.Equal(expected, ModeCommands.ReportEveryMinutes(given));
    }

    private static StatusBoard Board() => new()
    {
        Period = new ModePeriod
        {
            PeriodId = "0193a5d0-0000-7000-8000-000000000001", StartedAt = Timestamp.FromDateTimeOffset(Start), ReportEveryMinutes = 60, Reason = "outage",
        },
        AsOf = Timestamp.FromDateTimeOffset(Start.AddMinutes(80)),
        Rows =
        {
            new BoardRow
            {
                NodeId = "bank-ceptoar", NameJa = "金融セプター", NameEn = "Bank CEPTOAR", Sectors = { "finance" }, Late = true,
                DamageReport = new BoardReport
                {
                    ItemId = "0193a5d0-0000-7000-8000-000000000002", Title = "ATM down", Severity = Severity.High, Tlp = Tlp.Green,
                    CreatedAt = Timestamp.FromDateTimeOffset(Start.AddMinutes(5)), AgeMinutes = 75,
                },
            },
            new BoardRow { NodeId = "electricity-ceptoar", NameJa = "電力セプター", NameEn = "Electricity CEPTOAR", Sectors = { "electricity" } },
        },
    };
}
