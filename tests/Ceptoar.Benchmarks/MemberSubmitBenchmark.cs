using System.Diagnostics;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>Member submissions against a real node (TLS on loopback, SQLite with synchronous=FULL) from many concurrent clients.</summary>
internal static class MemberSubmitBenchmark
{
    public sealed record Result(double PerSecond, double P50Ms, double P99Ms);

    public static async Task<Result> RunAsync(int clients, TimeSpan duration)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        await using var node = await TestNode.StartAsync(federation, "bank-ceptoar", dir.Combine("data"));
        var keys = new List<string>();
        for (var i = 0; i < clients; i++)
        {
            keys.Add(await node.AddMemberWithKeyAsync($"bench-{i}"));
        }

        // One channel per client, as separate member systems would have.
        var members = keys.Select(k => node.Member(k)).ToList();
        var draft = Drafts.Incident(Tlp.Green, "benchmark report");
        await Task.WhenAll(members.Select(m => m.SubmitAsync(Drafts.Request(draft)).ResponseAsync));

        // Unmeasured warm-up at the same load: the JIT recompiles the hot paths (tiered, with PGO) during the first seconds,
        // which costs a fifth of the CPU then; the figure is a running node's, not its first seconds'.
        var warmUp = await SubmitForAsync(members, draft, duration);
        var measured = await SubmitForAsync(members, draft, duration);

        var held = (await node.Admin.GetStatusAsync(new GetStatusRequest())).Items;
        var submitted = (ulong)(clients + warmUp.Latencies.Length + measured.Latencies.Length);
        if (held != submitted)
        {
            throw new InvalidOperationException($"the node holds {held} items after {submitted} accepted submissions: each must be stored exactly once; the submit figure is void");
        }

        var all = measured.Latencies.Order().ToArray();
        return new Result(all.Length / measured.Seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    /// <summary>Every client submits back to back until the duration passes; each answered submission's latency in ms.</summary>
    private static async Task<(double[] Latencies, double Seconds)> SubmitForAsync(
        List<MemberService.MemberServiceClient> members, ItemDraft draft, TimeSpan duration)
    {
        var latencies = new List<double>[members.Count];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, members.Count).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await members[c].SubmitAsync(Drafts.Request(draft));
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return ([.. latencies.SelectMany(l => l)], stopwatch.Elapsed.TotalSeconds);
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
