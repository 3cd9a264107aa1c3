using System.CommandLine;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Statistics;

/// <summary>
/// `stats sharing [--from YYYY-MM] [--to YYYY-MM] [--by sector|ceptoar|kind|label|month] [--direction sent|received|both]
/// [--format table|csv|json]` (docs/CONSOLE.md §5): the node's sharing statistics per sector and CEPTOAR. The period,
/// grouping and direction go to the node as typed, which checks them and answers a refusal in the reader's language.
/// </summary>
internal static class StatisticsCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var stats = new Command("stats", StatisticsText.StatsDescription);
        options.AddTo(stats);
        stats.Subcommands.Add(Sharing(options));
        return stats;
    }

    private static Command Sharing(NodeOptions options)
    {
        var from = new Option<string?>("--from") { Description = StatisticsText.FromDescription, HelpName = "YYYY-MM" };
        var to = new Option<string?>("--to") { Description = StatisticsText.ToDescription, HelpName = "YYYY-MM" };
        var by = new Option<string?>("--by") { Description = StatisticsText.ByDescription, HelpName = "sector|ceptoar|kind|label|month" };
        var direction = new Option<string?>("--direction") { Description = StatisticsText.DirectionDescription, HelpName = "sent|received|both" };
        var format = new Option<string>("--format") { Description = StatisticsText.FormatDescription, HelpName = "table|csv|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv", "json");
        var command = new Command("sharing", StatisticsText.SharingDescription) { from, to, by, direction, format };
        NodeAction.Set(command, options, async call =>
        {
            var request = new SharingStatisticsRequest
            {
                FromMonth = call.Get(from)?.Trim() ?? "",
                ToMonth = call.Get(to)?.Trim() ?? "",
                GroupBy = call.Get(by)?.Trim() ?? "",
                Direction = call.Get(direction)?.Trim() ?? "",
            };
            var statistics = await call.Client.SharingStatisticsAsync(request, call.Options);
            var chosen = call.Json ? "json" : call.Get(format);
            switch (chosen)
            {
                case "json": call.Output.Json(statistics); break;
                case "csv": call.Output.Writer.Write(SharingViews.Csv(statistics)); break;
                default: SharingViews.Table(call.Output, statistics); break;
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
