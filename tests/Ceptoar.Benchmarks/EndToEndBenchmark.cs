using System.Collections.Concurrent;
using System.Diagnostics;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;
using Grpc.Core;

namespace Ceptoar.Benchmarks;

/// <summary>
/// End-to-end delivery through a hub: a member submits at bank-ceptoar, the item travels bank → council → electricity-ceptoar,
/// and a member subscribed at electricity receives it. Latency is from the start of Submit to receipt on the subscriber's
/// stream, matched by item id. First a flood measures the highest sustained end-to-end rate, then paced loads measure latency.
/// </summary>
internal static class EndToEndBenchmark
{
    private const int FloodClients = 64;
    private const int SubmitChannels = 16;
    private static readonly TimeSpan ArrivalDeadline = TimeSpan.FromSeconds(120);

    /// <summary>Latency percentiles of one paced load, in milliseconds; SubmitP50/P99 are the Submit call alone (bank's checks, signing, durable commit).</summary>
    public sealed record Latency(double TargetPerSecond, double AchievedPerSecond, int Items, double P50, double P90, double P99, double Max, double SubmitP50, double SubmitP99);

    /// <summary>
    /// Where the light load's latency went after Submit answered, per item, p50 and p99 of each leg in milliseconds, from the nodes' received_at
    /// (millisecond wall clock, shared: all three nodes run in this process).
    /// </summary>
    public sealed record Leg(string Name, double P50, double P99);

    /// <param name="FloodPerSecond">Items submitted by the flood over the time from its start until the subscriber held the last.</param>
    /// <param name="FloodCpuUsPerItem">CPU microseconds per item of this process (all three nodes, submitters, subscriber) during the flood.</param>
    /// <param name="FloodMachineBusy">Share of the machine's CPU busy during the flood, all processes.</param>
    public sealed record Result(double FloodPerSecond, int FloodItems, double FloodCpuUsPerItem, double? FloodMachineBusy, Latency Light, Latency Half, IReadOnlyList<Leg> LightLegs);

    public static async Task<Result> RunAsync(double lightRate, TimeSpan levelDuration, TimeSpan floodDuration)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        await using var nodes = await ThreeNodes.StartAsync(federation, dir);
        var submitterKey = await nodes.BankNode.AddMemberWithKeyAsync("bank-member");
        var subscriberKey = await nodes.ElectricityNode.AddMemberWithKeyAsync("grid-operator", "electricity");
        var submitters = Enumerable.Range(0, SubmitChannels).Select(_ => nodes.BankNode.Member(submitterKey)).ToArray();

        using var stop = new CancellationTokenSource();
        var feed = new Feed();
        var reading = feed.ReadAsync(nodes.ElectricityNode.Member(subscriberKey), stop.Token);
        try
        {
            // Warm-up: connections, JIT and every link carry items before anything is timed.
            await feed.WaitForAsync(await PacedAsync(submitters, 50, TimeSpan.FromSeconds(1)), reading);

            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var floodStarted = Stopwatch.GetTimestamp();
            IReadOnlyList<Sent> flood;
            double? machineBusy;
            using (var threads = ThreadProfile.Start(HubRelayBenchmark.WriterThread))
            {
                flood = await FloodAsync(submitters, floodDuration);
                await feed.WaitForAsync(flood, reading);
                machineBusy = threads.MachineBusy();
            }

            process.Refresh();
            var floodCpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds * 1e6 / flood.Count;
            var floodPerSecond = flood.Count / Stopwatch.GetElapsedTime(floodStarted, feed.LastArrival(flood)).TotalSeconds;

            var (light, lightSent) = await MeasureAsync(submitters, feed, reading, lightRate, levelDuration);
            var legs = await LegsAsync(nodes.HubNode, feed, lightSent);
            var (half, _) = await MeasureAsync(submitters, feed, reading, floodPerSecond / 2, levelDuration);
            feed.RequireExactly(feed.Submitted);
            return new Result(floodPerSecond, flood.Count, floodCpu, machineBusy, light, half, legs);
        }
        finally
        {
            await stop.CancelAsync();
            await reading;
        }
    }

    private static async Task<(Latency Latency, IReadOnlyList<Sent> Sent)> MeasureAsync(MemberService.MemberServiceClient[] submitters, Feed feed, Task reading, double rate, TimeSpan duration)
    {
        var started = Stopwatch.GetTimestamp();
        var sent = await PacedAsync(submitters, rate, duration);
        var achieved = sent.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await feed.WaitForAsync(sent, reading);
        var latencies = sent.Select(s => Stopwatch.GetElapsedTime(s.Started, feed.Arrival(s.ItemId)).TotalMilliseconds).Order().ToArray();
        var submits = sent.Select(s => Stopwatch.GetElapsedTime(s.Started, s.Answered).TotalMilliseconds).Order().ToArray();
        return (new Latency(rate, achieved, latencies.Length, MemberSubmitBenchmark.Percentile(latencies, 0.50),
            MemberSubmitBenchmark.Percentile(latencies, 0.90), MemberSubmitBenchmark.Percentile(latencies, 0.99), latencies[^1],
            MemberSubmitBenchmark.Percentile(submits, 0.50), MemberSubmitBenchmark.Percentile(submits, 0.99)), sent);
    }

    /// <summary>Splits each item's latency into legs at the moments the hub and electricity received it.</summary>
    private static async Task<IReadOnlyList<Leg>> LegsAsync(TestNode hub, Feed feed, IReadOnlyList<Sent> sent)
    {
        var (anchorWall, anchorTicks) = (DateTimeOffset.UtcNow, Stopwatch.GetTimestamp());
        double Wall(long ticks) => (anchorWall - Stopwatch.GetElapsedTime(ticks, anchorTicks)).ToUnixTimeMilliseconds();
        var legs = new List<double>[3];
        for (var i = 0; i < legs.Length; i++)
        {
            legs[i] = [];
        }

        foreach (var s in sent)
        {
            var atHub = (await hub.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = s.ItemId })).Summary.ReceivedAt.ToDateTimeOffset().ToUnixTimeMilliseconds();
            var atElectricity = feed.ReceivedAt(s.ItemId).ToUnixTimeMilliseconds();
            legs[0].Add(atHub - Wall(s.Answered));
            legs[1].Add(atElectricity - atHub);
            legs[2].Add(Wall(feed.Arrival(s.ItemId)) - atElectricity);
        }

        string[] names =
        [
            "bank answered → hub received",
            "hub received → electricity received",
            "electricity received → subscriber",
        ];
        return [.. names.Select((name, i) =>
        {
            var sorted = legs[i].Order().ToArray();
            return new Leg(name, MemberSubmitBenchmark.Percentile(sorted, 0.50), MemberSubmitBenchmark.Percentile(sorted, 0.99));
        })];
    }

    /// <summary>
    /// Submits at the given rate against an absolute schedule (item i is due at start + i / rate, so a late wake-up sends
    /// the overdue items at once instead of drifting), without waiting for earlier answers.
    /// </summary>
    private static async Task<IReadOnlyList<Sent>> PacedAsync(MemberService.MemberServiceClient[] submitters, double rate, TimeSpan duration)
    {
        var count = (int)Math.Max(1, rate * duration.TotalSeconds);
        var pending = new Task<Sent>[count];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            pending[i] = SubmitAsync(submitters[i % submitters.Length], $"End-to-end benchmark {i}");
        }

        return await Task.WhenAll(pending);
    }

    /// <summary>FloodClients loops, each submitting as soon as its last answer came back, for the duration.</summary>
    private static async Task<IReadOnlyList<Sent>> FloodAsync(MemberService.MemberServiceClient[] submitters, TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        var loops = await Task.WhenAll(Enumerable.Range(0, FloodClients).Select(c => Task.Run(async () =>
        {
            var mine = new List<Sent>();
            while (stopwatch.Elapsed < duration)
            {
                mine.Add(await SubmitAsync(submitters[c % submitters.Length], $"End-to-end flood {c}/{mine.Count}"));
            }

            return mine;
        })));
        return [.. loops.SelectMany(l => l)];
    }

    private static async Task<Sent> SubmitAsync(MemberService.MemberServiceClient submitter, string title)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, title)));
        if (answer.Status != "accepted" || answer.Duplicate)
        {
            throw new InvalidOperationException($"bank-ceptoar answered {answer.Status} (duplicate: {answer.Duplicate}) to a fresh GREEN report; it should accept it and share it");
        }

        return new Sent(answer.ItemId, started, Stopwatch.GetTimestamp());
    }

    private sealed record Sent(string ItemId, long Started, long Answered);

    /// <summary>The subscriber's stream: when each item arrived, and every item that arrived more than once.</summary>
    private sealed class Feed
    {
        private readonly ConcurrentDictionary<string, long> _arrivals = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, DateTimeOffset> _receivedAt = new(StringComparer.Ordinal);
        private readonly ConcurrentBag<string> _repeats = [];

        public ConcurrentBag<string> Submitted { get; } = [];

        public async Task ReadAsync(MemberService.MemberServiceClient subscriber, CancellationToken stop)
        {
            using var stream = subscriber.Subscribe(new SubscribeRequest(), cancellationToken: stop);
            try
            {
                while (await stream.ResponseStream.MoveNext(stop))
                {
                    var now = Stopwatch.GetTimestamp();
                    var item = stream.ResponseStream.Current;
                    if (!_arrivals.TryAdd(item.Item.Id, now))
                    {
                        _repeats.Add(item.Item.Id);
                    }

                    _receivedAt[item.Item.Id] = item.ReceivedAt.ToDateTimeOffset();
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                // The benchmark ended the subscription.
            }
        }

        public long Arrival(string itemId) => _arrivals[itemId];

        /// <summary>When electricity-ceptoar stored the item (its received_at, milliseconds).</summary>
        public DateTimeOffset ReceivedAt(string itemId) => _receivedAt[itemId];

        public long LastArrival(IEnumerable<Sent> sent) => sent.Max(s => _arrivals[s.ItemId]);

        /// <summary>Waits until every sent item has arrived; fails if the stream ended or the deadline passed.</summary>
        public async Task WaitForAsync(IReadOnlyList<Sent> sent, Task reading)
        {
            foreach (var s in sent)
            {
                Submitted.Add(s.ItemId);
            }

            await Until.TrueAsync(() =>
            {
                if (reading.IsCompleted)
                {
                    throw new InvalidOperationException($"the subscriber's stream at electricity-ceptoar ended early: {reading.Exception?.GetBaseException().Message}");
                }

                return Task.FromResult(sent.All(s => _arrivals.ContainsKey(s.ItemId)));
            }, ArrivalDeadline, $"the subscriber at electricity-ceptoar received all {sent.Count} items submitted at bank-ceptoar; check the links bank → council → electricity");
        }

        /// <summary>Every submitted item arrived exactly once, and nothing else arrived.</summary>
        public void RequireExactly(IEnumerable<string> submitted)
        {
            var expected = submitted.ToHashSet(StringComparer.Ordinal);
            var unexpected = _arrivals.Keys.Count(k => !expected.Contains(k));
            if (!_repeats.IsEmpty || unexpected > 0 || _arrivals.Count != expected.Count)
            {
                throw new InvalidOperationException(
                    $"the subscriber received {_repeats.Count} items twice and {unexpected} items nobody submitted ({_arrivals.Count} distinct for {expected.Count} submitted): " +
                    "a member feed must carry each item exactly once; the latency figures are void");
            }
        }
    }
}
