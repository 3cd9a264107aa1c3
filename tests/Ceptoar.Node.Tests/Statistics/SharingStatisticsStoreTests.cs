using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Statistics;
using Ceptoar.Node.Storage;
using Ceptoar.Node.Tests.Storage;

namespace Ceptoar.Node.Tests.Statistics;

/// <summary>
/// The sharing statistics over a real database file whose items the test wrote with chosen origins, kinds, labels, times
/// and states (docs/CONSOLE.md §5). The origins' sectors are a literal table here, as the directory would give them; every
/// expected count is written from the items below.
/// </summary>
public sealed class SharingStatisticsStoreTests : StorageTestBase
{
    private const string Own = "bank-ceptoar";

    // Who serves which sector, as the test states it (the directory's role in the node).
    private static readonly OriginFacts[] Directory =
    [
        new(Own, "銀行等セプター", "Banks CEPTOAR", ["finance"]),
        new("electricity-ceptoar", "電力セプター", "Electricity CEPTOAR", ["electricity"]),
        new("nisc", "内閣サイバーセキュリティセンター", "NISC", []),
        new("fsa", "金融庁", "Financial Services Agency", ["finance", "credit"]),
        new("council", "セプターカウンシル", "CEPTOAR Council", []),
    ];

    private static readonly string[] SectorOrder =
        ["ict", "finance", "aviation", "railway", "electricity", "gas", "government", "medical", "water", "logistics", "chemical", "credit", "petroleum"];

    /// <summary>The items of the period 2026-03..2026-05 (Asia/Tokyo) and around it; see each line for why it counts or not.</summary>
    private async Task StoreTheItemsAsync()
    {
        // 2026-03-31T15:30Z is 2026-04-01 00:30 in Tokyo: April. One millisecond before 15:00Z is still March.
        await SentAsync(At("2026-03-31T15:30:00Z"), ItemKind.IncidentReport, Tlp.Green, "April item");
        await SentAsync(At("2026-03-31T14:59:59.999Z"), ItemKind.EarlyWarning, Tlp.Amber, "March item");
        await SentAsync(At("2026-04-10T03:00:00Z"), ItemKind.IncidentReport, Tlp.Green, "exercise", exercise: true);
        var held = await SentAsync(At("2026-04-12T03:00:00Z"), ItemKind.IncidentReport, Tlp.Red, "held here");
        var revoked = await SentAsync(At("2026-05-01T03:00:00Z"), ItemKind.IncidentReport, Tlp.Green, "withdrawn later");
        await ReceivedAsync("electricity-ceptoar", At("2026-04-02T03:00:00Z"), ItemKind.VulnerabilityInformation, Tlp.Green);
        await ReceivedAsync("electricity-ceptoar", At("2026-04-03T03:00:00Z"), ItemKind.IncidentReport, Tlp.Amber, sealedOnly: true);
        await ReceivedAsync("nisc", At("2026-04-05T03:00:00Z"), ItemKind.EarlyWarning, Tlp.Clear);
        await ReceivedAsync("stranger-node", At("2026-04-06T03:00:00Z"), ItemKind.IncidentReport, Tlp.Green);
        await ReceivedAsync("fsa", At("2026-05-20T03:00:00Z"), ItemKind.RelatedInformation, Tlp.Green);
        await ReceivedAsync("electricity-ceptoar", At("2026-04-07T03:00:00Z"), ItemKind.Receipt, Tlp.Green);
        // Outside the period in Tokyo: 23:59 on 28 February, and 00:00 on 1 June.
        await ReceivedAsync("electricity-ceptoar", At("2026-02-28T14:59:00Z"), ItemKind.IncidentReport, Tlp.Green);
        await SentAsync(At("2026-05-31T15:00:00Z"), ItemKind.IncidentReport, Tlp.Green, "June item");

        await Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            new HeldStore(Database).Insert(connection, transaction, held.Seq, "hold-red", "held for approval");
            return true;
        });
        await Database.Writer.RunAsync(work =>
        {
            new WithdrawalStore(Database).Record(work, new ItemWithdrawal(revoked.ItemId, Own, ItemWithdrawal.Revoked, Guid.CreateVersion7().ToString(), "sent in error", At("2026-05-02T00:00:00Z")));
            return true;
        });
    }

    [Fact]
    public async Task ComputeAsync_BySector_CountsSentReceivedWithdrawnAndLeavesOutExercisesHeldAndNodeKinds()
    {
        await StoreTheItemsAsync();

        var stats = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-05" });

        Assert.Equal(("2026-03", "2026-05", 3u, "sector", "both", "Asia/Tokyo"), (stats.FromMonth, stats.ToMonth, stats.Months, stats.GroupBy, stats.Direction, stats.TimeZone));
        Assert.Equal([.. SectorOrder, "(none)", "(unknown)"], stats.Rows.Select(r => r.Key));
        Assert.Equal((3ul, 1ul, 1ul, 0ul), Figures(stats, "finance"));
        Assert.Equal((0ul, 2ul, 0ul, 1ul), Figures(stats, "electricity"));
        Assert.Equal((0ul, 1ul, 0ul, 0ul), Figures(stats, "credit"));
        Assert.Equal((0ul, 1ul, 0ul, 0ul), Figures(stats, "(none)"));
        Assert.Equal((0ul, 1ul, 0ul, 0ul), Figures(stats, "(unknown)"));
        Assert.All(stats.Rows.Where(r => r.Key is not ("finance" or "electricity" or "credit" or "(none)" or "(unknown)")), r => Assert.Equal((0ul, 0ul), (r.Sent, r.Received)));
        Assert.Equal(("金融", "Finance"), (Row(stats, "finance").NameJa, Row(stats, "finance").NameEn));
        Assert.Equal((3ul, 5ul, 1ul, 1ul), (stats.Sent, stats.Received, stats.Withdrawn, stats.SealedOnly));
        Assert.Equal((1ul, 1ul, 1ul), (stats.ExercisesLeftOut, stats.NodeKindsLeftOut, stats.HeldLeftOut));
    }

    [Fact]
    public async Task ComputeAsync_ByMonth_MonthsAreTheNodesZoneAndEveryMonthIsShown()
    {
        await StoreTheItemsAsync();

        var stats = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-02", ToMonth = "2026-06", GroupBy = "month" });

        Assert.Equal(
            [("2026-02", 0ul, 1ul), ("2026-03", 1ul, 0ul), ("2026-04", 1ul, 4ul), ("2026-05", 1ul, 1ul), ("2026-06", 1ul, 0ul)],
            stats.Rows.Select(r => (r.Key, r.Sent, r.Received)));
        Assert.Equal(1ul, stats.Rows.Single(r => r.Key == "2026-05").Withdrawn);
    }

    [Fact]
    public async Task ComputeAsync_ByMonthInUtc_TheSameItemFallsInMarch()
    {
        await StoreTheItemsAsync();

        var stats = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-04", GroupBy = "month" }, zone: "UTC");

        Assert.Equal([("2026-03", 2ul, 0ul), ("2026-04", 0ul, 4ul)], stats.Rows.Select(r => (r.Key, r.Sent, r.Received)));
    }

    [Fact]
    public async Task ComputeAsync_ByLabelKindAndCeptoar_EveryGroupListedWithZeros()
    {
        await StoreTheItemsAsync();
        var request = new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-05" };

        request.GroupBy = "label";
        var byLabel = await ComputeAsync(request);
        request.GroupBy = "kind";
        var byKind = await ComputeAsync(request);
        request.GroupBy = "ceptoar";
        var byNode = await ComputeAsync(request);

        Assert.Equal([("CLEAR", 0ul, 1ul), ("GREEN", 2ul, 3ul), ("AMBER", 1ul, 1ul), ("AMBER+STRICT", 0ul, 0ul), ("RED", 0ul, 0ul)],
            byLabel.Rows.Select(r => (r.Key, r.Sent, r.Received)));
        Assert.Equal(
            [
                ("incident-report", 2ul, 2ul), ("early-warning", 1ul, 1ul), ("attack-method", 0ul, 0ul), ("recovery-method", 0ul, 0ul),
                ("related-information", 0ul, 1ul), ("coordination-request", 0ul, 0ul), ("damage-report", 0ul, 0ul), ("response-status", 0ul, 0ul),
                ("vulnerability-information", 0ul, 1ul), ("crime-damage", 0ul, 0ul),
            ],
            byKind.Rows.Select(r => (r.Key, r.Sent, r.Received)));
        Assert.Equal(("障害・攻撃情報", "Incident report"), (byKind.Rows[0].NameJa, byKind.Rows[0].NameEn));
        Assert.Equal(
            [(Own, 3ul, 0ul), ("council", 0ul, 0ul), ("electricity-ceptoar", 0ul, 2ul), ("fsa", 0ul, 1ul), ("nisc", 0ul, 1ul), ("stranger-node", 0ul, 1ul)],
            byNode.Rows.Select(r => (r.Key, r.Sent, r.Received)));
        Assert.Equal(("電力セプター", "Electricity CEPTOAR"), (byNode.Rows[2].NameJa, byNode.Rows[2].NameEn));
        Assert.Equal("", byNode.Rows[5].NameEn);
    }

    [Fact]
    public async Task ComputeAsync_SentOrReceivedOnly_CountsOnlyThatDirection()
    {
        await StoreTheItemsAsync();

        var sent = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-05", Direction = "sent" });
        var received = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-05", Direction = "received" });

        Assert.Equal((3ul, 0ul, 1ul, 0ul, 1ul), (sent.Sent, sent.Received, sent.ExercisesLeftOut, sent.NodeKindsLeftOut, sent.HeldLeftOut));
        Assert.Equal((3ul, 0ul), (Row(sent, "finance").Sent, Row(sent, "finance").Received));
        Assert.DoesNotContain(sent.Rows, r => r.Key == "(none)");
        Assert.Equal((0ul, 5ul, 0ul, 1ul, 0ul), (received.Sent, received.Received, received.ExercisesLeftOut, received.NodeKindsLeftOut, received.HeldLeftOut));
        Assert.Equal((0ul, 1ul), (Row(received, "finance").Sent, Row(received, "finance").Received));
    }

    [Fact]
    public async Task ComputeAsync_GapBetweenSectors_PerMonthAndRatioToTheMedianSector()
    {
        // One origin per sector; the n-th sector of the roster shares n items in March (ict 1 … petroleum 13): the median
        // sector is the seventh, government, with 7 items, that is 3.5 a month over the two months.
        var origins = SectorOrder.Select(s => new OriginFacts("node-" + s, "", "", [s])).ToArray();
        for (var n = 0; n < SectorOrder.Length; n++)
        {
            for (var i = 0; i <= n; i++)
            {
                await ReceivedAsync("node-" + SectorOrder[n], At("2026-03-10T00:00:00Z").AddMinutes(i), ItemKind.IncidentReport, Tlp.Green);
            }
        }

        var stats = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-04" }, origins: origins);

        Assert.Equal(3.5, stats.MedianPerMonth, 9);
        Assert.Equal(SectorOrder, stats.Gaps.Select(g => g.Sector));
        var ict = stats.Gaps.Single(g => g.Sector == "ict");
        var government = stats.Gaps.Single(g => g.Sector == "government");
        var petroleum = stats.Gaps.Single(g => g.Sector == "petroleum");
        Assert.Equal((1ul, 0.5, true), (ict.Items, ict.PerMonth, ict.HasRatio));
        Assert.Equal(1.0 / 7, ict.RatioToMedian, 9);
        Assert.Equal((7ul, 3.5, 1.0), (government.Items, government.PerMonth, government.RatioToMedian));
        Assert.Equal(13.0 / 7, petroleum.RatioToMedian, 9);
    }

    [Fact]
    public async Task ComputeAsync_FewSectorsShare_MedianZeroAndNoRatio()
    {
        await StoreTheItemsAsync();

        var stats = await ComputeAsync(new SharingStatisticsRequest { FromMonth = "2026-03", ToMonth = "2026-05" });

        // Ten of the thirteen sectors shared nothing: the median sector shares nothing, so no ratio can be given.
        Assert.Equal(0, stats.MedianPerMonth);
        Assert.All(stats.Gaps, g => Assert.False(g.HasRatio));
        Assert.Equal(13, stats.Gaps.Count);
        Assert.Equal((4ul, 4.0 / 3), (stats.Gaps[1].Items, stats.Gaps[1].PerMonth));
    }

    private Task<SharingStatisticsResponse> ComputeAsync(SharingStatisticsRequest request, string zone = "Asia/Tokyo", IReadOnlyList<OriginFacts>? origins = null)
    {
        var node = new NodeOptions { Id = Own, TimeZone = zone };
        var statistics = new SharingStatistics(new SharingStatsStore(Database), new FixedOrigins(origins ?? Directory), node, Vocabulary.Default, new FixedClock(At("2026-06-15T00:00:00Z")));
        return statistics.ComputeAsync(request, CancellationToken.None);
    }

    private static (ulong Sent, ulong Received, ulong Withdrawn, ulong SealedOnly) Figures(SharingStatisticsResponse stats, string key)
    {
        var row = Row(stats, key);
        return (row.Sent, row.Received, row.Withdrawn, row.SealedOnly);
    }

    private static SharingStatisticsRow Row(SharingStatisticsResponse stats, string key) => stats.Rows.Single(r => r.Key == key);

    private static DateTimeOffset At(string time) => DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(string ItemId, long Seq)> SentAsync(DateTimeOffset at, ItemKind kind, Tlp tlp, string title, bool exercise = false)
    {
        var item = NewItem(origin: Own, kind: kind, tlp: tlp, exercise: exercise, title: title, createdAt: at, submittedBy: "mizuho-bank");
        var outcome = await SubmitAsync("mizuho-bank", item);
        return (item.ItemId, outcome.Seq);
    }

    private Task<long> ReceivedAsync(string origin, DateTimeOffset at, ItemKind kind, Tlp tlp, bool sealedOnly = false) =>
        StoreReceivedAsync(NewItem(origin: origin, kind: kind, tlp: tlp, createdAt: at) with { Sealed = sealedOnly, Title = sealedOnly ? "" : "received" });

    private sealed class FixedOrigins(IReadOnlyList<OriginFacts> origins) : ISharingOrigins
    {
        public IReadOnlyList<OriginFacts> All() => origins;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
