using System.CommandLine;
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
        var command = new Command("status", "Show the node's identity, counts, endpoints and certificate expiry.");
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
            ("Node id", status.NodeId),
            ("Role", status.Role),
            ("Version", status.Version),
            ("Started at", Formats.Iso(status.StartedAt)),
            ("Data directory", status.DataDir),
            ("Items", Formats.Number(status.Items)),
            ("Last cursor", Formats.Number(status.LastCursor)),
            ("Members", Formats.Number(status.Members)),
            ("Audit entries", Formats.Number(status.AuditEntries)),
            ("Database size", Formats.Bytes(status.DatabaseBytes)),
            ("Member endpoints", Formats.List(status.MemberEndpoints)),
            ("Federation endpoints", Formats.List(status.FederationEndpoints)),
            ("TLS certificate expires", Formats.Iso(status.TlsCertificateExpires)),
            ("Signing certificate expires", Formats.Iso(status.SigningCertificateExpires)),
        ]);
        return ExitCodes.Ok;
    }
}
