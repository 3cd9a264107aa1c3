using System.CommandLine;
using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ceptoar.AdminCli.Modes;

/// <summary>
/// `status board [--period ID] [--watch] [--format table|json]` (docs/MODES.md §5): the status board at NISC and the
/// Council. With --watch, in a terminal the table is redrawn in place; elsewhere the board is written again each time
/// something on it changes (a report, who is late), until Ctrl+C or the period ends.
/// </summary>
internal static class StatusBoardCommand
{
    public static Command Create(NodeOptions options)
    {
        var period = new Option<string?>("--period") { Description = ModesText.PeriodOptionDescription, HelpName = "PERIOD-ID" };
        period.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !Input.ArgumentRules.IsItemId(value))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        var watch = new Option<bool>("--watch") { Description = ModesText.WatchDescription };
        var format = new Option<string>("--format") { Description = ModesText.FormatDescription, HelpName = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var interval = new Option<uint>("--interval") { Description = ModesText.IntervalDescription, HelpName = "SECONDS", DefaultValueFactory = _ => 5 };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<uint>() is 0 or > 3_600)
            {
                result.AddError(Localized.Format(ModesText.IntervalOutOfRange, result.GetValueOrDefault<uint>()));
            }
        });
        var command = new Command("board", ModesText.BoardDescription) { period, watch, format, interval };
        NodeAction.Set(command, options, async call =>
        {
            var request = new GetStatusBoardRequest { PeriodId = call.Get(period)?.Trim() ?? "" };
            var json = call.Json || call.Get(format) == "json";
            var board = await call.Client.GetStatusBoardAsync(request, call.Options);
            if (!call.Get(watch))
            {
                Write(call.Output, board, json);
                return ExitCodes.Ok;
            }

            var pause = TimeSpan.FromSeconds(call.Get(interval));
            if (call.Output.IsTerminal && !json)
            {
                await call.Output.AnsiConsole.Live(Render(board)).StartAsync(async live =>
                {
                    while (board.Period.EndedAt is null && await WaitAsync(pause, call.CancellationToken))
                    {
                        board = await call.Client.GetStatusBoardAsync(request, call.Options);
                        live.UpdateTarget(Render(board));
                    }
                });
            }
            else
            {
                var last = "";
                while (true)
                {
                    if (Fingerprint(board) is var now && now != last)
                    {
                        Write(call.Output, board, json);
                        last = now;
                    }

                    if (board.Period.EndedAt is not null || !await WaitAsync(pause, call.CancellationToken))
                    {
                        break;
                    }

                    board = await call.Client.GetStatusBoardAsync(request, call.Options);
                }
            }

            call.Output.Line(ModesText.WatchStopped);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>What a watcher redraws for: the reports shown and who is late (ages alone move every minute).</summary>
    public static string Fingerprint(StatusBoard board) =>
        string.Join("|", board.Rows.Select(r => $"{r.NodeId}:{r.DamageReport?.ItemId}:{r.ResponseStatus?.ItemId}:{r.Late}")) + "|" + board.Period.EndedBy;

    public static void Write(CliOutput output, StatusBoard board, bool json)
    {
        if (json)
        {
            output.Json(board);
            return;
        }

        output.Line(Heading(board));
        if (board.Rows.Count == 0)
        {
            output.Line(ModesText.BoardEmpty);
            return;
        }

        output.Rows(Headers, board.Rows.Select(Cells));
        output.Line(Localized.Format(ModesText.BoardSummary, board.Rows.Count(r => r.Late), board.Rows.Count));
    }

    private static IReadOnlyList<string> Headers =>
        [ModesText.NodeHeader, ModesText.SectorsHeader, ModesText.DamageHeader, ModesText.ResponseHeader, ModesText.LateHeader];

    private static IReadOnlyList<string?> Cells(BoardRow row) =>
    [
        Name(row), string.Join(",", row.Sectors), Report(row.DamageReport), Report(row.ResponseStatus), row.Late ? ModesText.LateYes : ModesText.LateNo,
    ];

    public static string Heading(StatusBoard board) => Localized.Format(
        ModesText.BoardHeading, board.Period.PeriodId, Formats.Time(board.Period.StartedAt),
        board.Period.EndedAt is null ? "" : Localized.Format(ModesText.BoardEnded, Formats.Time(board.Period.EndedAt)),
        ModeCommands.Scope(board.Period.ScopeSectors), board.Period.ReportEveryMinutes, Formats.Time(board.AsOf));

    /// <summary>The node id with its name in the reader's language (names come from signed descriptors: shown as text, never markup).</summary>
    private static string Name(BoardRow row)
    {
        var name = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? row.NameJa : row.NameEn;
        return name.Length == 0 ? row.NodeId : $"{row.NodeId} ({name})";
    }

    private static string Report(BoardReport? report) => report is null
        ? ModesText.NoReport
        : Localized.Format(ModesText.ReportCell, OneLine(report.Title), report.Severity.ToString().ToLowerInvariant(), "TLP:" + TlpTransport.Name(report.Tlp), report.AgeMinutes);

    /// <summary>A title another node wrote, on one line: control characters (terminal escapes, line breaks) become spaces.</summary>
    public static string OneLine(string text) => new([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);

    private static IRenderable Render(StatusBoard board)
    {
        var table = new Table();
        foreach (var header in Headers)
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        foreach (var row in board.Rows)
        {
            table.AddRow(Cells(row).Select(c => (IRenderable)new Text(c ?? "", row.Late ? new Style(Color.Red) : Style.Plain)).ToArray());
        }

        return new Rows(new Text(Heading(board)), table,
            new Text(Localized.Format(ModesText.BoardSummary, board.Rows.Count(r => r.Late), board.Rows.Count)));
    }

    /// <summary>False when cancelled (Ctrl+C): the watch ends quietly.</summary>
    private static async Task<bool> WaitAsync(TimeSpan pause, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(pause, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
