using System.Diagnostics;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Integration;

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

        var latencies = new List<double>[clients];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await members[c].SubmitAsync(Drafts.Request(draft));
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
