using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.AdminCli.Query;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>
/// How to reach each node's people, as one node learned it from the others' signed descriptors (`directory`): the sample
/// contacts of certs-sample/, which every node has by the time the reports have settled (docs/PROTOCOL.md §8).
/// </summary>
internal static class DemoContacts
{
    public static async Task PrintAsync(RunningNode node, CliOutput output, CancellationToken cancellationToken)
    {
        var directory = await DemoCalls.AdminAsync(node, "directory", async () =>
            await node.Admin.GetDirectoryAsync(new GetDirectoryRequest(), deadline: node.Deadline, cancellationToken: cancellationToken));
        output.Line();
        output.Line(Localized.Format(DemoText.ContactsHeading, node.Node.Id));
        output.Rows(
            [CommonText.Id, QueryText.ContactMeansHeader, QueryText.EmergencyContactHeader],
            directory.Nodes.Select(n => (IReadOnlyList<string?>)[n.NodeId, ContactViews.Means(n), ContactViews.Emergency(n)]));
    }
}
