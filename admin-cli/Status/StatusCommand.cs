using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Status;

/// <summary>`status`: who the node is, what it holds and when its certificates expire.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var command = new Command("status", CommonText.StatusDescription);
        options.AddTo(command);
        NodeAction.Set(command, options, RunAsync);
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
        ]);
        return ExitCodes.Ok;
    }
}
