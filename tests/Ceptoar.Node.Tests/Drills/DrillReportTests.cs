using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>
/// The drill report at NISC, on real nodes, from signed receipts only (docs/DRILLS.md §5). The test decides who is
/// reached and who acknowledges when, and states the figures it expects itself: two banks and a power company are
/// reached; mizuho-bank and tepco acknowledge before the close, resona-bank after it (late).
/// </summary>
public sealed class DrillReportTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task DrillReport_AcksBeforeAndAfterTheClose_FiguresAreWhatHappened_InEveryFormat()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false);
        var nisc = cluster["nisc"];
        var bank = cluster["bank-ceptoar"];
        var electricity = cluster["electricity-ceptoar"];
        var mizuho = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank"));
        var resona = bank.Member(await bank.AddMemberWithKeyAsync("resona-bank"));
        var tepco = electricity.Member(await electricity.AddMemberWithKeyAsync("tepco", "electricity"));
        var started = await nisc.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "report-1", StaffName = "nisc-duty", WholeFederation = true, AcknowledgeWithinMinutes = 60,
            InstructionJa = "受信したら確認応答してください。", InstructionEn = "Acknowledge on receipt.",
        });
        var id = started.DrillId;
        var recipients = new[] { "bank-ceptoar", "council", "electricity-ceptoar", "local-gov-ceptoar" };
        await Until.TrueAsync(async () =>
        {
            var report = await nisc.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = id });
            return report.Nodes.Count(n => n.State == "delivered" && n.HasMembersReached) == recipients.Length;
        }, Deadline, "every recipient's delivery receipt is back at NISC");

        await mizuho.AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        await tepco.AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        await AcknowledgedAsync(nisc, id, 2);
        var closed = await nisc.Admin.CloseDrillAsync(new CloseDrillRequest { DrillId = id, StaffName = "nisc-duty" });
        await resona.AcknowledgeAsync(new AcknowledgeRequest { ItemId = id });
        var final = await AcknowledgedAsync(nisc, id, 3);

        Assert.Equal(recipients, final.Nodes.Select(n => n.NodeId).Order(StringComparer.Ordinal));
        var byNode = final.Nodes.ToDictionary(n => n.NodeId);
        Assert.Equal((2u, 2u, 1u, 0u), (byNode["bank-ceptoar"].MembersReached, byNode["bank-ceptoar"].MembersAcknowledged, byNode["bank-ceptoar"].MembersLate, byNode["bank-ceptoar"].MembersMissing));
        Assert.Equal((1u, 1u, 0u, 0u), (byNode["electricity-ceptoar"].MembersReached, byNode["electricity-ceptoar"].MembersAcknowledged, byNode["electricity-ceptoar"].MembersLate, byNode["electricity-ceptoar"].MembersMissing));
        Assert.Equal((0u, 0u), (byNode["local-gov-ceptoar"].MembersReached, byNode["council"].MembersReached));
        Assert.Equal(["finance"], byNode["bank-ceptoar"].Sectors);
        Assert.Equal((4u, 4u, 0u, 3u, 3u, 1u, 0u),
            (final.Totals.Nodes, final.Totals.NodesDelivered, final.Totals.NodesRejected, final.Totals.MembersReached, final.Totals.MembersAcknowledged, final.Totals.MembersLate, final.Totals.MembersMissing));
        Assert.Equal(closed.ClosedAt, final.Drill.ClosedAt);
        var finance = final.Sectors.Single(s => s.Sector == "finance");
        Assert.Equal((2u, 2u, 0u), (finance.MembersReached, finance.MembersAcknowledged, finance.MembersMissing));
        Assert.Equal(2, finance.AcknowledgementLatenciesMs.Count);
        // Latencies are measured from the drill's start, by the times the recipients signed.
        var resonaAck = byNode["bank-ceptoar"].Acknowledgements.Single(a => a.Late);
        Assert.True(resonaAck.At.ToDateTimeOffset() >= closed.ClosedAt.ToDateTimeOffset());
        Assert.Equal(byNode["bank-ceptoar"].LastAcknowledgementMs, resonaAck.LatencyMs);

        var csv = await CliAsync(nisc, "en", "drill", "report", id, "--format", "csv");
        var lines = csv.Output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("node_id,name_ja,name_en,sectors,state,reason,delivered_at,delivery_latency_ms,members_reached,members_acknowledged,members_late,members_missing", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("bank-ceptoar,", StringComparison.Ordinal) && l.Contains(",delivered,", StringComparison.Ordinal) && l.Contains(",2,2,1,0,", StringComparison.Ordinal));

        var htmlFile = _dir.Combine("drill.html");
        var html = await CliAsync(nisc, "ja", "drill", "report", id, "--format", "html", "--output", htmlFile);
        Assert.Contains("報告を", html.Output, StringComparison.Ordinal);
        var document = await File.ReadAllTextAsync(htmlFile);
        Assert.Contains("セプター訓練 報告 / CEPTOAR drill report", document, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(document, "<svg "));
        Assert.DoesNotContain("<script", document, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", document.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var table = await CliAsync(nisc, "en", "drill", "report", id);
        Assert.Contains("Members: 3 acknowledged of 3 reached (1 late), 0 missing", table.Output, StringComparison.Ordinal);
        var list = await CliAsync(nisc, "en", "drill", "list");
        Assert.Contains(id, list.Output, StringComparison.Ordinal);
        // Closed: nothing to wait for, so the watch prints the state once and ends.
        var watch = await CliAsync(nisc, "en", "drill", "watch", id, "--interval", "1");
        Assert.Contains("nodes 4/4 delivered; members 3/3 acknowledged, 0 missing, 1 late", watch.Output, StringComparison.Ordinal);
        Assert.Contains($"Drill {id}: nothing more to wait for.", watch.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillReport_NodeBehindALinkThatIsDown_NotReachedWithTheLinksError()
    {
        await using var nisc = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "nisc", _dir.Combine("nisc"), s =>
        {
            s["Node:Role"] = "nisc";
            s["Federation:RetryInitialMs"] = "100";
        });
        // Nothing listens there.
        await nisc.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "gas-ceptoar", Endpoint = "https://127.0.0.1:9" });
        var started = await nisc.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "down-1", StaffName = "nisc-duty", Nodes = { "gas-ceptoar" }, InstructionJa = "確認してください。", InstructionEn = "Acknowledge.",
        });

        DrillNodeReport gas = null!;
        await Until.TrueAsync(async () =>
        {
            gas = (await nisc.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = started.DrillId })).Nodes.Single();
            return gas.Reason.StartsWith("link down: ", StringComparison.Ordinal);
        }, Deadline, "the report names the link's error");

        Assert.Equal(("gas-ceptoar", "not-reached"), (gas.NodeId, gas.State));
        Assert.False(gas.HasMembersReached);
        Assert.False(gas.HasDeliveryLatencyMs);
    }

    [Fact]
    public async Task DrillReport_ItemThatIsNotADrill_NotFound_AndBadId_InvalidArgument()
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("bank"));
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        var item = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));

        var notADrill = await Assert.ThrowsAsync<RpcException>(() => node.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = item.ItemId }).ResponseAsync);
        var badId = await Assert.ThrowsAsync<RpcException>(() => node.Admin.CloseDrillAsync(new CloseDrillRequest { DrillId = "drill-1", StaffName = "duty" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, notADrill.StatusCode);
        Assert.Contains("drill list", notADrill.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Contains("drill_id", badId.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillReport_SecretariatDrillOfItsOwnMembers_OwnNodeRowFromLocalAcknowledgements()
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("bank"));
        var mizuho = node.Member(await node.AddMemberWithKeyAsync("mizuho-bank"));
        await node.AddMemberWithKeyAsync("resona-bank");
        var started = await node.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "own-1", StaffName = "duty", InstructionJa = "確認してください。", InstructionEn = "Acknowledge.",
        });

        await mizuho.AcknowledgeAsync(new AcknowledgeRequest { ItemId = started.DrillId });
        var report = await node.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = started.DrillId });

        var own = Assert.Single(report.Nodes);
        Assert.Equal(("bank-ceptoar", 2u, 1u, 1u, 0u), (own.NodeId, own.MembersReached, own.MembersAcknowledged, own.MembersMissing, own.StaffAcknowledged));
        Assert.Contains(own.Acknowledgements, a => a.By == "member:mizuho-bank");
    }

    private static async Task<DrillReport> AcknowledgedAsync(RunningNode nisc, string id, uint members)
    {
        DrillReport report = null!;
        await Until.TrueAsync(async () =>
        {
            report = await nisc.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = id });
            return report.Totals.MembersAcknowledged == members;
        }, Deadline, $"{members} member acknowledgements back at NISC");
        return report;
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static async Task<(int Code, string Output, string Error)> CliAsync(RunningNode node, string language, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", language, "--socket", node.Ready.AdminSocket], output, error);
        Assert.True(code == 0, error.ToString());
        return (code, output.ToString(), error.ToString());
    }
}
