using System.CommandLine;
using System.Globalization;
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
            (CommonText.RevocationList, RevocationList(status, DateTimeOffset.UtcNow)),
        ]);
        return ExitCodes.Ok;
    }

    /// <summary>The federation's revocation list the node holds (docs/LIFECYCLE.md §3): version, when issued, its age, entries.</summary>
    private static string RevocationList(NodeStatus status, DateTimeOffset now)
    {
        if (status.RevocationListVersion == 0 || status.RevocationListIssuedAt is null)
        {
            return CommonText.RevocationListNone;
        }

        var age = now - status.RevocationListIssuedAt.ToDateTimeOffset();
        var shown = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        var text = shown.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)shown.TotalDays}d {shown.Hours}h")
            : string.Create(CultureInfo.InvariantCulture, $"{shown.Hours}h {shown.Minutes}m");
        return Localized.Format(CommonText.RevocationListLine, status.RevocationListVersion, Formats.Time(status.RevocationListIssuedAt), text, status.RevocationListEntries);
    }

    /// <summary>The federation's mode as the node holds it (docs/MODES.md §4), on one line.</summary>
    private static string Mode(NodeStatus status) => ModeCommands.Describe(
        status.Mode,
        status.Mode == FederationMode.LargeScale
            ? new ModePeriod { PeriodId = status.ModePeriodId, StartedAt = status.ModeSince, ScopeSectors = { status.ModeScopeSectors }, ReportEveryMinutes = status.ModeReportEveryMinutes }
            : null,
        status.ModeSince);
}
