using System.Diagnostics;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;
using Grpc.Core;

namespace Ceptoar.Benchmarks;

/// <summary>
/// An urgent item overtakes a backlog (docs/MODES.md §6): electricity-ceptoar (its own OS process) goes away while the hub
/// (council, in-process) takes a large backlog of GREEN items for it from a played bank-ceptoar. Electricity starts again;
/// while the hub drains the backlog to it, bank sends an extreme early warning: the figure is the time from that send to
/// the warning on a member's Subscribe stream at electricity, beside the rate the same run drains the backlog at.
/// </summary>
internal static class UrgentBenchmark
{
    private const string Member = "tepco";
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <param name="UrgentMs">The warning's send to the hub → on the member's Subscribe stream.</param>
    /// <param name="QueuedAtSend">Entries still in the hub's outbox for the node when the warning was sent.</param>
    /// <param name="AheadInFeed">Backlog items the member's stream had delivered before the warning.</param>
    /// <param name="DrainPerSecond">The backlog drained to the node: items held per second, from its ready file to the last.</param>
    public sealed record Result(int Backlog, double UrgentMs, ulong QueuedAtSend, int AheadInFeed, double DrainPerSecond);

    public static async Task<Result> RunAsync(int backlog)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        var sender = PlayedSecretariat.Load(federation, ThreeNodes.Bank, "finance");
        await using var hub = await TestNode.StartAsync(federation, ThreeNodes.Hub, dir.Combine("hub"), s => ThreeNodes.Configure(s, "council", null));
        await using var node = await NodeProcess.StartAsync(federation, ThreeNodes.Electricity, dir.Combine("electricity"), s => ThreeNodes.Configure(s, "secretariat", "electricity"));
        await CatchUpBenchmark.MeetAsync(hub, node);
        var key = await node.AddMemberWithKeyAsync(Member, "electricity");

        await node.KillAsync();
        using var channel = sender.ChannelTo(hub.Ready.FederationEndpoint!, ThreeNodes.Hub);
        var client = new FederationService.FederationServiceClient(channel);
        await HubRelayBenchmark.GreetAsync(client, sender, ThreeNodes.Hub, []);
        await HubRelayBenchmark.PushAsync(client, sender.SignGreenItems(backlog, "Backlog"), DeliveryOutcome.Accepted, window: 4, firstBatchId: 1);
        await HubRelayBenchmark.RequireOutboxesAsync(hub, backlog, [ThreeNodes.Electricity]);
        var warning = sender.SignExtremeWarning("Wiper malware spreading to grid operators", DateTimeOffset.UtcNow);

        await node.RestartAsync();
        var ready = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        var feed = new WarningWatch(node.Member(key), warning.ItemId, backlog + 1, stop.Token);
        // The drain is under way: the node holds part of the backlog; then the warning is sent behind what is left.
        await Until.TrueAsync(async () => (await node.Admin.GetStatusAsync(new GetStatusRequest())).Items > 0, Deadline, "electricity-ceptoar receives the backlog");
        var queued = await HubRelayBenchmark.OutboxDepthAsync(hub, ThreeNodes.Electricity);
        var sent = Stopwatch.GetTimestamp();
        await HubRelayBenchmark.PushAsync(client, [warning], DeliveryOutcome.Accepted, window: 1, firstBatchId: 1_000_000);
        var (arrived, ahead) = await feed.Warning.WaitAsync(Deadline);
        var urgentMs = Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds;

        await Until.TrueAsync(async () => (await node.Admin.GetStatusAsync(new GetStatusRequest())).Items >= (ulong)backlog + 1, Deadline,
            $"electricity-ceptoar holds the {backlog} backlog items and the warning");
        var drained = Stopwatch.GetElapsedTime(ready).TotalSeconds;
        await feed.All.WaitAsync(Deadline);
        await stop.CancelAsync();
        await feed.Done;
        if (feed.Count != backlog + 1 || feed.Distinct != backlog + 1)
        {
            throw new InvalidOperationException(
                $"the member's stream delivered {feed.Count} items ({feed.Distinct} distinct) where the {backlog} backlog items and the warning were due once each: the figures are void");
        }

        return new Result(backlog, urgentMs, queued, ahead, backlog / drained);
    }

    /// <summary>A member's Subscribe stream from the start of its feed: when the warning arrives and how many items came before it.</summary>
    private sealed class WarningWatch
    {
        private readonly TaskCompletionSource<(long At, int Ahead)> _warning = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public WarningWatch(MemberService.MemberServiceClient member, string warningId, int expected, CancellationToken stop)
        {
            Done = Task.Run(async () =>
            {
                try
                {
                    using var stream = member.Subscribe(new SubscribeRequest { AfterCursor = 0 }, cancellationToken: stop);
                    await foreach (var item in stream.ResponseStream.ReadAllAsync(stop))
                    {
                        if (item.Item.Id == warningId)
                        {
                            _warning.TrySetResult((Stopwatch.GetTimestamp(), Count));
                        }

                        Count++;
                        _seen.Add(item.Item.Id);
                        if (Count >= expected)
                        {
                            _all.TrySetResult();
                        }
                    }
                }
                catch (Exception e) when (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled })
                {
                    // The run is over.
                }

                _warning.TrySetException(new InvalidOperationException("the member's stream ended before the warning arrived"));
                _all.TrySetException(new InvalidOperationException($"the member's stream ended after {Count} of {expected} items"));
            }, CancellationToken.None);
        }

        public Task<(long At, int Ahead)> Warning => _warning.Task;

        public Task All => _all.Task;

        public Task Done { get; }

        public int Count { get; private set; }

        public int Distinct => _seen.Count;
    }
}
