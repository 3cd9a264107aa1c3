using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Modes;

/// <summary>`mode set` and `mode show`: the federation's mode (docs/MODES.md §4). Only NISC switches it; every node shows it.</summary>
internal static class ModeCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var mode = new Command("mode", ModesText.ModeDescription);
        options.AddTo(mode);
        mode.Subcommands.Add(Set(options));
        mode.Subcommands.Add(Show(options));
        return mode;
    }

    private static Command Set(NodeOptions options)
    {
        var target = new Argument<string>("MODE") { Description = ModesText.ModeArgumentDescription };
        target.AcceptOnlyFromAmong("large-scale", "normal");
        var scope = new Option<string?>("--scope") { Description = ModesText.ScopeDescription, HelpName = "whole|SECTOR[,SECTOR...]" };
        var reason = new Option<string>("--reason") { Description = ModesText.ReasonDescription, HelpName = "TEXT", Required = true };
        var every = new Option<string?>("--report-every") { Description = ModesText.ReportEveryDescription, HelpName = "60m" };
        every.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } given && ReportEveryMinutes(given) is null)
            {
                result.AddError(Localized.Format(ModesText.ReportEveryInvalid, given));
            }
        });
        var staff = ItemSubmitCommand.StaffOption(ModesText.AsDescription);
        var requestId = new Option<string?>("--request-id") { Description = ModesText.RequestIdDescription, HelpName = "ID" };
        var command = new Command("set", ModesText.SetDescription) { target, scope, reason, every, staff, requestId };
        NodeAction.Set(command, options, async call =>
        {
            var request = Request(call.Require(target)!, call.Get(scope), call.Require(reason)!, call.Get(every));
            request.StaffName = ItemSubmitCommand.StaffName(call.Get(staff));
            request.ClientRequestId = call.Get(requestId) ?? RequestIdOf(request, DateTimeOffset.UtcNow);
            var view = await call.Client.SetModeAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(view);
                return ExitCodes.Ok;
            }

            // The node switches at once unless one of its handling rules holds the change for approval.
            call.Output.Line(view.Mode == request.Mode
                ? Localized.Format(ModesText.Switched, Name(request.Mode), view.ItemId)
                : Localized.Format(ModesText.SwitchHeld, view.ItemId));
            call.Output.Line(ModesText.ShowHint);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The request from the command line; a mistake is a usage error (exit 1) before any call.</summary>
    public static SetModeRequest Request(string target, string? scope, string reason, string? every)
    {
        var request = new SetModeRequest { Reason = reason };
        if (target == "normal")
        {
            if (scope is not null || every is not null)
            {
                throw new UsageException(ModesText.NormalTakesNoScope);
            }

            request.Mode = FederationMode.Normal;
            return request;
        }

        if (string.IsNullOrWhiteSpace(scope))
        {
            throw new UsageException(ModesText.ScopeRequired);
        }

        var sectors = scope.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (sectors.Contains("whole") && sectors.Length > 1)
        {
            throw new UsageException(Localized.Format(ModesText.ScopeWholeMixed, scope));
        }

        request.Mode = FederationMode.LargeScale;
        // Unknown sectors are the node's to refuse: it knows its vocabulary, and names the field and the choices.
        request.ScopeSectors.AddRange(sectors.Where(s => s != "whole"));
        request.ReportEveryMinutes = ReportEveryMinutes(every ?? "60m") ?? 0;
        return request;
    }

    /// <summary>"60m", "1h" or "90" (minutes) within 5 to 1440 minutes; null otherwise.</summary>
    public static uint? ReportEveryMinutes(string given)
    {
        var text = given.Trim();
        var factor = 1u;
        if (text.EndsWith('h'))
        {
            factor = 60;
            text = text[..^1];
        }
        else if (text.EndsWith('m'))
        {
            text = text[..^1];
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 1_440 && value * factor is >= 5 and <= 1_440
            ? value * factor
            : null;
    }

    private static Command Show(NodeOptions options)
    {
        var command = new Command("show", ModesText.ShowDescription);
        NodeAction.Set(command, options, async call =>
        {
            var view = await call.Client.GetModeAsync(new GetModeRequest(), call.Options);
            if (call.Json)
            {
                call.Output.Json(view);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(ModesText.ModeLine, Describe(view.Mode, view.Current, view.Since)));
            if (view.Periods.Count == 0)
            {
                call.Output.Line(ModesText.NoPeriods);
                return ExitCodes.Ok;
            }

            call.Output.Line();
            call.Output.Rows(
                [ModesText.PeriodHeader, ModesText.StartedHeader, ModesText.EndedHeader, ModesText.ScopeHeader, ModesText.EveryHeader, ModesText.ReasonHeader],
                view.Periods.Select(p => (IReadOnlyList<string?>)
                [
                    p.PeriodId, Formats.Time(p.StartedAt), p.EndedAt is null ? ModesText.Holds : Formats.Time(p.EndedAt), Scope(p.ScopeSectors),
                    p.ReportEveryMinutes.ToString(CultureInfo.InvariantCulture), StatusBoardCommand.OneLine(p.Reason),
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line for a person: "large-scale since …; scope …; report every … min; period …", or "normal since …".</summary>
    public static string Describe(FederationMode mode, ModePeriod? current, Google.Protobuf.WellKnownTypes.Timestamp? since)
    {
        if (mode == FederationMode.LargeScale && current is not null)
        {
            return Localized.Format(ModesText.CurrentLine, ModesText.LargeScale, Formats.Time(current.StartedAt), Scope(current.ScopeSectors), current.ReportEveryMinutes, current.PeriodId);
        }

        return since is null ? Name(mode) : Localized.Format(ModesText.NormalSince, Formats.Time(since));
    }

    public static string Name(FederationMode mode) => mode == FederationMode.LargeScale ? ModesText.LargeScale : ModesText.Normal;

    public static string Scope(IEnumerable<string> sectors) => sectors.Any() ? string.Join(",", sectors) : ModesText.Whole;

    /// <summary>The same person making the same switch the same day (UTC) gets the first answer back: a retry never signs twice.</summary>
    public static string RequestIdOf(SetModeRequest request, DateTimeOffset now)
    {
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes(now.UtcDateTime.ToString("yyyy-MM-dd\n", CultureInfo.InvariantCulture)), .. request.ToByteArray()]);
        return "mode-" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }
}
