using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Drills;

/// <summary>`drill …`: CEPTOAR drills (セプター訓練, docs/DRILLS.md): start one, then follow who received and acknowledged it.</summary>
internal static class DrillCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var drill = new Command("drill", DrillsText.DrillDescription);
        options.AddTo(drill);
        drill.Subcommands.Add(Start(options));
        drill.Subcommands.Add(List(options));
        drill.Subcommands.Add(Close(options));
        drill.Subcommands.Add(Report(options));
        drill.Subcommands.Add(DrillWatch.Create(options));
        return drill;
    }

    private static Command List(NodeOptions options)
    {
        var limit = new Option<uint>("--limit") { Description = DrillsText.LimitDescription, HelpName = "N", DefaultValueFactory = _ => 100 };
        var command = new Command("list", DrillsText.ListDescription) { limit };
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListDrillsAsync(new ListDrillsRequest { Limit = call.Get(limit) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Drills.Count == 0)
            {
                call.Output.Line(DrillsText.NoDrills);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [DrillsText.DrillHeader, DrillsText.TitleHeader, DrillsText.StartedHeader, DrillsText.DeadlineHeader, DrillsText.ClosedHeader, DrillsText.StartedByHeader],
                response.Drills.Select(d => (IReadOnlyList<string?>)
                [
                    d.DrillId, d.Title, Formats.Time(d.StartedAt), Formats.Time(d.AcknowledgeBy), d.ClosedAt is null ? DrillsText.Open : Formats.Time(d.ClosedAt), d.StartedBy,
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Close(NodeOptions options)
    {
        var id = DrillIdArgument();
        var staff = ItemSubmitCommand.StaffOption(DrillsText.CloseAsDescription);
        var command = new Command("close", DrillsText.CloseDescription) { id, staff };
        NodeAction.Set(command, options, async call =>
        {
            var request = new CloseDrillRequest { DrillId = call.Require(id).Trim(), StaffName = ItemSubmitCommand.StaffName(call.Get(staff)) };
            var closed = await call.Client.CloseDrillAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(closed);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(DrillsText.Closed, closed.DrillId, Formats.Time(closed.ClosedAt), closed.ClosedBy));
            call.Output.Line(Localized.Format(DrillsText.ReportHint, closed.DrillId));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Report(NodeOptions options)
    {
        var id = DrillIdArgument();
        var format = new Option<string>("--format") { Description = DrillsText.FormatDescription, HelpName = "table|json|csv|html", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv", "html");
        var file = new Option<string?>("--output") { Description = DrillsText.OutputDescription, HelpName = "FILE" };
        var command = new Command("report", DrillsText.ReportDescription) { id, format, file };
        NodeAction.Set(command, options, async call =>
        {
            var report = await call.Client.GetDrillReportAsync(new GetDrillReportRequest { DrillId = call.Require(id).Trim() }, call.Options);
            var chosen = call.Json ? "json" : call.Get(format);
            await DocumentOutput.WriteAsync(call, call.Get(file), (output, writer) =>
            {
                switch (chosen)
                {
                    case "json": output.Json(report); break;
                    case "csv": writer.Write(DrillViews.Csv(report)); break;
                    case "html": writer.Write(DrillHtml.Render(report)); break;
                    default: DrillViews.Table(output, report); break;
                }
            }, DrillsText.ReportWritten);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The DRILL-ID argument, checked before any call.</summary>
    public static Argument<string> DrillIdArgument()
    {
        var id = new Argument<string>("DRILL-ID") { Description = DrillsText.DrillIdDescription };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Input.ArgumentRules.IsItemId(value))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        return id;
    }

    private static Command Start(NodeOptions options)
    {
        var ja = new Option<string>("--instruction-ja") { Description = DrillsText.InstructionJaDescription, HelpName = "TEXT", Required = true };
        var en = new Option<string>("--instruction-en") { Description = DrillsText.InstructionEnDescription, HelpName = "TEXT", Required = true };
        var within = new Option<uint>("--within") { Description = DrillsText.WithinDescription, HelpName = "MINUTES", DefaultValueFactory = _ => 60 };
        within.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<uint>() is 0 or > 10_080)
            {
                result.AddError(Localized.Format(DrillsText.WithinOutOfRange, result.GetValueOrDefault<uint>()));
            }
        });
        var federation = new Option<bool>("--federation") { Description = DrillsText.FederationDescription };
        var nodes = new Option<string[]>("--node") { Description = DrillsText.NodeDescription, HelpName = "NODE-ID" };
        var sectors = new Option<string[]>("--sector") { Description = DrillsText.SectorDescription, HelpName = "SECTOR" };
        var label = new Option<string>("--label") { Description = DrillsText.LabelDescription, HelpName = "clear|green", DefaultValueFactory = _ => "green" };
        label.AcceptOnlyFromAmong("clear", "green");
        var title = new Option<string?>("--title") { Description = DrillsText.TitleDescription, HelpName = "TEXT" };
        var staff = ItemSubmitCommand.StaffOption(DrillsText.AsDescription);
        var requestId = new Option<string?>("--request-id") { Description = DrillsText.RequestIdDescription, HelpName = "ID" };
        var command = new Command("start", DrillsText.StartDescription) { ja, en, within, federation, nodes, sectors, label, title, staff, requestId };
        NodeAction.Set(command, options, async call =>
        {
            var request = new StartDrillRequest
            {
                StaffName = ItemSubmitCommand.StaffName(call.Get(staff)),
                InstructionJa = call.Require(ja)!,
                InstructionEn = call.Require(en)!,
                AcknowledgeWithinMinutes = call.Get(within),
                Tlp = call.Get(label) == "clear" ? Tlp.Clear : Tlp.Green,
                WholeFederation = call.Get(federation),
                Title = call.Get(title) ?? "",
            };
            request.Nodes.AddRange(call.Get(nodes) ?? []);
            request.Sectors.AddRange(call.Get(sectors) ?? []);
            request.ClientRequestId = call.Get(requestId) ?? RequestIdOf(request, DateTimeOffset.UtcNow);
            var response = await call.Client.StartDrillAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(response.Duplicate
                ? Localized.Format(DrillsText.AlreadyStarted, response.DrillId)
                : Localized.Format(response.Status == "held" ? DrillsText.StartedHeld : DrillsText.Started, response.DrillId, Formats.Time(response.AcknowledgeBy)));
            call.Output.Line(Localized.Format(DrillsText.StatusHint, response.DrillId));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The same person starting the same drill again on the same day (UTC) gets the first one back: a retry after a lost
    /// answer, or the command run twice by mistake, never drills everyone twice. --request-id sets another.
    /// </summary>
    public static string RequestIdOf(StartDrillRequest request, DateTimeOffset now)
    {
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes(now.UtcDateTime.ToString("yyyy-MM-dd\n", System.Globalization.CultureInfo.InvariantCulture)), .. request.ToByteArray()]);
        return "drill-" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }
}
