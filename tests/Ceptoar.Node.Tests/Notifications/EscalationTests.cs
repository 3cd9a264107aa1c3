using Ceptoar.Federation.V1;
using MimeKit;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>
/// Escalation of unacknowledged high and extreme items, end to end (docs/NOTIFICATIONS.md §4): a real node on a clock the
/// test moves forward (no waiting 30 minutes), a real SMTP server in the test process, real acknowledgements over the
/// member API. What arrived is asserted per person: who got an escalation, when, naming whom, and never more than the label allows.
/// </summary>
public sealed class EscalationTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    /// <summary>Notify:EscalateAfterMinutes in these tests.</summary>
    private static readonly TimeSpan X = TimeSpan.FromMinutes(30);

    private readonly TestDirectory _dir = new();
    private readonly JumpClock _clock = new();
    private TestFederation _federation = null!;
    private SmtpSink _sink = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));
    }

    public async Task DisposeAsync()
    {
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Escalate_HighItemResonaAcknowledgesMufgDoesNot_OnlyMufgsEmergencyContactAtX_DutyRosterAt2XNamingMufgOnly()
    {
        await using var node = await StartNodeAsync();
        var (key, resona) = await AddPeopleAsync(node);
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Draft(Tlp.Green, Severity.High, "Wiper malware at a regional bank")));
        await NotifyNodes.AllSentAsync(node, submitted.ItemId, 5);
        await node.Member(resona).AcknowledgeAsync(new AcknowledgeRequest { ItemId = submitted.ItemId });
        Assert.Equal(5, _sink.Received.Count);

        _clock.Advance(X + TimeSpan.FromMinutes(1));

        var atX = await ArrivedAsync(6);
        var member = Assert.Single(atX.Skip(5));
        Assert.Equal(["emergency@mufg.example"], member.Recipients);
        Assert.Equal("[UNACKNOWLEDGED] [TLP:GREEN] Incident and attack information (severity: high): Wiper malware at a regional bank", member.Message.Subject);
        Assert.StartsWith("UNACKNOWLEDGED: nobody at your organisation has acknowledged this item within 30 minutes", member.Message.TextBody!, StringComparison.Ordinal);

        _clock.Advance(X);

        var at2X = await ArrivedAsync(7);
        var duty = Assert.Single(at2X.Skip(6));
        Assert.Equal(["duty@bank-ceptoar.example"], duty.Recipients);
        Assert.Equal("【未確認・要対応】 [TLP:GREEN] 障害・攻撃情報（重大度: 高）: Wiper malware at a regional bank", duty.Message.Subject);
        var lead = duty.Message.TextBody!.Split('\n')[0];
        Assert.Equal("【未確認・要対応】次の会員が配信から 60 分以内にこの情報を受領確認していません: mufg-bank株式会社 (mufg-bank)。連絡を取ってください。", lead.TrimEnd('\r'));
        Assert.DoesNotContain("resona-bank", duty.Message.TextBody, StringComparison.Ordinal);

        var rows = await NotifyNodes.AllSentAsync(node, submitted.ItemId, 7);
        Assert.Equal(["escalate-duty:c-duty", "escalate-member:c-mufg-emergency"],
            rows.Where(r => r.Purpose != "notify").Select(r => $"{r.Purpose}:{r.ContactName}").Order(StringComparer.Ordinal));
        Assert.Equal(7, _sink.Received.Select(m => m.Message.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Escalate_MediumItemNobodyAcknowledges_NeverEscalated_WhileAnExtremeOneBesideItIs()
    {
        await using var node = await StartNodeAsync();
        var (key, _) = await AddPeopleAsync(node);
        var medium = await node.Member(key).SubmitAsync(Drafts.Request(Draft(Tlp.Green, Severity.Medium, "Phishing wave")));
        var high = await node.Member(key).SubmitAsync(Drafts.Request(Draft(Tlp.Green, Severity.Extreme, "Core banking outage")));
        await ArrivedAsync(10);

        _clock.Advance((2 * X) + TimeSpan.FromMinutes(1));

        // The extreme item's three escalations (both members' emergency contacts, then the duty roster) show the plans
        // due by now were expanded; the medium item has had the same time and nothing more.
        await NotifyNodes.AllSentAsync(node, high.ItemId, 8);
        var mediumRows = await NotifyNodes.StatusAsync(node, medium.ItemId);
        Assert.Equal(5, mediumRows.Count);
        Assert.All(mediumRows, r => Assert.Equal("notify", r.Purpose));
        Assert.Equal(13, _sink.Received.Count);
        Assert.All(_sink.Received.Where(m => m.Message.Subject!.Contains("Phishing wave", StringComparison.Ordinal)),
            m => Assert.DoesNotContain("UNACKNOWLEDGED", m.Message.Subject!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Escalate_AmberHighItem_LabelKindSeverityNodeItemAndHowToRead_NoTitleBodyOrIndicators()
    {
        await using var node = await StartNodeAsync();
        var (key, _) = await AddPeopleAsync(node);
        // AMBER reaches members only on need-to-know a rule grants (docs/TLP.md §2): here the finance sector the audience names.
        await node.Admin.ImportRulesAsync(new ImportRulesRequest
        {
            Text = Core.Policy.Rules.RuleFile.Header + "\nrule amber-to-finance\n  when label=amber\n  then deliver=sector:finance\n",
        });
        var draft = Draft(Tlp.Amber, Severity.High, "MARKER-TITLE-4b1d ransomware at a regional bank");
        draft.Body.Summary = "MARKER-SUMMARY-9c2e encrypted branch servers";
        draft.Body.What = "MARKER-WHAT-71fa file shares encrypted";
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Ipv4, Value = "198.51.100.213" });
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(draft));
        await NotifyNodes.AllSentAsync(node, submitted.ItemId, 5);

        _clock.Advance((2 * X) + TimeSpan.FromMinutes(1));

        var all = await ArrivedAsync(8);
        var escalations = all.Skip(5).ToList();
        Assert.Equal(["duty@bank-ceptoar.example", "emergency@mufg.example", "emergency@resona.example"],
            escalations.Select(m => m.Recipients.Single()).Order(StringComparer.Ordinal));
        var toMufg = escalations.Single(m => m.Recipients.Single() == "emergency@mufg.example").Message;
        // What an AMBER escalation may say, stated here: the mark, label, kind, severity, node, item id and how to read it.
        Assert.Equal($"[UNACKNOWLEDGED] [TLP:AMBER] Incident and attack information (severity: high) at Japanese Bankers Association, item {submitted.ItemId}", toMufg.Subject);
        Assert.Contains(submitted.ItemId, toMufg.TextBody, StringComparison.Ordinal);
        foreach (var message in escalations.Select(m => m.Message))
        {
            var whole = Raw(message);
            foreach (var marker in new[] { "MARKER-", "ransomware", "encrypted", "198.51.100.213", "203.0.113.7", "Credential-stuffing", "blocked source addresses" })
            {
                Assert.DoesNotContain(marker, whole, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Escalate_NodeStoppedBeforeThePlansCameDue_RestartedLater_EachEscalationSentOnce()
    {
        string itemId;
        await using (var node = await StartNodeAsync())
        {
            var (key, resona) = await AddPeopleAsync(node);
            itemId = (await node.Member(key).SubmitAsync(Drafts.Request(Draft(Tlp.Green, Severity.High, "Wiper malware")))).ItemId;
            await NotifyNodes.AllSentAsync(node, itemId, 5);
            await node.Member(resona).AcknowledgeAsync(new AcknowledgeRequest { ItemId = itemId });
        }

        // Down past both escalation times: the plans, committed with the item, are all that remembers them.
        _clock.Advance((2 * X) + TimeSpan.FromMinutes(1));
        await using var restarted = await StartNodeAsync();

        var all = await ArrivedAsync(7);
        Assert.Equal(["duty@bank-ceptoar.example", "emergency@mufg.example"], all.Skip(5).Select(m => m.Recipients.Single()).Order(StringComparer.Ordinal));
        var rows = await NotifyNodes.AllSentAsync(restarted, itemId, 7);
        Assert.Equal(rows.Select(r => $"{r.Key}@bank-ceptoar.ceptoar").Order(StringComparer.Ordinal), all.Select(m => m.Message.MessageId).Order(StringComparer.Ordinal));
    }

    private Task<TestNode> StartNodeAsync() =>
        TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), settings =>
        {
            NotifyNodes.Configure(settings, pki, _sink.Port);
            settings["Node:NameJa"] = "全国銀行協会";
            settings["Node:NameEn"] = "Japanese Bankers Association";
            settings["Notify:EscalateAfterMinutes"] = X.TotalMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }, clock: _clock);

    /// <summary>
    /// mizuho-bank submits; resona-bank and mufg-bank each have an everyday contact and an emergency contact; the duty
    /// roster one person (Japanese). Returns mizuho-bank's and resona-bank's API keys.
    /// </summary>
    private static async Task<(string Submitter, string Resona)> AddPeopleAsync(TestNode node)
    {
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        var resona = await node.AddMemberWithKeyAsync("resona-bank");
        await node.AddMemberWithKeyAsync("mufg-bank");
        await AddAsync(node, "c-resona-csirt", "resona-bank", "csirt@resona.example", "CSIRT", "en");
        await AddAsync(node, "c-resona-emergency", "resona-bank", "emergency@resona.example", "emergency", "en");
        await AddAsync(node, "c-mufg-csirt", "mufg-bank", "csirt@mufg.example", "CSIRT", "en");
        await AddAsync(node, "c-mufg-emergency", "mufg-bank", "emergency@mufg.example", "emergency", "en");
        await AddAsync(node, "c-duty", null, "duty@bank-ceptoar.example", "", "ja");
        return (key, resona);
    }

    private static Task AddAsync(TestNode node, string name, string? member, string email, string role, string language) =>
        node.Admin.AddContactAsync(new AddContactRequest
        {
            MemberId = member ?? "", DutyRoster = member is null, Name = name, Email = email, Role = role, Language = language,
        }).ResponseAsync;

    private static ItemDraft Draft(Tlp tlp, Severity severity, string title)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Body.Severity = severity;
        return draft;
    }

    /// <summary>Waits until the SMTP server has exactly <paramref name="count"/> messages (more fails), in the order received.</summary>
    private async Task<IReadOnlyList<ReceivedMail>> ArrivedAsync(int count)
    {
        await Until.TrueAsync(() => Task.FromResult(_sink.Received.Count >= count), NotifyNodes.Deadline, $"{count} messages at the SMTP server");
        var received = _sink.Received.ToList();
        Assert.Equal(count, received.Count);
        return received;
    }

    private static string Raw(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + message.TextBody + message.Subject;
    }
}
