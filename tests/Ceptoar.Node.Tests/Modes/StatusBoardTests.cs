using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Notifications;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// The status board at NISC and the Council (docs/MODES.md §5) on a real federation whose clock the test moves: each
/// board shows only the reports its node is a recipient of (the test states which, by itself), their age, who is late
/// after the interval; NISC reminds each late secretariat once, which reaches the late node's duty roster; the board stays
/// as the report of the period after the switch back.
/// </summary>
public sealed class StatusBoardTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private readonly JumpClock _clock = new();
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task GetStatusBoard_ReportsAgesLateNodesAndReminders_KeptAfterTheSwitchBack()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false, (_, settings) => NotifyNodes.Configure(settings, pki, _sink.Port), clock: _clock);
        await NotifyNodes.AddEmailAsync(cluster["electricity-ceptoar"], null, "当番", "duty@electricity-ceptoar.example", "ja");
        var bank = await cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank");
        var localGov = await cluster["local-gov-ceptoar"].AddMemberWithKeyAsync("tokyo-metro-gov", "government");
        var nisc = cluster["nisc"];
        var council = cluster["council"];
        var period = (await nisc.Admin.SetModeAsync(new SetModeRequest
        {
            Mode = FederationMode.LargeScale, Reason = "Nationwide outage", ReportEveryMinutes = 60, StaffName = "niscduty", ClientRequestId = "board-1",
        })).ItemId;
        await Until.TrueAsync(async () => (await council.Admin.GetStatusAsync(new GetStatusRequest())).ModePeriodId == period, NotifyNodes.Deadline, "council switched");

        // Who may see each report, stated here: the GREEN one to NISC is NISC's; the AMBER one to the Council is the
        // Council's only; the GREEN one to the electricity sector is neither hub's (they only relay it).
        var toNisc = await SubmitAsync(cluster["bank-ceptoar"], bank, ItemKind.DamageReport, Tlp.Green, new Audience { Nodes = { "nisc" } }, "ATM network down");
        var toCouncil = await SubmitAsync(cluster["bank-ceptoar"], bank, ItemKind.DamageReport, Tlp.Amber, new Audience { Nodes = { "council" } }, "Branch systems degraded");
        var toSector = await SubmitAsync(cluster["bank-ceptoar"], bank, ItemKind.DamageReport, Tlp.Green, new Audience { Sectors = { "electricity" } }, "Card payments failing");
        var status = await SubmitAsync(cluster["local-gov-ceptoar"], localGov, ItemKind.ResponseStatus, Tlp.Green, new Audience { WholeFederation = true }, "Counter services on paper");
        await HoldsAsync(nisc, toNisc, status);
        await HoldsAsync(council, toCouncil, status);
        await HoldsAsync(cluster["electricity-ceptoar"], toSector);
        // A hub relayed it, so it is stored there: only the recipient check keeps it off that hub's board.
        await HoldsAsync(nisc, toSector);

        var atNisc = await nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest());
        var atCouncil = await council.Admin.GetStatusBoardAsync(new GetStatusBoardRequest());

        Assert.Equal(period, atNisc.Period.PeriodId);
        Assert.Equal(["bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar"], atNisc.Rows.Select(r => r.NodeId));
        Assert.Equal((toNisc, "ATM network down", Tlp.Green), (Row(atNisc, "bank-ceptoar").DamageReport.ItemId, Row(atNisc, "bank-ceptoar").DamageReport.Title, Row(atNisc, "bank-ceptoar").DamageReport.Tlp));
        Assert.Equal(toCouncil, Row(atCouncil, "bank-ceptoar").DamageReport.ItemId);
        Assert.Equal(status, Row(atNisc, "local-gov-ceptoar").ResponseStatus.ItemId);
        Assert.Equal(status, Row(atCouncil, "local-gov-ceptoar").ResponseStatus.ItemId);
        Assert.Null(Row(atNisc, "electricity-ceptoar").DamageReport);
        Assert.DoesNotContain(atNisc.Rows.Concat(atCouncil.Rows), r => r.DamageReport?.ItemId == toSector);
        Assert.DoesNotContain(atNisc.Rows, r => r.Late);

        // Half an interval later local government reports again; another 31 minutes on, only it has reported within the hour.
        _clock.Advance(TimeSpan.FromMinutes(30));
        var second = await SubmitAsync(cluster["local-gov-ceptoar"], localGov, ItemKind.ResponseStatus, Tlp.Green, new Audience { WholeFederation = true }, "Paper counters in all wards");
        await HoldsAsync(nisc, second);
        _clock.Advance(TimeSpan.FromMinutes(31));

        var later = await nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest());
        Assert.Equal([("bank-ceptoar", true), ("electricity-ceptoar", true), ("local-gov-ceptoar", false)], later.Rows.Select(r => (r.NodeId, r.Late)));
        Assert.InRange(Row(later, "bank-ceptoar").DamageReport.AgeMinutes, 61u, 62u);
        Assert.Equal(second, Row(later, "local-gov-ceptoar").ResponseStatus.ItemId);

        // NISC reminds the late ones: a GREEN coordination request to each, which the late node's duty roster is told of.
        IReadOnlyList<AdminItemSummary> reminders = [];
        await Until.TrueAsync(async () =>
        {
            reminders = (await nisc.Admin.ListItemsAsync(new AdminListItemsRequest { OriginNode = "nisc", Kinds = { ItemKind.CoordinationRequest } })).Items;
            return reminders.Count >= 2;
        }, NotifyNodes.Deadline, "NISC reminded the late secretariats");
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, r => Assert.Equal(Tlp.Green, r.Tlp));
        foreach (var reminder in reminders)
        {
            var item = (await nisc.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = reminder.ItemId })).Item;
            Assert.Contains(item.Audience.Nodes.Single(), new[] { "bank-ceptoar", "electricity-ceptoar" });
        }

        await HoldsAsync(cluster["electricity-ceptoar"], reminders.Select(r => r.ItemId).First(id => IsFor(nisc, id, "electricity-ceptoar")));
        await Until.TrueAsync(() => Task.FromResult(_sink.Received.Any(m => m.Recipients.Single() == "duty@electricity-ceptoar.example"
            && (m.Message.Subject ?? "").Contains("大規模IT障害モード: 被害情報・対応状況を報告してください", StringComparison.Ordinal))), NotifyNodes.Deadline, "the reminder mailed to electricity's duty roster");

        // Back to normal: the period's board stays, as of the switch back.
        var back = await nisc.Admin.SetModeAsync(new SetModeRequest { Mode = FederationMode.Normal, Reason = "Recovered", StaffName = "niscduty", ClientRequestId = "board-2" });
        _clock.Advance(TimeSpan.FromMinutes(120));
        var kept = await nisc.Admin.GetStatusBoardAsync(new GetStatusBoardRequest { PeriodId = period });
        Assert.Equal(back.Periods.Single().EndedAt, kept.AsOf);
        Assert.Equal(toNisc, Row(kept, "bank-ceptoar").DamageReport.ItemId);
        Assert.Equal([("bank-ceptoar", true), ("electricity-ceptoar", true), ("local-gov-ceptoar", false)], kept.Rows.Select(r => (r.NodeId, r.Late)));
    }

    private static bool IsFor(RunningNode nisc, string itemId, string nodeId) =>
        nisc.Admin.GetItem(new AdminGetItemRequest { ItemId = itemId }).Item.Audience.Nodes.Contains(nodeId);

    private static BoardRow Row(StatusBoard board, string nodeId) => board.Rows.Single(r => r.NodeId == nodeId);

    private static async Task<string> SubmitAsync(RunningNode node, string key, ItemKind kind, Tlp tlp, Audience audience, string title)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Kind = kind;
        draft.Audience = audience;
        draft.Body.Indicators.Clear();
        return (await node.Member(key).SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    private static Task HoldsAsync(RunningNode node, params string[] itemIds) =>
        Until.TrueAsync(async () =>
        {
            var listed = await node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 200 });
            return itemIds.All(id => listed.Items.Any(i => i.ItemId == id));
        }, NotifyNodes.Deadline, $"{node.Ready.NodeId} holds {string.Join(", ", itemIds)}");
}
