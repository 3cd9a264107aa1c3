using System.Diagnostics;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Statistics;
using Ceptoar.Node.Storage;
using Ceptoar.Node.Tests.Storage;
using Xunit.Abstractions;

namespace Ceptoar.Node.Tests.Statistics;

/// <summary>
/// Ten years of items in a real store, counted in one aggregate read (docs/CONSOLE.md §5). The suite runs it with 2,000
/// items; CEPTOAR_STATS_ITEMS=100000 measures the long period at scale (the time is written to the test output, never
/// asserted): `CEPTOAR_STATS_ITEMS=100000 dotnet test tests/Ceptoar.Node.Tests -c Release --filter SharingStatisticsScale
/// --logger "console;verbosity=detailed"`.
/// </summary>
public sealed class SharingStatisticsScaleTests(ITestOutputHelper output) : StorageTestBase
{
    private static readonly string[] Sectors =
        ["ict", "finance", "aviation", "railway", "electricity", "gas", "government", "medical", "water", "logistics", "chemical", "credit", "petroleum"];

    [Fact]
    public async Task ComputeAsync_TenYearsOfItems_EveryItemCountedOnceInItsMonth()
    {
        var items = int.TryParse(Environment.GetEnvironmentVariable("CEPTOAR_STATS_ITEMS"), out var n) ? n : 2_000;
        // 2016-07-01 00:00 in Tokyo to 2026-06-01 00:00: the 120 months up to the clock's month, June 2026 left empty.
        var start = new DateTimeOffset(2016, 6, 30, 15, 0, 0, TimeSpan.Zero);
        var step = (new DateTimeOffset(2026, 5, 31, 15, 0, 0, TimeSpan.Zero) - start) / items;
        var origins = Sectors.Select(s => new OriginFacts(s + "-ceptoar", "", "", [s])).ToArray();
        var exercises = 0;
        var fill = Stopwatch.StartNew();
        for (var first = 0; first < items; first += 1_000)
        {
            var batch = Enumerable.Range(first, Math.Min(1_000, items - first)).Select(i => NewItem(
                origin: origins[i % origins.Length].NodeId, kind: ItemValidator.MemberKinds[i % 10], tlp: (Tlp)(1 + (i % 5)),
                exercise: i % 20 == 0, createdAt: start + (step * i), envelopeBytes: 64)).ToList();
            exercises += batch.Count(b => b.Exercise);
            await Database.Writer.ExecuteAsync((connection, transaction) =>
            {
                batch.ForEach(item => Items.InsertItem(connection, transaction, item));
                return true;
            });
        }

        fill.Stop();
        var node = new NodeOptions { Id = "bank-ceptoar", TimeZone = "Asia/Tokyo" };
        var statistics = new SharingStatistics(new SharingStatsStore(Database), new Origins(origins), node, Vocabulary.Default, new FixedClock(new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero)));

        var clock = Stopwatch.StartNew();
        var byMonth = await statistics.ComputeAsync(new SharingStatisticsRequest { FromMonth = "2016-07", ToMonth = "2026-06", GroupBy = "month" }, CancellationToken.None);
        var monthly = clock.Elapsed;
        var bySector = await statistics.ComputeAsync(new SharingStatisticsRequest { FromMonth = "2016-07", ToMonth = "2026-06" }, CancellationToken.None);
        var sectoral = clock.Elapsed - monthly;

        output.WriteLine($"{items} items stored in {fill.Elapsed.TotalSeconds:F1} s; 120 months by month in {monthly.TotalMilliseconds:F0} ms, by sector in {sectoral.TotalMilliseconds:F0} ms");
        Assert.Equal(120u, byMonth.Months);
        Assert.Equal((ulong)(items - exercises), byMonth.Received);
        Assert.Equal((ulong)exercises, byMonth.ExercisesLeftOut);
        Assert.Equal((ulong)(items - exercises), (ulong)byMonth.Rows.Sum(r => (long)r.Received));
        Assert.Equal(0ul, byMonth.Rows.Single(r => r.Key == "2026-06").Received);
        Assert.Equal((ulong)(items - exercises), (ulong)bySector.Rows.Sum(r => (long)r.Received));
        Assert.All(bySector.Gaps, g => Assert.True(g.HasRatio));
    }

    private sealed class Origins(IReadOnlyList<OriginFacts> origins) : ISharingOrigins
    {
        public IReadOnlyList<OriginFacts> All() => origins;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
