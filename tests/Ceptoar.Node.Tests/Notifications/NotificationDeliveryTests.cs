using Ceptoar.Federation.V1;
using Grpc.Core;
using MimeKit;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>
/// Notifications end to end: a real node (bank-ceptoar) writes the rows with the delivery and sends them to a real SMTP
/// server in the test process, over STARTTLS with a login (docs/NOTIFICATIONS.md §6). What arrived is asserted per person:
/// their language, the subject the label allows, nothing of an AMBER item's content, one message per row.
/// </summary>
public sealed class NotificationDeliveryTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
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
    public async Task Submit_GreenItem_TwoMembersWithJaAndEnContacts_FourMessagesEachInItsLanguage()
    {
        await using var node = await StartNodeAsync(_sink.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await node.AddMemberWithKeyAsync("mufg-bank");
        await AddEmailAsync(node, "resona-bank", "佐藤 花子", "sato@resona.example", "ja");
        await AddEmailAsync(node, "resona-bank", "Alice Smith", "alice@resona.example", "en");
        await AddEmailAsync(node, "mufg-bank", "鈴木 一郎", "suzuki@mufg.example", "ja");
        await AddEmailAsync(node, "mufg-bank", "Bob Jones", "bob@mufg.example", "en");
        // The submitting member's own people are not told of their own report.
        await AddEmailAsync(node, "mizuho-bank", "田中 次郎", "tanaka@mizuho.example", "ja");

        var draft = Drafts.Incident(Tlp.Green, "Phishing wave against bank customers");
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(draft));

        var rows = await AllSentAsync(node, submitted.ItemId, 4);
        var mail = _sink.Received.ToDictionary(m => m.Recipients.Single(), m => m.Message);
        Assert.Equal(["alice@resona.example", "bob@mufg.example", "sato@resona.example", "suzuki@mufg.example"], mail.Keys.Order(StringComparer.Ordinal));
        foreach (var ja in new[] { "sato@resona.example", "suzuki@mufg.example" })
        {
            Assert.Equal("[TLP:GREEN] 障害・攻撃情報（重大度: 中）: Phishing wave against bank customers", mail[ja].Subject);
            Assert.Equal("ja", mail[ja].Body!.Headers["Content-Language"]);
            Assert.Contains("Credential-stuffing attempts against the retail internet banking login", mail[ja].TextBody, StringComparison.Ordinal);
        }

        foreach (var en in new[] { "alice@resona.example", "bob@mufg.example" })
        {
            Assert.Equal("[TLP:GREEN] Incident and attack information (severity: medium): Phishing wave against bank customers", mail[en].Subject);
            Assert.Equal("en", mail[en].Body!.Headers["Content-Language"]);
        }

        Assert.All(mail.Values, m => Assert.Equal(submitted.ItemId, m.Headers["X-Ceptoar-Item"]));
        // A GREEN notification never carries indicators either (docs/NOTIFICATIONS.md §1).
        Assert.All(mail.Values, m => Assert.DoesNotContain("203.0.113.7", m.ToString(), StringComparison.Ordinal));
        Assert.Equal(rows.Select(r => $"{r.Key}@bank-ceptoar.ceptoar").Order(StringComparer.Ordinal), mail.Values.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(4, _sink.Received.Count);
    }

    [Fact]
    public async Task NotifyStatus_AMemberAcknowledges_ItsContactsRowsShowWhen_OthersStayUnacknowledged()
    {
        await using var node = await StartNodeAsync(_sink.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        var resona = await node.AddMemberWithKeyAsync("resona-bank");
        await node.AddMemberWithKeyAsync("mufg-bank");
        await AddEmailAsync(node, "resona-bank", "佐藤 花子", "sato@resona.example", "ja");
        await AddEmailAsync(node, "mufg-bank", "Bob Jones", "bob@mufg.example", "en");
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "Phishing wave")));
        await AllSentAsync(node, submitted.ItemId, 2);

        var acknowledged = await node.Member(resona).AcknowledgeAsync(new AcknowledgeRequest { ItemId = submitted.ItemId });
        var rows = await StatusAsync(node, submitted.ItemId);

        // resona-bank read it; mufg-bank has not: who was told and who acknowledged, side by side.
        Assert.Equal(acknowledged.AcknowledgedAt, Assert.Single(rows, r => r.MemberId == "resona-bank").AcknowledgedAt);
        Assert.Null(Assert.Single(rows, r => r.MemberId == "mufg-bank").AcknowledgedAt);
    }

    [Fact]
    public async Task Submit_AmberItem_DutyRosterToldWithoutTitleBodyOrIndicators()
    {
        await using var node = await StartNodeAsync(_sink.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await AddEmailAsync(node, null, "当番 一郎", "duty-ja@bank-ceptoar.example", "ja");
        await AddEmailAsync(node, null, "Duty Officer", "duty-en@bank-ceptoar.example", "en");
        var draft = Drafts.Incident(Tlp.Amber, "MARKER-TITLE-5e1f ransomware at a regional bank");
        draft.Body.Summary = "MARKER-SUMMARY-77ab encrypted branch servers";
        draft.Body.What = "MARKER-WHAT-c3d9 file shares encrypted";
        draft.Body.Affected.Add("MARKER-AFFECTED-0b42");
        draft.Body.How.ActionsTaken.Add("MARKER-ACTION-9a6e");
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Ipv4, Value = "198.51.100.213" });

        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(draft));

        await AllSentAsync(node, submitted.ItemId, 2);
        var mail = _sink.Received.ToDictionary(m => m.Recipients.Single(), m => m.Message);
        Assert.Equal($"[TLP:AMBER] 障害・攻撃情報（重大度: 中）: 全国銀行協会 で閲覧してください（項目 {submitted.ItemId}）", mail["duty-ja@bank-ceptoar.example"].Subject);
        Assert.Equal($"[TLP:AMBER] Incident and attack information (severity: medium) at Japanese Bankers Association, item {submitted.ItemId}",
            mail["duty-en@bank-ceptoar.example"].Subject);
        foreach (var message in mail.Values)
        {
            var whole = Raw(message);
            Assert.Contains($"ceptoar-admin items show {submitted.ItemId}", message.TextBody, StringComparison.Ordinal);
            foreach (var marker in new[] { "MARKER-", "ransomware", "198.51.100.213", "203.0.113.7", "encrypted", "blocked source addresses" })
            {
                Assert.DoesNotContain(marker, whole, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    [Fact]
    public async Task Submit_ExerciseItem_SubjectMarkedInEachLanguage()
    {
        await using var node = await StartNodeAsync(_sink.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await AddEmailAsync(node, "resona-bank", "佐藤 花子", "sato@resona.example", "ja");
        await AddEmailAsync(node, "resona-bank", "Alice Smith", "alice@resona.example", "en");
        var draft = Drafts.Incident(Tlp.Green, "Drill: DDoS on online banking");
        draft.Exercise = true;

        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(draft));

        await AllSentAsync(node, submitted.ItemId, 2);
        var mail = _sink.Received.ToDictionary(m => m.Recipients.Single(), m => m.Message);
        Assert.Equal("[訓練] [TLP:GREEN] 障害・攻撃情報（重大度: 中）: Drill: DDoS on online banking", mail["sato@resona.example"].Subject);
        Assert.Equal("[EXERCISE] [TLP:GREEN] Incident and attack information (severity: medium): Drill: DDoS on online banking", mail["alice@resona.example"].Subject);
    }

    [Fact]
    public async Task Submit_SmtpDownThenUp_SentLaterOnce()
    {
        await using var proxy = TcpProxy.Start($"https://127.0.0.1:{_sink.Port}");
        await proxy.CutOffAsync();
        await using var node = await StartNodeAsync(proxy.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await AddEmailAsync(node, "resona-bank", "Alice Smith", "alice@resona.example", "en");

        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));
        await Until.TrueAsync(async () => (await StatusAsync(node, submitted.ItemId)).Any(r => r.State == "pending" && r.Attempts >= 1 && r.LastError.Length > 0),
            NotifyNodes.Deadline, "the first try failed and the row waits for a retry");
        Assert.Empty(_sink.Received);
        proxy.Restore();

        var row = Assert.Single(await AllSentAsync(node, submitted.ItemId, 1));
        Assert.True(row.Attempts >= 2, $"sent on try {row.Attempts}, after a failed one");
        var received = Assert.Single(_sink.Received);
        Assert.Equal($"{row.Key}@bank-ceptoar.ceptoar", received.Message.MessageId);
    }

    [Fact]
    public async Task Submit_NodeKilledAfterCommitBeforeSend_SentAfterRestart_OneMessagePerRow()
    {
        await using var proxy = TcpProxy.Start($"https://127.0.0.1:{_sink.Port}");
        await proxy.CutOffAsync();
        await using var node = await NodeProcess.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), settings => Configure(settings, proxy.Port));
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await AddEmailAsync(node, "resona-bank", "佐藤 花子", "sato@resona.example", "ja");
        await AddEmailAsync(node, "resona-bank", "Alice Smith", "alice@resona.example", "en");
        await AddEmailAsync(node, null, "Duty Officer", "duty@bank-ceptoar.example", "en");

        // The answer comes after the commit; the mail relay is unreachable, so nothing can have been sent when the node dies.
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));
        await node.KillAsync();
        Assert.Empty(_sink.Received);
        proxy.Restore();
        await node.RestartAsync();

        var rows = await AllSentAsync(node, submitted.ItemId, 3);
        var ids = _sink.Received.Select(m => m.Message.MessageId).ToList();
        Assert.Equal(rows.Select(r => $"{r.Key}@bank-ceptoar.ceptoar").Order(StringComparer.Ordinal), ids.Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public async Task Start_BadNotifySetting_NodeDoesNotStart_NamingTheSettingOnce()
    {
        var settings = NodeArguments.For(_federation, "bank-ceptoar", _dir.Combine("data"));
        Configure(settings, _sink.Port);
        settings["Notify:Smtp:Port"] = "0";

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => Composition.NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Equal("Notify", error.OptionsName);
        Assert.StartsWith("Notify:Smtp:Port 0 is not a port", Assert.Single(error.Failures), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Combine("data")), "a refused configuration must not create the data directory");
    }

    [Fact]
    public async Task Send_MemberDisabledAfterTheRowWasWritten_GivenUpNotSent()
    {
        await using var proxy = TcpProxy.Start($"https://127.0.0.1:{_sink.Port}");
        await proxy.CutOffAsync();
        await using var node = await StartNodeAsync(proxy.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");
        await AddEmailAsync(node, "resona-bank", "Alice Smith", "alice@resona.example", "en");
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));
        await Until.TrueAsync(async () => (await StatusAsync(node, submitted.ItemId)).Any(r => r.Attempts >= 1), NotifyNodes.Deadline, "the first try failed");

        await node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "resona-bank", Reason = "left the CEPTOAR" });
        proxy.Restore();

        await Until.TrueAsync(async () => (await StatusAsync(node, submitted.ItemId)).Any(r => r.State == "failed"), NotifyNodes.Deadline, "the row is given up");
        var row = Assert.Single(await StatusAsync(node, submitted.ItemId));
        Assert.Contains("member resona-bank was disabled", row.LastError, StringComparison.Ordinal);
        Assert.Empty(_sink.Received);
    }

    [Theory]
    [InlineData("bad-email", StatusCode.InvalidArgument, "email")]
    [InlineData("unknown-member", StatusCode.NotFound, "no member 'nobody-bank'")]
    [InlineData("bad-language", StatusCode.InvalidArgument, "language")]
    [InlineData("member-and-duty", StatusCode.InvalidArgument, "member_id")]
    [InlineData("no-address", StatusCode.InvalidArgument, "email")]
    [InlineData("plain-http-webhook", StatusCode.InvalidArgument, "webhook_url")]
    [InlineData("duty-webhook", StatusCode.InvalidArgument, "webhook_url")]
    [InlineData("bad-label", StatusCode.InvalidArgument, "labels[0]")]
    [InlineData("bad-severity", StatusCode.InvalidArgument, "min_severity")]
    [InlineData("header-injection-name", StatusCode.InvalidArgument, "name")]
    public async Task AddContact_HostileInput_ExactStatusNamingTheField_NothingStored(string scenario, StatusCode expected, string named)
    {
        await using var node = await StartNodeAsync(_sink.Port);
        await node.AddMemberWithKeyAsync("resona-bank");
        var request = new AddContactRequest { MemberId = "resona-bank", Name = "Alice", Email = "alice@resona.example", Language = "en" };
        switch (scenario)
        {
            case "bad-email": request.Email = "alice@resona"; break;
            case "unknown-member": request.MemberId = "nobody-bank"; break;
            case "bad-language": request.Language = "fr"; break;
            case "member-and-duty": request.DutyRoster = true; break;
            case "no-address": request.Email = ""; break;
            case "plain-http-webhook": request.Email = ""; request.WebhookUrl = "http://soc.resona.example/hook"; break;
            case "duty-webhook": request.MemberId = ""; request.DutyRoster = true; request.Email = ""; request.WebhookUrl = "https://duty.example/hook"; break;
            case "bad-label": request.Labels.Add("AMBER-ISH"); break;
            case "bad-severity": request.MinSeverity = "urgent"; break;
            case "header-injection-name": request.Name = "Alice\r\nBcc: all@example.com"; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => node.Admin.AddContactAsync(request).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        Assert.Contains(named, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await node.Admin.ListContactsAsync(new ListContactsRequest())).Contacts);
    }

    [Fact]
    public async Task AddContact_Webhook_SecretShownOnceAndSignsTheRequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        await using var node = await StartNodeAsync(_sink.Port);
        var key = await node.AddMemberWithKeyAsync("mizuho-bank");
        await node.AddMemberWithKeyAsync("resona-bank");

        var added = await node.Admin.AddContactAsync(new AddContactRequest
        {
            MemberId = "resona-bank", Name = "SOC system", WebhookUrl = new Uri(receiver.BaseAddress, "hooks/ceptoar").ToString(), Language = "ja",
        });
        var submitted = await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green)));

        var row = Assert.Single(await AllSentAsync(node, submitted.ItemId, 1));
        Assert.StartsWith("whsec_", added.WebhookSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(added.WebhookSecret, (await node.Admin.GetContactAsync(new GetContactRequest { ContactId = added.Contact.ContactId })).ToString(), StringComparison.Ordinal);
        var hook = Assert.Single(receiver.Received);
        Assert.Equal(row.Key, hook.Headers["idempotency-key"]);
        byte[] signed = [.. System.Text.Encoding.ASCII.GetBytes(hook.Headers["x-ceptoar-timestamp"] + "."), .. hook.Body];
        var expected = "v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.ASCII.GetBytes(added.WebhookSecret), signed));
        Assert.Equal(expected, hook.Headers["x-ceptoar-signature"]);
        Assert.Contains("\"language\":\"ja\"", System.Text.Encoding.UTF8.GetString(hook.Body), StringComparison.Ordinal);
    }

    private async Task<TestNode> StartNodeAsync(int smtpPort) =>
        await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), settings => Configure(settings, smtpPort));

    private void Configure(Dictionary<string, string> settings, int smtpPort)
    {
        NotifyNodes.Configure(settings, pki, smtpPort);
        settings["Node:NameJa"] = "全国銀行協会";
        settings["Node:NameEn"] = "Japanese Bankers Association";
    }

    private static Task AddEmailAsync(RunningNode node, string? member, string name, string email, string language) =>
        NotifyNodes.AddEmailAsync(node, member, name, email, language);

    private static Task<IReadOnlyList<NotificationView>> StatusAsync(RunningNode node, string itemId) => NotifyNodes.StatusAsync(node, itemId);

    private static Task<IReadOnlyList<NotificationView>> AllSentAsync(RunningNode node, string itemId, int count) => NotifyNodes.AllSentAsync(node, itemId, count);

    private static string Raw(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + message.TextBody + message.Subject;
    }
}
