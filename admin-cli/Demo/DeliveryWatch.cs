using System.Diagnostics;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.AdminCli.Peers;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Demo;

/// <summary>One item as the demo last saw it across the federation.</summary>
internal sealed record ItemSnapshot(
    SubmittedReport Item,
    IReadOnlyList<NodeExpectation> Expected,
    IReadOnlySet<string> MustAcknowledge,
    ItemStatus Status,
    IReadOnlyDictionary<string, CopyKind> Copies,
    IReadOnlyList<string> Outstanding);

/// <summary>Polls the nodes' admin APIs until each item's delivery settles or the deadline passes.</summary>
internal sealed class DeliveryWatch(IReadOnlyList<RunningNode> nodes)
{
    public static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(30);

    // Delivery between loopback nodes takes milliseconds; a fifth of a second keeps the load of asking negligible.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Waits until every node reports every configured peer connected, so the reports do not sit in outboxes waiting for a
    /// retry; prints each node's links. False when some link was still down at the deadline (delivery is then retried).
    /// </summary>
    public async Task<bool> WaitForLinksAsync(CliOutput output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var links = new List<(RunningNode Node, ListPeersResponse Peers)>();
            foreach (var node in nodes)
            {
                var peers = await DemoCalls.AdminAsync(node, "peers list", async () =>
                    await node.Admin.ListPeersAsync(new ListPeersRequest(), deadline: node.Deadline, cancellationToken: cancellationToken)).ConfigureAwait(false);
                links.Add((node, peers));
            }

            var allUp = links.All(l => l.Peers.Peers.Count > 0 && l.Peers.Peers.All(p => p.State?.Connected == true));
            if (allUp || clock.Elapsed > SettleDeadline)
            {
                foreach (var (node, peers) in links)
                {
                    var down = peers.Peers.Where(p => p.State?.Connected != true).ToList();
                    var line = $"  {node.Node.Id,-20} {PeerViews.Summary(peers.Peers)}";
                    output.Line(down.Count == 0 ? line : Localized.Format(DemoText.NotConnected, line, string.Join(", ", down.Select(p => $"{p.NodeId} ({p.State?.LastError})"))));
                }

                return allUp;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The items as last seen: all settled (no outstanding entries) unless <see cref="SettleDeadline"/> passed first.</summary>
    public async Task<IReadOnlyList<ItemSnapshot>> WaitAsync(
        IReadOnlyList<(SubmittedReport Item, IReadOnlyList<NodeExpectation> Expected, IReadOnlySet<string> MustAcknowledge)> items,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var snapshots = new List<ItemSnapshot>();
            foreach (var (item, expected, mustAcknowledge) in items)
            {
                snapshots.Add(await ObserveAsync(item, expected, mustAcknowledge, cancellationToken).ConfigureAwait(false));
            }

            if (snapshots.All(s => s.Outstanding.Count == 0) || clock.Elapsed > SettleDeadline)
            {
                return snapshots;
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ItemSnapshot> ObserveAsync(
        SubmittedReport item,
        IReadOnlyList<NodeExpectation> expected,
        IReadOnlySet<string> mustAcknowledge,
        CancellationToken cancellationToken)
    {
        var origin = nodes.First(n => n.Node.Id == item.OriginNode);
        var status = await DemoCalls.AdminAsync(origin, $"items status {item.ItemId}", async () =>
            await origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = item.ItemId }, deadline: origin.Deadline, cancellationToken: cancellationToken));
        var copies = new Dictionary<string, CopyKind>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            copies[node.Node.Id] = await CopyAtAsync(node, item.ItemId, cancellationToken).ConfigureAwait(false);
        }

        return new ItemSnapshot(item, expected, mustAcknowledge, status, copies, DeliveryReport.Outstanding(expected, status, copies, mustAcknowledge));
    }

    /// <summary>A sealed-only copy (a hub relaying for others) has no readable item: the admin API shows it without a title.</summary>
    private static Task<CopyKind> CopyAtAsync(RunningNode node, string itemId, CancellationToken cancellationToken) =>
        DemoCalls.AdminAsync(node, $"items show {itemId}", async () =>
        {
            try
            {
                var item = await node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId }, deadline: node.Deadline, cancellationToken: cancellationToken);
                return item.Item is null || string.IsNullOrEmpty(item.Summary?.Title) ? CopyKind.Sealed : CopyKind.Plaintext;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                return CopyKind.None;
            }
        });
}
