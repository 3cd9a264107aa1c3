using AngleSharp.Dom;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Web.Member;

/// <summary>
/// The pages for member people over a real HttpClient (docs/CONSOLE.md §3): feed, filters, item, acknowledge (the origin
/// gets the receipt), submit, the organisation's acknowledgements, and a member's items hidden from another member.
/// </summary>
public sealed partial class MemberPagesTests(MemberPeers peers) : IClassFixture<MemberPeers>
{
    [Fact]
    public async Task Feed_MemberPerson_NewestFirstWithLabelBadgeExerciseBadgeAndPeerItems()
    {
        var older = await SubmitAsync(peers.MizuhoKey, Tlp.Green, "Feed order older");
        var newer = await SubmitAsync(peers.MizuhoKey, Tlp.Green, "Feed order newer exercise", exercise: true);
        using var sato = await peers.SignedInAsync(peers.Sato);

        var feed = await sato.GetAsync("/member");

        Assert.Equal(200, feed.Status);
        var rows = Rows(feed);
        Assert.True(rows.FindIndex(r => r.Id == newer) < rows.FindIndex(r => r.Id == older), "newest first");
        var olderRow = rows.Single(r => r.Id == older).Row;
        Assert.Equal("TLP:GREEN", olderRow.QuerySelector("span.tlp.tlp-green")?.TextContent);
        Assert.Null(olderRow.QuerySelector(".exercise-badge"));
        Assert.Equal("EXERCISE", rows.Single(r => r.Id == newer).Row.QuerySelector(".exercise-badge")?.TextContent);
        var peerRow = rows.Single(r => r.Id == peers.PeerGreenId).Row;
        Assert.Contains(MemberPeers.Electricity, peerRow.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not yet", peerRow.TextContent, StringComparison.Ordinal);
        Assert.Equal(302, (await sato.GetAsync("/member/feed?label=Green")).Status);
    }

    [Fact]
    public async Task Feed_Filters_EachNarrowsTheRowsWithoutJavaScript()
    {
        var green = await SubmitAsync(peers.MizuhoKey, Tlp.Green, "Filter probe green");
        var exercise = await SubmitAsync(peers.MizuhoKey, Tlp.Green, "Filter probe exercise", exercise: true);
        var amber = await SubmitAsync(peers.MizuhoKey, Tlp.Amber, "Filter probe amber");
        await peers.BankNode.Member(peers.MizuhoKey).AcknowledgeAsync(new AcknowledgeRequest { ItemId = green });
        using var sato = await peers.SignedInAsync(peers.Sato);

        Assert.Equal([amber, exercise, green], Ids(await sato.GetAsync("/member?text=Filter+probe")));
        Assert.Equal([amber], Ids(await sato.GetAsync("/member?text=Filter+probe&label=Amber")));
        Assert.Equal([exercise], Ids(await sato.GetAsync("/member?text=Filter+probe&exercises=only")));
        Assert.Equal([amber, green], Ids(await sato.GetAsync("/member?text=Filter+probe&exercises=exclude")));
        Assert.Equal([green], Ids(await sato.GetAsync("/member?text=Filter+probe&acknowledged=yes")));
        Assert.Equal([amber, exercise], Ids(await sato.GetAsync("/member?text=Filter+probe&acknowledged=no")));
        Assert.Empty(Ids(await sato.GetAsync("/member?text=Filter+probe&kind=EarlyWarning")));
        var form = (await sato.GetAsync("/member?label=Amber")).Document.QuerySelector("form.filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Equal("Amber", form.QuerySelector("#label option[selected]")?.GetAttribute("value"));
    }

    [Theory]
    [InlineData("en", "Choose one of the list's values.", "Plain text of at most 200 characters.")]
    [InlineData("ja", "一覧から選んでください。", "200 文字以内の文字列にしてください。")]
    public async Task Feed_HostileFilterValues_400WithEachErrorNextToItsField(string language, string choose, string tooLong)
    {
        using var sato = await peers.SignedInAsync(peers.Sato, language);

        var page = await sato.GetAsync("/member?kind=%3Cscript%3E&label=RED2&exercises=maybe&acknowledged=%22%3E&text=" + new string('x', 201));

        Assert.Equal(400, page.Status);
        Assert.Equal(choose, page.Document.QuerySelector("#kind-error")?.TextContent);
        Assert.Equal(choose, page.Document.QuerySelector("#label-error")?.TextContent);
        Assert.Equal(choose, page.Document.QuerySelector("#exercises-error")?.TextContent);
        Assert.Equal(choose, page.Document.QuerySelector("#acknowledged-error")?.TextContent);
        Assert.Equal(tooLong, page.Document.QuerySelector("#text-error")?.TextContent);
        Assert.Equal("text-error", page.Document.QuerySelector("#text")?.GetAttribute("aria-describedby"));
        Assert.DoesNotContain("<script>", page.Body, StringComparison.Ordinal);

        var token = await sato.GetAsync("/member?before=p0");
        Assert.Equal(400, token.Status);
        Assert.Equal(language, token.Lang);
    }

    [Theory]
    [InlineData("en", "TLP:GREEN: you may share it within your community (peers and partner organisations), but not publicly.", "Verified: signed by electricity-ceptoar with key electricity-ceptoar/")]
    [InlineData("ja", "TLP:GREEN: コミュニティ内（同業者・提携組織）で共有できますが、公開はできません。", "検証済み: electricity-ceptoar が鍵 electricity-ceptoar/")]
    public async Task Item_PeerItem_5W1HIndicatorsAsTextSignatureVerifiedAndWhatTheLabelAllows(string language, string rule, string signature)
    {
        using var sato = await peers.SignedInAsync(peers.Sato, language);

        var page = await sato.GetAsync("/member/items/" + peers.PeerGreenId);

        Assert.Equal(200, page.Status);
        Assert.Equal("Phishing wave against power utilities", page.Document.QuerySelector("h1")?.TextContent);
        Assert.StartsWith(signature, page.Document.QuerySelector("#signature")?.TextContent, StringComparison.Ordinal);
        Assert.EndsWith("TLP:GREEN " + rule, page.Document.QuerySelector("#rule")?.TextContent?.Trim(), StringComparison.Ordinal);
        var indicators = page.Document.QuerySelector("table.indicators")!;
        Assert.Contains("203.0.113.7", indicators.TextContent, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), indicators.TextContent, StringComparison.Ordinal);
        Assert.Empty(indicators.QuerySelectorAll("a"));
        Assert.Contains("About 40,000 failed logins from 300 addresses in one hour.", page.Text, StringComparison.Ordinal);
        Assert.Contains("credential stuffing", page.Text, StringComparison.Ordinal);
        Assert.Contains("blocked source addresses", page.Text, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("form[method=post] input[name=__RequestVerificationToken]"));
    }

    [Fact]
    public async Task Item_AnotherMembersAmberUnknownAndMalformedIds_TheSame404Page()
    {
        // AMBER for the finance sector from mufg-bank: no other member is entitled (docs/TLP.md §2), mizuho-bank included.
        var mufgAmber = await SubmitAsync(peers.MufgKey, Tlp.Amber, "MUFG internal AMBER");
        using var sato = await peers.SignedInAsync(peers.Sato);

        var other = await sato.GetAsync("/member/items/" + mufgAmber);
        var unknown = await sato.GetAsync("/member/items/" + Core.Items.UuidV7.NewId());
        var malformed = await sato.GetAsync("/member/items/not-an-id");
        var acknowledge = await sato.PostAsync("/member/items/" + mufgAmber, []);

        Assert.All([other, unknown, malformed, acknowledge], p => Assert.Equal(404, p.Status));
        Assert.Equal(MainText(unknown), MainText(other));
        Assert.Equal(MainText(unknown), MainText(malformed));
        Assert.DoesNotContain("MUFG internal AMBER", other.Body, StringComparison.Ordinal);
        var mufgView = await peers.BankNode.Member(peers.MufgKey).GetAsync(new GetItemRequest { ItemId = mufgAmber });
        Assert.Null(mufgView.AcknowledgedAt);
        Assert.DoesNotContain(mufgAmber, Ids(await sato.GetAsync("/member?text=MUFG")));
    }

    [Fact]
    public async Task Acknowledge_PeerItem_OriginGetsTheAcknowledgedReceiptAndASecondTimeSaysAlready()
    {
        using var sato = await peers.SignedInAsync(peers.Sato);
        var itemPage = await sato.GetAsync("/member/items/" + peers.PeerGreenId);
        Assert.Equal(200, itemPage.Status);

        var first = await sato.PostAsync("/member/items/" + peers.PeerGreenId, []);
        var shown = await sato.GetAsync(first.Location!);
        var second = await sato.PostAsync("/member/items/" + peers.PeerGreenId, []);
        var again = await sato.GetAsync(second.Location!);

        Assert.Equal((302, $"/member/items/{peers.PeerGreenId}?ack=done"), (first.Status, first.Location));
        Assert.Equal("Acknowledged. The origin is told that your organisation read it.", shown.Document.QuerySelector("p.notice")?.TextContent);
        Assert.NotNull(shown.Document.QuerySelector("#acknowledged"));
        Assert.Equal((302, $"/member/items/{peers.PeerGreenId}?ack=already"), (second.Status, second.Location));
        Assert.Equal("This item was already acknowledged by your organisation; the first acknowledgement is kept.", again.Document.QuerySelector("p.notice")?.TextContent);

        // The origin, electricity-ceptoar, records bank-ceptoar's ACKNOWLEDGED receipt, as for the member API's Acknowledge.
        await Until.TrueAsync(async () =>
        {
            var status = await peers.ElectricityNode.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = peers.PeerGreenId, Members = true });
            return status.Recipients.Any(r => r.NodeId == MemberPeers.Bank && r.State == "acknowledged" && r.MembersAcknowledged == 1);
        }, MemberPeers.Deadline, $"{MemberPeers.Electricity} shows {peers.PeerGreenId} acknowledged by one member at {MemberPeers.Bank}");
        var api = await peers.BankNode.Member(peers.MizuhoKey).GetAsync(new GetItemRequest { ItemId = peers.PeerGreenId });
        Assert.NotNull(api.AcknowledgedAt);

        var acks = await sato.GetAsync("/member/acks");
        var row = acks.Document.QuerySelectorAll("table.acks tbody tr").Single(r => r.QuerySelector("a")?.GetAttribute("href") == "/member/items/" + peers.PeerGreenId);
        Assert.Contains("佐藤 花子 <sato@mizuho.example.jp>", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Phishing wave against power utilities", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("(UTC+09:00)", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_WithoutAntiforgeryToken_400AndNothingRecorded()
    {
        using var ito = await peers.SignedInAsync(peers.Ito);

        var forged = await ito.PostAsync("/member/items/" + peers.HostileId, [], withToken: false);

        Assert.Equal(400, forged.Status);
        var api = await peers.BankNode.Member(peers.MufgKey).GetAsync(new GetItemRequest { ItemId = peers.HostileId });
        Assert.Null(api.AcknowledgedAt);
    }

    [Fact]
    public async Task MemberPages_StaffOrNobodySignedIn_NotShown()
    {
        using var staff = await peers.SignedInAsync(peers.Staff);
        using var nobody = peers.Client("en");

        foreach (var path in new[] { "/member", "/member/items/" + peers.PeerGreenId, "/member/submit", "/member/acks" })
        {
            var asStaff = await staff.GetAsync(path);
            var asNobody = await nobody.GetAsync(path);
            // A person of another kind gets the 404 page: it does not say the page exists (docs/CONSOLE.md §4).
            Assert.True(asStaff.Status == 404, asStaff.ToString());
            Assert.True(asNobody.Status == 302 && new Uri(nobody.BaseAddress, asNobody.Location!).AbsolutePath == "/sign-in", asNobody.ToString());
        }
    }

    private async Task<string> SubmitAsync(string key, Tlp tlp, string title, bool exercise = false)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Exercise = exercise;
        return (await peers.BankNode.Member(key).SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    internal static List<(string Id, IElement Row)> Rows(WebPage page) =>
        [.. page.Document.QuerySelectorAll("table.feed tbody tr").Select(r => (r.QuerySelector("a")!.GetAttribute("href")!["/member/items/".Length..], r))];

    internal static List<string> Ids(WebPage page) => [.. Rows(page).Select(r => r.Id)];

    private static string MainText(WebPage page) => page.Document.QuerySelector("main")?.TextContent ?? "";
}
