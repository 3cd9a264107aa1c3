using System.Diagnostics;
using System.Text.Json;

namespace Ceptoar.Benchmarks;

/// <summary>One measured figure beside the raw limit it should be read against.</summary>
internal sealed record Figure(string Name, double Value, string Unit, string? LimitName, double? Limit)
{
    public double? Ratio => Limit is > 0 ? Value / Limit : null;
}

/// <summary>Runs the measurements, prints a table and writes JSON. `--quick` runs in seconds; `--json FILE` saves the figures.</summary>
internal static class BenchmarkRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var jsonIndex = Array.IndexOf(args, "--json");
        var jsonPath = jsonIndex >= 0 && jsonIndex + 1 < args.Length ? args[jsonIndex + 1] : null;
        var duration = TimeSpan.FromSeconds(quick ? 2 : 10);

        Console.WriteLine($"CEPTOAR node benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} run");
        var figures = new List<Figure>();

        var sign = RawCrypto.SignPerSecond(duration);
        figures.Add(new Figure("raw Ed25519 sign, all cores", sign, "ops/s", null, null));
        var verify = RawCrypto.VerifyPerSecond(duration);
        figures.Add(new Figure("raw Ed25519 verify, all cores", verify, "ops/s", null, null));

        var submit = await MemberSubmitBenchmark.RunAsync(clients: 64, duration);
        figures.Add(new Figure("member submit, 64 concurrent clients (validate + sign + durable commit)", submit.PerSecond, "items/s", "raw Ed25519 sign", sign));
        figures.Add(new Figure("member submit latency p50", submit.P50Ms, "ms", null, null));
        figures.Add(new Figure("member submit latency p99", submit.P99Ms, "ms", null, null));

        var relayItems = quick ? 5_000 : 50_000;
        var relay = await HubRelayBenchmark.RunAsync(relayItems, RelayWindow);
        figures.AddRange(RelayFigures(relay, relayItems, verify));

        Print(figures);
        var json = JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
            at = DateTimeOffset.UtcNow,
            quick,
            figures = figures.Select(f => new { f.Name, f.Value, f.Unit, f.LimitName, f.Limit, f.Ratio }),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        if (jsonPath is not null)
        {
            await File.WriteAllTextAsync(jsonPath, json);
            Console.WriteLine($"JSON written to {jsonPath}");
        }
        else
        {
            Console.WriteLine(json);
        }

        return 0;
    }

    /// <summary>Batches the relay benchmark keeps unacknowledged on its one stream.</summary>
    private const int RelayWindow = 4;

    private static IEnumerable<Figure> RelayFigures(HubRelayBenchmark.Result relay, int items, double verify)
    {
        var (r, d) = (relay.Relay, relay.Duplicate);
        yield return new Figure($"hub relay, 1 peer stream: store + 3 outboxes + receipt ({items:N0} items)", r.PerSecond, "items/s", "raw Ed25519 verify", verify);
        yield return new Figure("hub relay: per-item checks alone (verify, parse, validate), all cores", relay.ChecksPerSecond, "items/s", "raw Ed25519 verify", verify);
        // Where the time goes, from /proc (Linux only): per-thread CPU, the writer's states, the whole machine's load.
        if (ThreadProfile.Available)
        {
            yield return new Figure("hub relay: CPU per item, SQLite writer thread (commits)", r.WriterCpuUsPerItem, "µs", null, null);
            yield return new Figure("hub relay: CPU per item, other threads (checks, receipt, gRPC, sender)", r.OtherCpuUsPerItem, "µs", null, null);
            yield return new Figure("hub relay: SQLite writer idle (waiting for the next batch)", r.WriterIdle * 100, "%", null, null);
            yield return new Figure("hub relay: SQLite writer waiting on disk (fsync)", r.WriterOnDisk * 100, "%", null, null);
        }

        yield return new Figure("hub relay: CPU used by this process (hub + sender)", r.ProcessCpu * 100, "%", null, null);
        if (r.MachineBusy is { } busy)
        {
            yield return new Figure("hub relay: CPU used by the whole machine (other programs too)", busy * 100, "%", null, null);
        }

        yield return new Figure($"hub duplicate absorption (same {items:N0} again, all DUPLICATE)", d.PerSecond, "items/s", "raw Ed25519 verify", verify);
        yield return new Figure("hub duplicate absorption: CPU per item, all threads", d.WriterCpuUsPerItem + d.OtherCpuUsPerItem, "µs", null, null);
    }

    private static void Print(List<Figure> figures)
    {
        Console.WriteLine();
        Console.WriteLine($"{"figure",-75} {"value",12} {"unit",-8} {"ratio to raw limit",20}");
        foreach (var f in figures)
        {
            var ratio = f.Ratio is { } r ? $"{r:P0} of {f.LimitName}" : "";
            Console.WriteLine($"{f.Name,-75} {f.Value,12:N1} {f.Unit,-8} {ratio,20}");
        }

        Console.WriteLine();
    }

    /// <summary>Runs body on every core until the duration passes; returns operations per second.</summary>
    internal static double AllCores(TimeSpan duration, Func<Func<bool>, long> body)
    {
        var stopwatch = Stopwatch.StartNew();
        var counts = new long[Environment.ProcessorCount];
        Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = counts.Length }, i =>
            counts[i] = body(() => stopwatch.Elapsed < duration));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }
}
