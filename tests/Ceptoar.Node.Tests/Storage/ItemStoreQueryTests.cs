using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

public sealed class ItemStoreQueryTests : StorageTestBase
{
    private static readonly MemberViewer Viewer = new("m-viewer", "finance");

    [Fact]
    public async Task Visibility_EachRule_GetListAndFeedAgree()
    {
        var own = NewItem(title: "own");
        var all = NewItem(title: "all", delivery: ToAll);
        var sector = NewItem(title: "sector", delivery: ToSectors("energy", "finance"));
        var named = NewItem(title: "named", delivery: ToMembers("m-other", "m-viewer"));
        var none = NewItem(title: "none", delivery: new(false, ["energy"], ["m-other"]));
        var received = NewItem(title: "received, nobody", origin: "node-b");
        await SubmitAsync(Viewer.MemberId, own);
        await SubmitAsync("m-other", all);
        await SubmitAsync("m-other", sector);
        await StoreReceivedAsync(named);
        await SubmitAsync("m-other", none);
        await StoreReceivedAsync(received);
        string[] visibleNewestFirst = ["named", "sector", "all", "own"];

        var listed = await Items.ListForMemberAsync(Viewer, new ItemQuery(), CancellationToken.None);
        var feed = await Items.FeedAsync(Viewer, 0, 100, CancellationToken.None);

        Assert.Equal(visibleNewestFirst, listed.Select(i => i.Title));
        Assert.Equal(Enumerable.Reverse(visibleNewestFirst), feed.Select(i => i.Title));
        foreach (var item in new[] { own, all, sector, named })
        {
            Assert.NotNull(await Items.GetForMemberAsync(item.ItemId, Viewer, CancellationToken.None));
        }

        Assert.Null(await Items.GetForMemberAsync(none.ItemId, Viewer, CancellationToken.None));
        Assert.Null(await Items.GetForMemberAsync(received.ItemId, Viewer, CancellationToken.None));
        Assert.NotNull(await Items.GetAsync(none.ItemId, CancellationToken.None));
    }

    [Fact]
    public async Task Visibility_OtherSectorMember_SeesOnlyWhatReachesIt()
    {
        await SubmitAsync("m-a", NewItem(title: "all", delivery: ToAll));
        await SubmitAsync("m-a", NewItem(title: "finance only", delivery: ToSectors("finance")));
        await SubmitAsync("m-a", NewItem(title: "m-b named", delivery: ToMembers("m-b")));
        var energyMember = new MemberViewer("m-c", "energy");

        var listed = await Items.ListForMemberAsync(energyMember, new ItemQuery(), CancellationToken.None);

        Assert.Equal(new[] { "all" }, listed.Select(i => i.Title));
        Assert.Empty(await Items.ListForMemberAsync(new MemberViewer("m-d", ""), new ItemQuery { Labels = [Tlp.Red] }, CancellationToken.None));
    }

    [Fact]
    public async Task ListForMemberAsync_PagingWithBeforeSeq_NoGapNoDuplicate()
    {
        var expected = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            var visible = i % 3 != 0;
            var outcome = await SubmitAsync("m-other", NewItem(delivery: visible ? ToAll : ToMembers("someone-else")));
            if (visible)
            {
                expected.Add(outcome.Seq);
            }
        }

        expected.Reverse();
        var seen = new List<long>();
        long? before = null;
        while (true)
        {
            var page = await Items.ListForMemberAsync(Viewer, new ItemQuery { Limit = 7, BeforeSeq = before }, CancellationToken.None);
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(page.Count <= 7);
            seen.AddRange(page.Select(i => i.Seq));
            before = page[^1].Seq;
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task FeedAsync_PagingWithCursor_NoGapNoDuplicate()
    {
        var expected = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            var visible = i % 4 != 1;
            var outcome = await SubmitAsync("m-other", NewItem(delivery: visible ? ToSectors("finance") : ToSectors("energy")));
            if (visible)
            {
                expected.Add(outcome.Seq);
            }
        }

        var seen = new List<long>();
        var cursor = 0L;
        IReadOnlyList<StoredItem> page;
        while ((page = await Items.FeedAsync(Viewer, cursor, 4, CancellationToken.None)).Count > 0)
        {
            seen.AddRange(page.Select(i => i.Seq));
            cursor = page[^1].Seq;
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task ListAllAsync_Filters_EachNarrowsAsSpecified()
    {
        var t0 = DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_000);
        await SubmitAsync("m1", NewItem(title: "a", kind: ItemKind.IncidentReport, tlp: Tlp.Green, sectors: ["finance"], createdAt: t0, searchText: "Phishing mail to accounting"));
        await SubmitAsync("m2", NewItem(title: "b", kind: ItemKind.EarlyWarning, tlp: Tlp.Amber, sectors: ["energy", "finance"], createdAt: t0.AddHours(1), searchText: "ランサムウェア RANSOMWARE"));
        await SubmitAsync("m1", NewItem(title: "c", kind: ItemKind.VulnerabilityInformation, tlp: Tlp.Clear, sectors: ["telecom"], createdAt: t0.AddHours(2), exercise: true, searchText: "cve-2025-0001 in vpn"));
        await StoreReceivedAsync(NewItem(title: "d", origin: "node-b", kind: ItemKind.IncidentReport, tlp: Tlp.Green, sectors: ["energy"], createdAt: t0.AddHours(3), searchText: "phishing site"));

        async Task<string> Titles(ItemQuery query) =>
            string.Concat((await Items.ListAllAsync(query, CancellationToken.None)).Select(i => i.Title));

        Assert.Equal("dcba", await Titles(new ItemQuery()));
        Assert.Equal("da", await Titles(new ItemQuery { Kinds = [ItemKind.IncidentReport] }));
        Assert.Equal("dcb", await Titles(new ItemQuery { Kinds = [ItemKind.IncidentReport, ItemKind.EarlyWarning, ItemKind.VulnerabilityInformation], Labels = [Tlp.Green, Tlp.Amber, Tlp.Clear], BeforeSeq = null, CreatedFrom = t0.AddHours(1) }));
        Assert.Equal("cb", await Titles(new ItemQuery { Labels = [Tlp.Amber, Tlp.Clear] }));
        Assert.Equal("ba", await Titles(new ItemQuery { Sector = "finance" }));
        Assert.Equal("db", await Titles(new ItemQuery { Sector = "energy" }));
        Assert.Equal("cb", await Titles(new ItemQuery { CreatedFrom = t0.AddHours(1), CreatedTo = t0.AddHours(3) }));
        Assert.Equal("da", await Titles(new ItemQuery { Text = "PHISHING" }));
        Assert.Equal("da", await Titles(new ItemQuery { Text = "ｐｈｉｓｈ" }));
        Assert.Equal("b", await Titles(new ItemQuery { Text = "ransomware" }));
        Assert.Equal("b", await Titles(new ItemQuery { Text = "ランサム" }));
        Assert.Equal("c", await Titles(new ItemQuery { Text = "CVE-2025-0001" }));
        Assert.Equal("", await Titles(new ItemQuery { Text = "%" }));
        Assert.Equal("dba", await Titles(new ItemQuery { ExcludeExercise = true }));
        Assert.Equal("d", await Titles(new ItemQuery { OriginNode = "node-b" }));
        Assert.Equal("ca", await Titles(new ItemQuery { SubmittedByMember = "m1" }));
        Assert.Equal("dc", await Titles(new ItemQuery { Limit = 2 }));
        Assert.Equal("ba", await Titles(new ItemQuery { BeforeSeq = 3 }));
    }

    [Fact]
    public async Task ListForMemberAsync_FiltersApplyWithinVisibility_SubmitterFilterIgnored()
    {
        await SubmitAsync("m1", NewItem(title: "a", kind: ItemKind.IncidentReport, delivery: ToAll));
        await SubmitAsync("m1", NewItem(title: "b", kind: ItemKind.EarlyWarning, delivery: ToAll));
        await SubmitAsync("m1", NewItem(title: "c", kind: ItemKind.EarlyWarning, delivery: ToMembers("someone-else")));

        var listed = await Items.ListForMemberAsync(Viewer, new ItemQuery { Kinds = [ItemKind.EarlyWarning], SubmittedByMember = "nobody" }, CancellationToken.None);

        Assert.Equal(new[] { "b" }, listed.Select(i => i.Title));
    }

    [Fact]
    public async Task ListAllAsync_LimitAboveMaximum_IsCappedAndBelowOneRejected()
    {
        await SubmitAsync("m1", NewItem());

        Assert.Single(await Items.ListAllAsync(new ItemQuery { Limit = int.MaxValue }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Items.ListAllAsync(new ItemQuery { Limit = 0 }, CancellationToken.None));
    }
}
