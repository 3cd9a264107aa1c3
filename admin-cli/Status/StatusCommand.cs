using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Modes;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Status;

/// <summary>`status`: who the node is, what it holds, when its certificates expire and the federation's mode; `status board`: the status board (docs/MODES.md §5).</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var command = new Command("status", CommonText.StatusDescription);
        options.AddTo(command);
        NodeAction.Set(command, options, RunAsync);
        command.Subcommands.Add(StatusBoardCommand.Create(options));
        return command;
    }

    private static async Task<int> RunAsync(NodeCall call)
    {
        var status = await call.Client.GetStatusAsync(new GetStatusRequest(), call.Options);
        if (call.Json)
        {
            call.Output.Json(status);
            return ExitCodes.Ok;
        }

        call.Output.Fields([
            (CommonText.NodeId, status.NodeId),
            (CommonText.Role, status.Role),
            (CommonText.Version, status.Version),
            (CommonText.StartedAt, Formats.Time(status.StartedAt)),
            (CommonText.DataDirectory, status.DataDir),
            (CommonText.Items, Formats.Number(status.Items)),
            (CommonText.ExerciseItems, Formats.Number(status.ExerciseItems)),
            (CommonText.LastCursor, Formats.Number(status.LastCursor)),
            (CommonText.Members, Formats.Number(status.Members)),
            (CommonText.AuditEntries, Formats.Number(status.AuditEntries)),
            (CommonText.DatabaseSize, Formats.Bytes(status.DatabaseBytes)),
            (CommonText.MemberEndpoints, Formats.List(status.MemberEndpoints)),
            (CommonText.FederationEndpoints, Formats.List(status.FederationEndpoints)),
            (CommonText.TlsCertificateExpires, Formats.Time(status.TlsCertificateExpires)),
            (CommonText.SigningCertificateExpires, Formats.Time(status.SigningCertificateExpires)),
            (CommonText.Mode, Mode(status)),
        ]);
        return ExitCodes.Ok;
    }

    /// <summary>The federation's mode as the node holds it (docs/MODES.md §4), on one line.</summary>
    private static string Mode(NodeStatus status) => ModeCommands.Describe(
        status.Mode,
        status.Mode == FederationMode.LargeScale
            ? new ModePeriod { PeriodId = status.ModePeriodId, StartedAt = status.ModeSince, ScopeSectors = { status.ModeScopeSectors }, ReportEveryMinutes = status.ModeReportEveryMinutes }
            : null,
        status.ModeSince);
}
