using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Notifications;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>
/// `drill start` on real nodes (docs/DRILLS.md): NISC drills the federation and every member of every secretariat gets
/// the drill in its feed, its people are told (whatever kinds or severity they filter, unless they opted out of
/// exercises) and an acknowledgement travels back to NISC; a secretariat drills only its own members.
/// </summary>
public sealed class DrillStartTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task StartDrill_AtNiscForTheFederation_EveryMemberGetsIt_PeopleAreTold_AcknowledgementReachesNisc()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false, (_, settings) => NotifyNodes.Configure(settings, pki, _sink.Port));
        var bank = cluster["bank-ceptoar"];
        var electricity = cluster["electricity-ceptoar"];
        var mizuho = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank"));
        var resona = bank.Member(await bank.AddMemberWithKeyAsync("resona-bank"));
        var tepco = electricity.Member(await electricity.AddMemberWithKeyAsync("tepco", "electricity"));
        // Wants only high early warnings: a drill reaches this person all the same.
        await bank.Admin.AddContactAsync(new AddContactRequest
        {
            MemberId = "mizuho-bank", Name = "みずほ 花子", Email = "soc@mizuho.example", Language = "ja", Kinds = { "early-warning" }, MinSeverity = "high",
        });
        // Opted out of exercises: not told of a drill.
        await bank.Admin.AddContactAsync(new AddContactRequest { MemberId = "resona-bank", Name = "Resona Desk", Email = "desk@resona.example", Language = "en", NoExercises = true });
        await NotifyNodes.AddEmailAsync(electricity, "tepco", "Tepco SOC", "soc@tepco.example", "en");
        await NotifyNodes.AddEmailAsync(electricity, null, "Duty Officer", "duty@electricity-ceptoar.example", "ja");

        var started = await cluster["nisc"].Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "drill-2026-12", StaffName = "nisc-duty", WholeFederation = true, AcknowledgeWithinMinutes = 30,
            InstructionJa = "本メッセージを受信したら確認応答してください。", InstructionEn = "Acknowledge this message when you receive it.",
        });

        Assert.False(started.Duplicate);
        Assert.Equal("accepted", started.Status);
        foreach (var member in new[] { mizuho, resona, tepco })
        {
            var drill = await WaitForItemAsync(member, started.DrillId);
            Assert.Equal(ItemKind.Drill, drill.Item.Kind);
            Assert.True(drill.Item.Exercise);
            Assert.Equal(Tlp.Green, drill.Item.Tlp);
            Assert.Equal("本メッセージを受信したら確認応答してください。", drill.Item.Drill.InstructionJa);
            Assert.Equal(started.AcknowledgeBy, drill.Item.Drill.AcknowledgeBy);
        }

        await NotifyNodes.AllSentAsync(bank, started.DrillId, 1);
        await NotifyNodes.AllSentAsync(electricity, started.DrillId, 2);
        var subjects = _sink.Received.ToDictionary(m => m.Recipients.Single(), m => m.Message.Subject);
        Assert.Equal(["duty@electricity-ceptoar.example", "soc@mizuho.example", "soc@tepco.example"], subjects.Keys.Order(StringComparer.Ordinal));
        Assert.StartsWith("[訓練]", subjects["soc@mizuho.example"], StringComparison.Ordinal);
        Assert.StartsWith("[EXERCISE]", subjects["soc@tepco.example"], StringComparison.Ordinal);

        await tepco.AcknowledgeAsync(new AcknowledgeRequest { ItemId = started.DrillId });
        ItemStatus status = null!;
        await Until.TrueAsync(async () =>
        {
            status = await cluster["nisc"].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = started.DrillId, Members = true });
            return status.Recipients.Any(r => r.NodeId == "electricity-ceptoar" && r.MembersAcknowledged == 1)
                && status.Recipients.Any(r => r.NodeId == "bank-ceptoar" && r.State == "delivered");
        }, Deadline, "NISC shows tepco's acknowledgement and the drill delivered at bank-ceptoar");

        // Each node's signed DELIVERED receipt says how many of its members the drill reached: the test added two at the
        // bank, one at electricity and none at local government.
        var reached = status.Recipients.Where(r => r.HasMembersReached).ToDictionary(r => r.NodeId, r => r.MembersReached);
        Assert.Equal(2u, reached["bank-ceptoar"]);
        Assert.Equal(1u, reached["electricity-ceptoar"]);
        Assert.Equal(0u, reached["local-gov-ceptoar"]);
    }

    [Fact]
    public async Task StartDrill_RepeatedRequest_StartsNothingNew()
    {
        await using var node = await StartNodeAsync("nisc", "nisc");
        var request = Request("repeat-1");

        var first = await node.Admin.StartDrillAsync(request);
        var second = await node.Admin.StartDrillAsync(request);

        Assert.Equal(first.DrillId, second.DrillId);
        Assert.True(second.Duplicate);
        var drills = (await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Where(i => i.Kind == ItemKind.Drill).ToList();
        Assert.Single(drills);
    }

    [Fact]
    public async Task StartDrill_AtASecretariat_DrillsItsOwnMembersOnly()
    {
        await using var node = await StartNodeAsync("bank-ceptoar", "secretariat");
        var member = node.Member(await node.AddMemberWithKeyAsync("mizuho-bank"));

        var started = await node.Admin.StartDrillAsync(Request("own-members"));

        var drill = await WaitForItemAsync(member, started.DrillId);
        Assert.Equal(["bank-ceptoar"], drill.Item.Audience.Nodes);
        Assert.False(drill.Item.Audience.WholeFederation);
    }

    [Theory]
    [InlineData("federation")]
    [InlineData("sector")]
    [InlineData("node")]
    public async Task StartDrill_AtASecretariatForOthers_FailedPrecondition(string target)
    {
        await using var node = await StartNodeAsync("bank-ceptoar", "secretariat");
        var request = Request("others");
        switch (target)
        {
            case "federation": request.WholeFederation = true; break;
            case "sector": request.Sectors.Add("electricity"); break;
            default: request.Nodes.Add("electricity-ceptoar"); break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => node.Admin.StartDrillAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("only NISC and the Council drill other nodes", error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Theory]
    [InlineData("instruction_ja")]
    [InlineData("instruction_en")]
    [InlineData("tlp")]
    [InlineData("acknowledge_within_minutes")]
    [InlineData("staff_name")]
    [InlineData("client_request_id")]
    public async Task StartDrill_BadField_InvalidArgumentNamingIt_NothingStored(string field)
    {
        await using var node = await StartNodeAsync("nisc", "nisc");
        var request = Request("bad-field");
        switch (field)
        {
            case "instruction_ja": request.InstructionJa = " "; break;
            case "instruction_en": request.InstructionEn = new string('x', 4_001); break;
            case "tlp": request.Tlp = Tlp.Amber; break;
            case "acknowledge_within_minutes": request.AcknowledgeWithinMinutes = 10_081; break;
            case "staff_name": request.StaffName = "bad\nname"; break;
            default: request.ClientRequestId = ""; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => node.Admin.StartDrillAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    private async Task<TestNode> StartNodeAsync(string id, string role) =>
        await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), id, _dir.Combine("data-" + id), s => s["Node:Role"] = role);

    private static StartDrillRequest Request(string requestId) => new()
    {
        ClientRequestId = requestId, StaffName = "duty-officer", InstructionJa = "受信したら確認応答してください。", InstructionEn = "Acknowledge on receipt.",
    };

    private static async Task<MemberItem> WaitForItemAsync(MemberService.MemberServiceClient member, string itemId)
    {
        MemberItem? found = null;
        await Until.TrueAsync(async () =>
        {
            found = (await member.ListAsync(new ListItemsRequest())).Items.FirstOrDefault(i => i.Item.Id == itemId);
            return found is not null;
        }, Deadline, $"the member's feed has item {itemId}");
        return found!;
    }
}
