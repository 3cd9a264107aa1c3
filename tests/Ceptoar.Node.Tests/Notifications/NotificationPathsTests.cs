using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>
/// Every way an item reaches people writes its notifications in the same commit: an item held for approval tells the
/// duty roster at once and the members only when approved; an item from a peer tells the recipient node's people.
/// </summary>
public sealed class NotificationPathsTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private SmtpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Approve_HeldItem_DutyRosterToldOnArrival_MembersOnlyOnApproval()
    {
        await using var node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"),
            settings => NotifyNodes.Configure(settings, pki, _sink.Port));
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await NotifyNodes.AddEmailAsync(node, "resona-bank", "Alice Smith", "alice@resona.example", "en");
        await NotifyNodes.AddEmailAsync(node, null, "Duty Officer", "duty@bank-ceptoar.example", "en");
        var (rules, errors) = RuleFile.Parse("""
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        Assert.True(rules is not null, string.Join("; ", errors));
        Assert.True(await node.Services.GetRequiredService<ActiveRules>().ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None));

        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));
        Assert.Equal("held", submitted.Status);
        var held = Assert.Single(await NotifyNodes.AllSentAsync(node, submitted.ItemId, 1));
        Assert.Equal("Duty Officer", held.ContactName);
        Assert.Equal(["duty@bank-ceptoar.example"], _sink.Received.SelectMany(m => m.Recipients));

        await node.Admin.ApproveHeldAsync(new ApproveHeldRequest { ItemId = submitted.ItemId, Note = "checked" });

        var rows = await NotifyNodes.AllSentAsync(node, submitted.ItemId, 2);
        Assert.Equal(["Alice Smith", "Duty Officer"], rows.Select(r => r.ContactName).Order(StringComparer.Ordinal));
        Assert.Equal(["alice@resona.example", "duty@bank-ceptoar.example"], _sink.Received.SelectMany(m => m.Recipients).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Receive_ItemFromAPeer_RecipientNodesMemberAndDutyRosterTold_InTheirLanguages()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Path, processes: false, (_, settings) => NotifyNodes.Configure(settings, pki, _sink.Port));
        var bank = cluster["bank-ceptoar"];
        var electricity = cluster["electricity-ceptoar"];
        var key = await bank.AddMemberWithKeyAsync("mizuho-bank");
        await electricity.AddMemberWithKeyAsync("tepco", "electricity");
        await NotifyNodes.AddEmailAsync(electricity, "tepco", "東電 太郎", "soc@tepco.example", "ja");
        await NotifyNodes.AddEmailAsync(electricity, null, "Duty Officer", "duty@electricity-ceptoar.example", "en");
        var draft = Drafts.Incident(Tlp.Green, "Phishing aimed at utilities");
        draft.Audience = new Audience { Sectors = { "electricity" } };

        var submitted = await bank.Member(key).SubmitAsync(Drafts.Request(draft));

        await NotifyNodes.AllSentAsync(electricity, submitted.ItemId, 2);
        var mail = _sink.Received.ToDictionary(m => m.Recipients.Single(), m => m.Message);
        Assert.Equal("[TLP:GREEN] 障害・攻撃情報（重大度: 中）: Phishing aimed at utilities", mail["soc@tepco.example"].Subject);
        Assert.Equal("[TLP:GREEN] Incident and attack information (severity: medium): Phishing aimed at utilities", mail["duty@electricity-ceptoar.example"].Subject);
        Assert.EndsWith("@electricity-ceptoar.ceptoar", mail["soc@tepco.example"].MessageId, StringComparison.Ordinal);
    }
}
