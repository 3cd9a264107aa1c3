using System.Diagnostics;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>Polls every node's `notify status` for the demo's reports until each notification was sent and reached the sink, or the deadline passes.</summary>
internal sealed class NotificationWatch(IReadOnlyList<RunningNode> nodes, DemoMailSink sink)
{
    public static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(30);

    // The sender wakes as soon as the rows are committed and the sink is in this process: a fifth of a second is plenty.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Each report's notifications across the federation (by item id), as last seen.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<NotifiedRow>>> WaitAsync(IReadOnlyList<SubmittedReport> items, CancellationToken cancellationToken)
    {
        var contacts = new Dictionary<string, IReadOnlyDictionary<string, NotifyContact>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var list = await DemoCalls.AdminAsync(node, "contacts list", async () =>
                await node.Admin.ListContactsAsync(new ListContactsRequest(), deadline: node.Deadline, cancellationToken: cancellationToken)).ConfigureAwait(false);
            contacts[node.Node.Id] = list.Contacts.ToDictionary(c => c.ContactId, StringComparer.Ordinal);
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var received = sink.Received;
            var byItem = new Dictionary<string, IReadOnlyList<NotifiedRow>>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var rows = new List<NotifiedRow>();
                foreach (var node in nodes)
                {
                    var status = await DemoCalls.AdminAsync(node, $"notify status {item.ItemId}", async () =>
                        await node.Admin.GetNotifyStatusAsync(new GetNotifyStatusRequest { ItemId = item.ItemId }, deadline: node.Deadline, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    rows.AddRange(DemoNotifications.Rows(node.Node.Id, status.Notifications, contacts[node.Node.Id], received));
                }

                byItem[item.ItemId] = DemoNotifications.Ordered(rows);
            }

            if (byItem.Values.All(DemoNotifications.Settled) || clock.Elapsed > SettleDeadline)
            {
                return byItem;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
