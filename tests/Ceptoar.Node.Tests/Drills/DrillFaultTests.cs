using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>
/// A drill from NISC across the five sample nodes, in separate processes (issue 13's test): electricity-ceptoar's link is
/// down for a while, bank-ceptoar is SIGKILLed right after two of its members acknowledged, and smbc never answers. The
/// test states what happened and the report at NISC must say the same; no acknowledgement is lost to the kill.
/// </summary>
public sealed class DrillFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartBehindProxyAsync(_dir.Path, "electricity-ceptoar");

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Drill_NodeDownForAWhile_NodeKilledAfterAcks_MemberSilent_ReportIsWhatHappened()
    {
        var nisc = _cluster["nisc"];
        var bank = (NodeProcess)_cluster["bank-ceptoar"];
        var electricity = _cluster["electricity-ceptoar"];
        var localGov = _cluster["local-gov-ceptoar"];
        var mizuho = await bank.AddMemberWithKeyAsync("mizuho-bank");
        var resona = await bank.AddMemberWithKeyAsync("resona-bank");
        await bank.AddMemberWithKeyAsync("smbc");
        var tepco = await electricity.AddMemberWithKeyAsync("tepco", "electricity");
        var kepco = await electricity.AddMemberWithKeyAsync("kepco", "electricity");
        var tokyo = await localGov.AddMemberWithKeyAsync("tokyo-metro", "government");
        await _cluster.Proxy!.CutOffAsync();

        var id = (await nisc.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "fault-1", StaffName = "nisc-duty", WholeFederation = true, AcknowledgeWithinMinutes = 60,
            InstructionJa = "受信したら確認応答してください。", InstructionEn = "Acknowledge on receipt.",
        })).DrillId;
        await ReportUntilAsync(nisc, id, r => Node(r, "bank-ceptoar").HasMembersReached && Node(r, "local-gov-ceptoar").HasMembersReached, "bank and local government delivered");
        Assert.Equal("not-reached", Node(await ReportAsync(nisc, id), "electricity-ceptoar").State);

        await bank.Member(mizuho).AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        await bank.Member(resona).AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        // Both acknowledgements are committed (the calls answered); their receipts may not have left yet.
        await bank.KillAsync();
        await localGov.Member(tokyo).AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        await bank.RestartAsync();
        _cluster.Proxy.Restore();
        await ReportUntilAsync(nisc, id, r => Node(r, "electricity-ceptoar").HasMembersReached, "electricity delivered once its link is back");
        await electricity.Member(tepco).AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        await electricity.Member(kepco).AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });

        var report = await ReportUntilAsync(nisc, id, r => r.Totals.MembersAcknowledged == 5, "five member acknowledgements at NISC");

        // What the test did: bank reached 3 (smbc silent), electricity 2, local government 1, the council none.
        Assert.Equal((3u, 2u, 1u), Figures(report, "bank-ceptoar"));
        Assert.Equal((2u, 2u, 0u), Figures(report, "electricity-ceptoar"));
        Assert.Equal((1u, 1u, 0u), Figures(report, "local-gov-ceptoar"));
        Assert.Equal((0u, 0u, 0u), Figures(report, "council"));
        Assert.Equal((6u, 5u, 1u, 0u), (report.Totals.MembersReached, report.Totals.MembersAcknowledged, report.Totals.MembersMissing, report.Totals.MembersLate));
        Assert.Equal(4u, report.Totals.NodesDelivered);
        // Electricity was delivered only after its link came back, after the acknowledgements at the bank.
        Assert.True(Node(report, "electricity-ceptoar").DeliveryLatencyMs > Node(report, "bank-ceptoar").LastAcknowledgementMs);
    }

    private static (uint Reached, uint Acknowledged, uint Missing) Figures(DrillReport report, string node) =>
        (Node(report, node).MembersReached, Node(report, node).MembersAcknowledged, Node(report, node).MembersMissing);

    private static DrillNodeReport Node(DrillReport report, string node) => report.Nodes.Single(n => n.NodeId == node);

    private static async Task<DrillReport> ReportAsync(RunningNode nisc, string id) =>
        await nisc.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = id });

    private static async Task<DrillReport> ReportUntilAsync(RunningNode nisc, string id, Func<DrillReport, bool> condition, string what)
    {
        DrillReport report = null!;
        await Until.TrueAsync(async () => condition(report = await ReportAsync(nisc, id)), Deadline, what);
        return report;
    }
}
