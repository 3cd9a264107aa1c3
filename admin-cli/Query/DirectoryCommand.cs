using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>`directory`: the nodes of the federation this node knows from their signed descriptors, and how to reach their people.</summary>
internal static class DirectoryCommand
{
    /// <summary>Read at each use: a list built once would keep the language of the first invocation in the process.</summary>
    public static IReadOnlyList<string> Headers =>
    [
        CommonText.Id, CommonText.Role, QueryText.NameJaHeader, QueryText.NameEnHeader, QueryText.SectorsHeader, QueryText.ContactMeansHeader, QueryText.EmergencyContactHeader, QueryText.EndpointsHeader, QueryText.VerifiedHeader,
    ];

    public static Command Create()
    {
        var options = new NodeOptions();
        var command = new Command(
            "directory",
            QueryText.DirectoryDescription);
        options.AddTo(command);
        NodeAction.Set(command, options, async call =>
        {
            var directory = await call.Client.GetDirectoryAsync(new GetDirectoryRequest(), call.Options);
            if (call.Json)
            {
                call.Output.Json(directory);
                return ExitCodes.Ok;
            }

            if (directory.Nodes.Count == 0)
            {
                call.Output.Line(QueryText.DirectoryEmpty);
                return ExitCodes.Ok;
            }

            call.Output.Rows(Headers, directory.Nodes.Select(Row));
            call.Output.Line(Summary(directory));
            // The federation's mode as this node holds it (docs/MODES.md §4).
            call.Output.Line(Localized.Format(Modes.ModesText.ModeLine, Modes.ModeCommands.Describe(
                directory.Mode,
                directory.Mode == FederationMode.LargeScale
                    ? new ModePeriod { PeriodId = directory.ModePeriodId, StartedAt = directory.ModeSince, ScopeSectors = { directory.ModeScopeSectors }, ReportEveryMinutes = directory.ModeReportEveryMinutes }
                    : null,
                directory.ModeSince)));
            if (Unverified(directory) is { } warning)
            {
                call.Output.Line(warning);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static IReadOnlyList<string?> Row(DirectoryEntryView node) =>
    [
        node.NodeId, node.Role, node.NameJa, node.NameEn, Formats.List(node.Sectors), ContactViews.Means(node),
        ContactViews.Emergency(node), Formats.List(node.Endpoints), node.Verified ? CommonText.Yes : QueryText.VerifiedNo,
    ];

    public static string Summary(DirectoryView directory)
    {
        var verified = directory.Nodes.Count(n => n.Verified);
        return directory.Nodes.Count == 1
            ? Localized.Format(QueryText.DirectoryOneNode, verified)
            : Localized.Format(QueryText.DirectoryNodes, directory.Nodes.Count, verified);
    }

    /// <summary>Contact details from a descriptor that does not verify may be forged: say so rather than let them be used.</summary>
    public static string? Unverified(DirectoryView directory)
    {
        var unverified = directory.Nodes.Where(n => !n.Verified).Select(n => n.NodeId).ToList();
        return unverified.Count == 0
            ? null
            : Localized.Format(QueryText.DirectoryUnverified, string.Join(", ", unverified));
    }
}
