using System.Diagnostics;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// A secretariat that returns to a backlog: electricity-ceptoar (its own OS process, so its memory is its own) meets the
/// hub, goes away, and the hub (council, in-process) takes items for it from a played bank-ceptoar. Then electricity starts
/// again and the hub's link delivers the backlog. The same process then gives the memory figures: idle when new, idle with
/// the items stored, and with many members subscribed while fresh items fan out to all of them.
/// </summary>
internal static class CatchUpBenchmark
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <param name="ItemsPerSecond">Items held by the returning node per second, from its ready file to the last item.</param>
    /// <param name="StartSeconds">From launching the returning node's process to its ready file.</param>
    /// <param name="HubCpu">Share of all cores the hub's process used during the catch-up.</param>
    /// <param name="NodeCpu">Share of all cores the returning node's process used, start included.</param>
    /// <param name="HubCpuUsPerItem">CPU microseconds per item in the hub's process (sending, completing, the node's receipts coming back).</param>
    /// <param name="NodeCpuUsPerItem">CPU microseconds per item in the returning node's process, its start included.</param>
    /// <param name="ItemsPerRise">Mean rise of the node's item count between looks (one or more batches per look).</param>
    /// <param name="MsBetweenRises">Mean time between rises: how often the node commits a batch (read, send, verify, commit; several batches in flight).</param>
    /// <param name="HubWriterIdle">Share of samples the hub's SQLite writer slept, waiting for work.</param>
    /// <param name="MachineBusy">Share of the machine's CPU busy, all processes.</param>
    public sealed record CatchUp(
        int Items, double ItemsPerSecond, double StartSeconds, double HubCpu, double NodeCpu, double HubCpuUsPerItem, double NodeCpuUsPerItem, NodeMemory Memory,
        double ItemsPerRise, double MsBetweenRises, double HubWriterIdle, double? MachineBusy);

    /// <param name="MembersPerSecond">Members added with an API key each per second, through the admin API.</param>
    /// <param name="MembersAdded">After adding the members, before any stream: what members cost apart from their streams.</param>
    /// <param name="StreamsOpen">Every member's Subscribe stream open (the node answered each with headers), before any item went out on them.</param>
    /// <param name="Subscribed">After the fresh items reached every subscriber, all streams still open.</param>
    /// <param name="DeliveriesPerSecond">Items times subscribers, from the first push to the last subscriber holding all.</param>
    public sealed record Memory(
        NodeMemory IdleEmpty, NodeMemory IdleWithItems, NodeMemory MembersAdded, NodeMemory StreamsOpen, NodeMemory Subscribed,
        int Subscribers, int FannedOut, double MembersPerSecond, double DeliveriesPerSecond);

    public sealed record Result(CatchUp CatchUp, Memory Memory);

    public static async Task<Result> RunAsync(int items, int subscribers, TimeSpan settle)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        var sender = PlayedSecretariat.Load(federation, ThreeNodes.Bank, "finance");
        await using var hub = await TestNode.StartAsync(federation, ThreeNodes.Hub, dir.Combine("hub"), s => ThreeNodes.Configure(s, "council", null));
        await using var node = await NodeProcess.StartAsync(federation, ThreeNodes.Electricity, dir.Combine("electricity"), s => ThreeNodes.Configure(s, "secretariat", "electricity"));

        // Idle means no peers and no members yet: what a freshly installed node costs.
        await Task.Delay(settle);
        var idleEmpty = NodeMemory.Read(node.Pid);

        await MeetAsync(hub, node);
        await node.KillAsync();
        using var channel = sender.ChannelTo(hub.Ready.FederationEndpoint!, ThreeNodes.Hub);
        var client = new FederationService.FederationServiceClient(channel);
        await HubRelayBenchmark.GreetAsync(client, sender, ThreeNodes.Hub, []);
        await HubRelayBenchmark.PushAsync(client, sender.SignGreenItems(items, "Catch-up backlog"), DeliveryOutcome.Accepted, window: 4, firstBatchId: 1);
        await HubRelayBenchmark.RequireOutboxesAsync(hub, items, [ThreeNodes.Electricity]);

        var catchUp = await ReturnAsync(hub, node, items);

        await node.RestartAsync();
        await Task.Delay(settle);
        var idleWithItems = NodeMemory.Read(node.Pid);
        var memory = await SubscribedAsync(node, client, sender, subscribers, idleEmpty, idleWithItems);
        return new Result(catchUp, memory);
    }

    /// <summary>The hub and the node peer and exchange descriptors, as before any outage; the hub also knows the played sender.</summary>
    internal static async Task MeetAsync(TestNode hub, NodeProcess node)
    {
        await hub.Admin.AddPeerAsync(new AddPeerRequest { NodeId = ThreeNodes.Bank, Endpoint = HubRelayBenchmark.ClosedEndpoint() });
        await hub.Admin.AddPeerAsync(new AddPeerRequest { NodeId = ThreeNodes.Electricity, Endpoint = node.Ready.FederationEndpoint! });
        await node.Admin.AddPeerAsync(new AddPeerRequest { NodeId = ThreeNodes.Hub, Endpoint = hub.Ready.FederationEndpoint! });
        await Until.TrueAsync(async () =>
            (await hub.Admin.GetStatusAsync(new GetStatusRequest())).KnownNodes.Contains(ThreeNodes.Electricity)
            && (await node.Admin.GetStatusAsync(new GetStatusRequest())).KnownNodes.Contains(ThreeNodes.Hub),
            TimeSpan.FromSeconds(60), "council and electricity-ceptoar know each other's descriptors");
    }

    /// <summary>
    /// Starts the node again and times it until it holds every item of its backlog, watching its item count rise: each rise
    /// is one or more committed batches (the hub keeps Federation:BatchesInFlight batches unacknowledged on the link).
    /// </summary>
    private static async Task<CatchUp> ReturnAsync(TestNode hub, NodeProcess node, int items)
    {
        using var threads = ThreadProfile.Start(HubRelayBenchmark.WriterThread);
        var hubProcess = Process.GetCurrentProcess();
        var hubCpuBefore = hubProcess.TotalProcessorTime;
        var launched = Stopwatch.GetTimestamp();
        await node.RestartAsync();
        var ready = Stopwatch.GetTimestamp();
        var rises = new List<(long At, ulong Held)>();
        ulong held = 0;
        await Until.TrueAsync(async () =>
        {
            // Sampled as fast as GetStatus answers (Until pauses 50 ms between looks; a rise between two looks may be several batches).
            for (var look = 0; look < 10 && held < (ulong)items; look++)
            {
                var now = (await node.Admin.GetStatusAsync(new GetStatusRequest())).Items;
                if (now > held)
                {
                    rises.Add((Stopwatch.GetTimestamp(), now - held));
                    held = now;
                }
            }

            return held >= (ulong)items;
        }, Deadline, $"electricity-ceptoar holds the {items} items the hub kept for it");
        var done = Stopwatch.GetTimestamp();
        var elapsed = Stopwatch.GetElapsedTime(ready, done).TotalSeconds;
        var wall = Stopwatch.GetElapsedTime(launched, done).TotalSeconds * Environment.ProcessorCount;
        hubProcess.Refresh();
        var hubCpu = (hubProcess.TotalProcessorTime - hubCpuBefore).TotalSeconds;
        using var nodeProcess = Process.GetProcessById(node.Pid);
        var nodeCpu = nodeProcess.TotalProcessorTime.TotalSeconds;
        var memory = NodeMemory.Read(node.Pid);

        if (held != (ulong)items)
        {
            throw new InvalidOperationException($"electricity-ceptoar holds {held} items after catching up on {items}: it should hold exactly the backlog");
        }

        await Until.TrueAsync(async () => await HubRelayBenchmark.OutboxDepthAsync(hub, ThreeNodes.Electricity) == 0,
            TimeSpan.FromSeconds(60), "the hub's outbox for electricity-ceptoar is empty once every item is acknowledged");
        // Rises after the first: the first includes the connection and the first batch from the node's start.
        var later = rises.Skip(1).ToList();
        var perRise = later.Count > 0 ? later.Average(r => (double)r.Held) : items;
        var betweenRises = later.Count > 0 ? Stopwatch.GetElapsedTime(rises[0].At, rises[^1].At).TotalMilliseconds / later.Count : 0;
        return new CatchUp(items, items / elapsed, Stopwatch.GetElapsedTime(launched, ready).TotalSeconds, hubCpu / wall, nodeCpu / wall,
            hubCpu * 1e6 / items, nodeCpu * 1e6 / items, memory, perRise, betweenRises, threads.WatchedStates().GetValueOrDefault('S'), threads.MachineBusy());
    }

    /// <summary>
    /// Adds members with keys, subscribes each from the current end of its feed, sends a few fresh items through the hub and
    /// requires every subscriber to receive each exactly once; the memory is read while all streams are open.
    /// </summary>
    private static async Task<Memory> SubscribedAsync(
        NodeProcess node, FederationService.FederationServiceClient hub, PlayedSecretariat sender, int subscribers,
        NodeMemory idleEmpty, NodeMemory idleWithItems)
    {
        var adding = Stopwatch.StartNew();
        var keys = new string[subscribers];
        await Parallel.ForEachAsync(Enumerable.Range(0, subscribers), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            keys[i] = await node.AddMemberWithKeyAsync($"grid-{i}", "electricity"));
        var membersPerSecond = subscribers / adding.Elapsed.TotalSeconds;
        var membersAdded = NodeMemory.Read(node.Pid);

        var after = (await node.Admin.GetStatusAsync(new GetStatusRequest())).LastCursor;
        using var stop = new CancellationTokenSource();
        using var fanOut = new Subscribers(node, keys, after, stop.Token);
        // The node answers each Subscribe with headers once the subscription is registered; the fan-out below proves
        // afterwards that every stream also delivers.
        await fanOut.WaitUntilOpenAsync(Deadline);
        var streamsOpen = NodeMemory.Read(node.Pid);
        var fresh = sender.SignGreenItems(10, "Fan-out to every subscriber");
        var pushed = Stopwatch.StartNew();
        await HubRelayBenchmark.PushAsync(hub, fresh, DeliveryOutcome.Accepted, window: 1, firstBatchId: 1_000_000);
        await fanOut.WaitForAsync(fresh.Select(e => e.ItemId).ToHashSet(StringComparer.Ordinal), Deadline);
        var deliveriesPerSecond = fresh.Length * subscribers / pushed.Elapsed.TotalSeconds;
        var subscribed = NodeMemory.Read(node.Pid);
        await stop.CancelAsync();
        await fanOut.StopAsync();
        return new Memory(idleEmpty, idleWithItems, membersAdded, streamsOpen, subscribed, subscribers, fresh.Length, membersPerSecond, deliveriesPerSecond);
    }
}
