using System.Diagnostics;
using System.Text.Json;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>One measured figure, in its section of the table, beside the raw limit (or target) it should be read against.</summary>
internal sealed record Figure(string Section, string Name, double Value, string Unit, string? LimitName = null, double? Limit = null)
{
    public double? Ratio => Limit is > 0 ? Value / Limit : null;
}

/// <summary>
/// Runs the measurements, prints a table and writes JSON. `--quick` runs in seconds; `--json FILE` saves the figures;
/// `--only raw,submit,relay,e2e,catchup,urgent,notify,interchange,national` runs some sections (ratios need the raw section; notify measures its
/// own raw limit; national measures the raw limits it needs when the raw section does not run); `--scale S` sets the
/// national section's member scale (1 = the 2014 member counts); `--metrics on|off` (default off) gives every node a
/// monitoring listener, so its MeterProvider runs, and scrapes each node's /metrics once a second during the run.
/// </summary>
internal static class BenchmarkRunner
{
    private static readonly string[] Sections = ["raw", "submit", "relay", "e2e", "catchup", "urgent", "notify", "interchange", "national"];

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var jsonPath = Option(args, "--json");
        var only = Option(args, "--only")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        bool Runs(string section) => only is null || only.Contains(section);
        if (only?.Except(Sections).ToList() is [_, ..] unknown)
        {
            Console.Error.WriteLine($"unknown section {string.Join(", ", unknown)} after --only; the sections are {string.Join(", ", Sections)}");
            return 2;
        }

        var duration = TimeSpan.FromSeconds(quick ? 2 : 10);
        // A fifth of the 2014 members in a quick run (about 800): still every node process, in about a minute.
        var scale = NationalBenchmark.DefaultScale / (quick ? 5 : 1);
        if (Option(args, "--scale") is { } scaleText
            && (!double.TryParse(scaleText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out scale) || !double.IsFinite(scale) || scale <= 0 || scale > 10))
        {
            Console.Error.WriteLine($"--scale {scaleText}: give the national section's member scale as a number above 0 and at most 10 (1 = the 2014 member counts, default {NationalBenchmark.DefaultScale})");
            return 2;
        }

        var metricsOption = Option(args, "--metrics") ?? (args.Contains("--metrics") ? "" : "off");
        if (metricsOption is not ("on" or "off"))
        {
            Console.Error.WriteLine($"--metrics {metricsOption}: give on (every node exports metrics and is scraped once a second) or off (the default)");
            return 2;
        }

        var metrics = metricsOption == "on";
        // Before any node starts: each then gets a monitoring listener and is scraped (docs/OPERATIONS.md §4).
        ScrapedNodes.Enabled = metrics;
        await using var scraper = metrics ? MetricsScraper.Start() : null;

        Console.WriteLine($"CEPTOAR node benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {(quick ? "quick" : "full")} run, metrics {metricsOption}");
        var total = Stopwatch.StartNew();
        var figures = new List<Figure>();
        double? sign = null, verify = null, inserts = null, grpc = null;

        if (Runs("raw"))
        {
            sign = RawCrypto.SignPerSecond(duration);
            figures.Add(new Figure(BenchmarkFigures.Raw, "Ed25519 sign, all cores", sign.Value, "ops/s"));
            verify = RawCrypto.VerifyPerSecond(duration);
            figures.Add(new Figure(BenchmarkFigures.Raw, "Ed25519 verify, all cores", verify.Value, "ops/s"));
            inserts = RawStorage.InsertsPerSecond(TimeSpan.FromSeconds(quick ? 1 : 5));
            figures.Add(new Figure(BenchmarkFigures.Raw, $"SQLite insert, 1 KiB rows, WAL, synchronous=FULL, {RawStorage.RowsPerTransaction:N0} rows per commit", inserts.Value, "rows/s"));
            grpc = await RawGrpc.StreamMessagesPerSecond(TimeSpan.FromSeconds(quick ? 1 : 5));
            figures.Add(new Figure(BenchmarkFigures.Raw, "gRPC, one client stream of 1 KiB messages, mutual TLS, loopback", grpc.Value, "msg/s"));
        }

        if (Runs("submit"))
        {
            var submit = await MemberSubmitBenchmark.RunAsync(clients: 64, duration);
            figures.Add(new Figure(BenchmarkFigures.Submit, "64 concurrent clients (validate + sign + durable commit)", submit.PerSecond, "items/s", "raw Ed25519 sign", sign));
            figures.Add(new Figure(BenchmarkFigures.Submit, "the same rate against the raw SQLite limit", submit.PerSecond, "items/s", BenchmarkFigures.SqliteLimit, inserts));
            figures.Add(new Figure(BenchmarkFigures.Submit, "latency p50", submit.P50Ms, "ms"));
            figures.Add(new Figure(BenchmarkFigures.Submit, "latency p99", submit.P99Ms, "ms"));
        }

        if (Runs("relay"))
        {
            var relayItems = quick ? 5_000 : 50_000;
            var relay = await HubRelayBenchmark.RunAsync(relayItems, window: 4);
            figures.AddRange(BenchmarkFigures.Relay(relay, relayItems, verify, inserts));
        }

        if (Runs("e2e"))
        {
            var level = TimeSpan.FromSeconds(quick ? 2 : 12);
            var e2e = await EndToEndBenchmark.RunAsync(lightRate: 100, level, floodDuration: duration);
            figures.AddRange(BenchmarkFigures.EndToEnd(e2e, verify));
        }

        if (Runs("catchup"))
        {
            var result = await CatchUpBenchmark.RunAsync(items: quick ? 5_000 : 100_000, subscribers: quick ? 200 : 2_000, settle: TimeSpan.FromSeconds(quick ? 1 : 3));
            figures.AddRange(BenchmarkFigures.CatchUp(result.CatchUp, verify, grpc));
            figures.AddRange(BenchmarkFigures.Memory(result.Memory, result.CatchUp));
        }

        if (Runs("urgent"))
        {
            var urgent = await UrgentBenchmark.RunAsync(backlog: quick ? 5_000 : 100_000);
            figures.AddRange(BenchmarkFigures.Urgent(urgent));
        }

        if (Runs("notify"))
        {
            // 2,000 members × 2 contacts is the aim's 4,000 messages (issue 12); the feed latency is 50 items without and with
            // the sender busy, fewer with it idle (each waits for its own notifications).
            var notify = await NotifyBenchmark.RunAsync(members: quick ? 1_000 : 2_000, latencyItems: 50, idleItems: quick ? 10 : 20);
            figures.AddRange(BenchmarkFigures.Notify(notify));
        }

        if (Runs("interchange"))
        {
            var interchange = await InterchangeBenchmark.RunAsync(items: quick ? 5_000 : 100_000, pages: quick ? 10 : 100);
            figures.AddRange(BenchmarkFigures.Interchange(interchange));
        }

        if (Runs("national"))
        {
            // The raw limits the drill's figures are read against, measured here when the raw section did not run.
            grpc ??= await RawGrpc.StreamMessagesPerSecond(TimeSpan.FromSeconds(quick ? 1 : 3));
            sign ??= RawCrypto.SignPerSecond(TimeSpan.FromSeconds(quick ? 1 : 3));
            if (!Runs("raw"))
            {
                figures.Add(new Figure(BenchmarkFigures.Raw, "Ed25519 sign, all cores", sign.Value, "ops/s"));
                figures.Add(new Figure(BenchmarkFigures.Raw, "gRPC, one client stream of 1 KiB messages, mutual TLS, loopback", grpc.Value, "msg/s"));
            }

            var roundTrip = await RawGrpc.RoundTripMsAsync(calls: quick ? 500 : 2_000);
            var national = await NationalBenchmark.RunAsync(scale);
            figures.AddRange(BenchmarkFigures.National(national, roundTrip, grpc, sign));
        }

        Print(figures);
        Console.WriteLine($"whole run: {total.Elapsed.TotalSeconds:N0} s");
        if (scraper is not null)
        {
            Console.WriteLine($"metrics on: {scraper.Scrapes:N0} scrapes of /metrics answered, {scraper.Failures:N0} failed (nodes stopping or restarting)");
        }

        var json = JsonSerializer.Serialize(new
        {
            machine = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() },
            at = DateTimeOffset.UtcNow,
            quick,
            metrics = metricsOption,
            scrapes = scraper?.Scrapes,
            seconds = total.Elapsed.TotalSeconds,
            figures = figures.Select(f => new { f.Section, f.Name, f.Value, f.Unit, f.LimitName, f.Limit, f.Ratio }),
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

    private static void Print(List<Figure> figures)
    {
        const int NameWidth = 78;
        foreach (var section in figures.GroupBy(f => f.Section))
        {
            Console.WriteLine();
            Console.WriteLine($"{section.Key.ToUpperInvariant(),-NameWidth} {"value",12} {"unit",-8} ratio");
            foreach (var f in section)
            {
                var ratio = f.Ratio is { } r ? $"{r,5:P0} of {f.LimitName}" : "";
                Console.WriteLine($"  {f.Name,-(NameWidth - 2)} {f.Value,12:N1} {f.Unit,-8} {ratio}");
            }
        }

        Console.WriteLine();
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
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
