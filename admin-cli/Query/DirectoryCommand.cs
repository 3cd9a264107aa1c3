using System.CommandLine;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>`directory`: the nodes of the federation this node knows from their signed descriptors, and how to reach their people.</summary>
internal static class DirectoryCommand
{
    public static readonly IReadOnlyList<string> Headers =
    [
        "Id", "Role", "Name (ja)", "Name (en)", "Sectors", "Contact means", "Emergency contact", "Endpoints", "Verified",
    ];

    public static Command Create()
    {
        var options = new NodeOptions();
        var command = new Command(
            "directory",
            "List the nodes of the federation this node knows (from the signed descriptors its peers pass on): role, names, sectors, "
            + "contact means and emergency contact, endpoints, and whether the descriptor verifies against this node's trusted roots.");
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
                call.Output.Line("the directory is empty: this node learns other nodes' descriptors from its peers when they connect. "
                    + "Check its peers with: ceptoar-admin peers list");
                return ExitCodes.Ok;
            }

            call.Output.Rows(Headers, directory.Nodes.Select(Row));
            call.Output.Line(Summary(directory));
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
        node.NodeId, node.Role, node.NameJa, node.NameEn, Formats.List(node.Sectors), Formats.List(node.ContactMeans),
        node.EmergencyContact, Formats.List(node.Endpoints), node.Verified ? "yes" : "NO",
    ];

    public static string Summary(DirectoryView directory)
    {
        var verified = directory.Nodes.Count(n => n.Verified);
        var noun = directory.Nodes.Count == 1 ? "node" : "nodes";
        return $"{directory.Nodes.Count} {noun} in the directory; {verified} verified against this node's trusted roots.";
    }

    /// <summary>Contact details from a descriptor that does not verify may be forged: say so rather than let them be used.</summary>
    public static string? Unverified(DirectoryView directory)
    {
        var unverified = directory.Nodes.Where(n => !n.Verified).Select(n => n.NodeId).ToList();
        return unverified.Count == 0
            ? null
            : $"warning: the descriptors of {string.Join(", ", unverified)} do not verify against this node's trusted roots; "
                + "do not rely on their contact details until they do (check the roots in the node's configuration).";
    }
}
