using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ceptoar.AdminCli.Drills;

/// <summary>
/// `drill watch DRILL-ID`: the report, live. In a terminal a table redrawn in place with a progress bar of members
/// acknowledged; elsewhere (a pipe, a log) one line each time a figure changes. Ends when every reached member has
/// acknowledged and every node answered, when the drill is closed or its deadline has passed, or on Ctrl+C.
/// </summary>
internal static class DrillWatch
{
    public static Command Create(NodeOptions options)
    {
        var id = DrillCommands.DrillIdArgument();
        var interval = new Option<uint>("--interval") { Description = DrillsText.IntervalDescription, HelpName = "SECONDS", DefaultValueFactory = _ => 2 };
        interval.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<uint>() is 0 or > 3_600)
            {
                result.AddError(Localized.Format(DrillsText.IntervalOutOfRange, result.GetValueOrDefault<uint>()));
            }
        });
        var command = new Command("watch", DrillsText.WatchDescription) { id, interval };
        NodeAction.Set(command, options, async call =>
        {
            var request = new GetDrillReportRequest { DrillId = call.Require(id).Trim() };
            var pause = TimeSpan.FromSeconds(call.Get(interval));
            var report = await call.Client.GetDrillReportAsync(request, call.Options);
            if (call.Output.IsTerminal)
            {
                await call.Output.AnsiConsole.Live(Render(report)).StartAsync(async live =>
                {
                    while (!IsDone(report) && await WaitAsync(pause, call.CancellationToken))
                    {
                        report = await call.Client.GetDrillReportAsync(request, call.Options);
                        live.UpdateTarget(Render(report));
                    }
                });
            }
            else
            {
                var last = "";
                while (true)
                {
                    var line = Progress(report);
                    if (line != last)
                    {
                        call.Output.Line(Localized.Format(DrillsText.WatchLine, Formats.Time(report.GeneratedAt), line));
                        last = line;
                    }

                    if (IsDone(report) || !await WaitAsync(pause, call.CancellationToken))
                    {
                        break;
                    }

                    report = await call.Client.GetDrillReportAsync(request, call.Options);
                }
            }

            call.Output.Line(IsDone(report) ? Localized.Format(DrillsText.WatchDone, report.Drill.DrillId) : Localized.Format(DrillsText.WatchStopped, report.Drill.DrillId));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Nothing more to wait for: closed, past its deadline, or every node answered and every member it reached acknowledged.</summary>
    public static bool IsDone(DrillReport report)
    {
        if (report.Drill.ClosedAt is not null || report.GeneratedAt.ToDateTimeOffset() > report.Drill.AcknowledgeBy.ToDateTimeOffset())
        {
            return true;
        }

        var t = report.Totals;
        return t.Nodes > 0 && t.NodesDelivered + t.NodesRejected == t.Nodes && report.Nodes.All(n => n.State != "delivered" || n.HasMembersReached)
            && t.MembersMissing == 0;
    }

    /// <summary>The figures that change as the drill goes on, in one line.</summary>
    public static string Progress(DrillReport report)
    {
        var t = report.Totals;
        return Localized.Format(DrillsText.WatchProgress, t.NodesDelivered, t.Nodes, t.MembersAcknowledged, t.MembersReached, t.MembersMissing, t.MembersLate);
    }

    private static IRenderable Render(DrillReport report)
    {
        var t = report.Totals;
        var table = new Table();
        foreach (var header in new[] { DrillsText.NodeHeader, DrillsText.StateHeader, DrillsText.DeliveredHeader, DrillsText.ReachedHeader, DrillsText.AcknowledgedHeader, DrillsText.MissingHeader })
        {
            table.AddColumn(new TableColumn(new Text(header)));
        }

        foreach (var n in report.Nodes)
        {
            table.AddRow(
                new Text(n.NodeId), new Text(DrillViews.State(n.State)), new Text(n.HasDeliveryLatencyMs ? DrillViews.Duration(n.DeliveryLatencyMs) : "-"),
                new Text(n.HasMembersReached ? n.MembersReached.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?"),
                new Text(n.MembersAcknowledged.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Text(n.HasMembersMissing ? n.MembersMissing.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?"));
        }

        var chart = new BreakdownChart().Width(60)
            .AddItem(DrillsText.AcknowledgedHeader, t.MembersAcknowledged, Color.Green)
            .AddItem(DrillsText.MissingHeader, t.MembersMissing, Color.Grey);
        return new Rows(new Text(string.Join(Environment.NewLine, DrillViews.Heading(report))), chart, table);
    }

    /// <summary>False when cancelled (Ctrl+C): the watch ends quietly, the drill goes on.</summary>
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
