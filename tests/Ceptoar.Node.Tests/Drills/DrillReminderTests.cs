using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Notifications;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>
/// A drill's reminder at half its deadline (docs/DRILLS.md §3), on a real node whose clock the test moves and a real SMTP
/// server: mizuho-bank acknowledges the drill, resona-bank does not; at half the 30-minute deadline only resona-bank's
/// people are reminded, in their language, with the deadline and how to acknowledge.
/// </summary>
public sealed class DrillReminderTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
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
    public async Task Drill_HalfTheDeadlinePassed_OnlyTheMemberThatHasNotAcknowledgedIsReminded()
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"),
            settings => NotifyNodes.Configure(settings, pki, _sink.Port), clock: _clock);
        var mizuho = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await NotifyNodes.AddEmailAsync(node, "mizuho-bank", "Mizuho SOC", "soc@mizuho.example", "en");
        await NotifyNodes.AddEmailAsync(node, "resona-bank", "りそな 当番", "soc@resona.example", "ja");
        var drill = await node.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "reminder-1", StaffName = "duty", AcknowledgeWithinMinutes = 30,
            InstructionJa = "受信したら確認応答してください。", InstructionEn = "Acknowledge on receipt.",
        });
        await NotifyNodes.AllSentAsync(node, drill.DrillId, 2);
        var first = _sink.Received.Single(m => m.Recipients.Single() == "soc@mizuho.example").Message;
        Assert.Contains("Acknowledge by: ", first.TextBody, StringComparison.Ordinal);
        Assert.Contains($"MemberService/Acknowledge with item_id {drill.DrillId}", first.TextBody, StringComparison.Ordinal);
        await node.Member(mizuho).AcknowledgeAsync(new AcknowledgeRequest { ItemId = drill.DrillId });

        _clock.Advance(TimeSpan.FromMinutes(16));

        var rows = await NotifyNodes.AllSentAsync(node, drill.DrillId, 3);
        var reminder = Assert.Single(rows, r => r.Purpose == "remind");
        Assert.Equal("りそな 当番", reminder.ContactName);
        var mail = _sink.Received.Single(m => m.Message.MessageId == $"{reminder.Key}@bank-ceptoar.ceptoar").Message;
        Assert.StartsWith("[訓練] 【リマインダー】 [TLP:GREEN]", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("【リマインダー】この訓練は貴社のどなたからもまだ確認応答されていません。", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("確認応答の期限: ", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(3, _sink.Received.Count);
    }
}
