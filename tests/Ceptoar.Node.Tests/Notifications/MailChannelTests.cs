using System.Net;
using System.Net.Sockets;
using Ceptoar.Core.Policy;
using Ceptoar.Node.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>The e-mail channel against a real SMTP server in the test process (STARTTLS, AUTH) on loopback.</summary>
public sealed class MailChannelTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>
{
    private const string Refused = "nobody@member.example";

    [Fact]
    public async Task SendAsync_ManyMessages_AllOverOneSession()
    {
        await using var sink = await StartSinkAsync();
        await using var channel = Channel(pki.Options(sink.Port));

        var results = new List<DeliveryResult>();
        for (var i = 0; i < 25; i++)
        {
            results.Add(await channel.SendAsync(Request($"row-{i}@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None));
        }

        Assert.All(results, r => Assert.Equal(DeliveryOutcome.Sent, r.Outcome));
        Assert.Equal(25, sink.Received.Count);
        Assert.Equal(1, sink.Sessions);
        Assert.Single(sink.Received.Select(m => m.SessionId).Distinct());
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"row-{i}@bank-ceptoar.ceptoar"), sink.Received.Select(m => m.Message.MessageId));
    }

    [Fact]
    public async Task SendAsync_JapaneseSubjectAndBody_ArriveIntact()
    {
        await using var sink = await StartSinkAsync();
        await using var channel = Channel(pki.Options(sink.Port));
        const string Subject = "[訓練] [TLP:GREEN] 早期警戒情報（重大度: 高）: 不正アクセスによる情報漏えいの疑い";
        var message = new NotificationMessage(Subject, ["これは訓練です。", "概要:", "  インターネットバンキングで不審な通信を検知。"], Fields("ja"));

        var result = await channel.SendAsync(new MailRequest("row-ja@bank-ceptoar.ceptoar", "soc@member.example", "山田 太郎", message), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var received = Assert.Single(sink.Received).Message;
        Assert.Equal(Subject, received.Subject);
        Assert.Equal("これは訓練です。\n概要:\n  インターネットバンキングで不審な通信を検知。", received.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n'));
        Assert.Equal("山田 太郎", received.To.Mailboxes.Single().Name);
        Assert.Equal("全国銀行協会 CEPTOAR", received.From.Mailboxes.Single().Name);
        Assert.Equal("ja", received.Body!.Headers["Content-Language"]);
        Assert.Equal("auto-generated", received.Headers["Auto-Submitted"]);
        Assert.Equal("TLP:GREEN", received.Headers["X-Ceptoar-Tlp"]);
    }

    [Fact]
    public async Task SendAsync_SameRowTwice_SameMessageIdForTheReceiverToDeduplicate()
    {
        await using var sink = await StartSinkAsync();
        await using var channel = Channel(pki.Options(sink.Port));
        var request = Request(MailChannel.MessageIdFor("0193a7c2-row-17", "bank-ceptoar"), "soc@member.example");

        await channel.SendAsync(request, CancellationToken.None);
        await channel.SendAsync(request, CancellationToken.None);

        Assert.Equal(["0193a7c2-row-17@bank-ceptoar.ceptoar", "0193a7c2-row-17@bank-ceptoar.ceptoar"], sink.Received.Select(m => m.Message.MessageId));
    }

    [Fact]
    public async Task SendAsync_RecipientRefused_PermanentWithTheServersReply_SessionGoesOn()
    {
        await using var sink = await StartSinkAsync();
        await using var channel = Channel(pki.Options(sink.Port));

        var refused = await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", Refused), CancellationToken.None);
        var next = await channel.SendAsync(Request("row-2@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, refused.Outcome);
        Assert.StartsWith("550 ", refused.Reason, StringComparison.Ordinal);
        Assert.Contains(Refused, refused.Reason, StringComparison.Ordinal);
        Assert.Equal(DeliveryOutcome.Sent, next.Outcome);
        Assert.Equal(["row-2@bank-ceptoar.ceptoar"], sink.Received.Select(m => m.Message.MessageId));
        Assert.Equal(1, sink.Sessions);
    }

    [Fact]
    public async Task SendAsync_SenderRefused_TransientNamingTheSetting()
    {
        await using var sink = await StartSinkAsync();
        var options = pki.Options(sink.Port);
        options.Smtp.From = Refused;
        await using var channel = Channel(options);

        var result = await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains($"Notify:Smtp:From '{Refused}'", result.Reason, StringComparison.Ordinal);
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task SendAsync_ServerDown_TransientNamingTheServer()
    {
        var port = ClosedPort();
        await using var channel = Channel(pki.Options(port));

        var result = await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains($"127.0.0.1:{port}", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_ServerClosedTheIdleSession_ReconnectsAndSends()
    {
        await using var sink = await StartSinkAsync(idleTimeout: TimeSpan.FromSeconds(1));
        await using var channel = Channel(pki.Options(sink.Port));
        await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);
        await Until.TrueAsync(() => Task.FromResult(sink.CompletedSessions == 1), TimeSpan.FromSeconds(20), "the server closes the idle session");

        var result = await channel.SendAsync(Request("row-2@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.True(result.Outcome == DeliveryOutcome.Sent, result.Reason);
        Assert.Equal(["row-1@bank-ceptoar.ceptoar", "row-2@bank-ceptoar.ceptoar"], sink.Received.Select(m => m.Message.MessageId));
        Assert.Equal(2, sink.Sessions);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_TransientNamingTheSettings()
    {
        await using var sink = await StartSinkAsync();
        var wrong = pki.Combine("wrong-password");
        await File.WriteAllTextAsync(wrong, "not the password\n");
        var options = pki.Options(sink.Port);
        options.Smtp.PasswordFile = wrong;
        await using var channel = Channel(options);

        var result = await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains("Notify:Smtp:PasswordFile", result.Reason, StringComparison.Ordinal);
        Assert.Empty(sink.Received);
    }

    [Fact]
    public async Task SendAsync_ServerCertificateNotTrusted_TransientNamingTheSetting()
    {
        await using var sink = await StartSinkAsync();
        var options = pki.Options(sink.Port);
        options.Smtp.TrustedRootFile = "";
        await using var channel = Channel(options);

        var result = await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains("Notify:Smtp:TrustedRootFile", result.Reason, StringComparison.Ordinal);
        Assert.Empty(sink.Received);
    }

    [Theory]
    [InlineData("row-1@bank-ceptoar.ceptoar", "not an address", "e-mail address")]
    [InlineData("<row-1@bank-ceptoar.ceptoar>", "soc@member.example", "Message-ID")]
    [InlineData("row 1@bank-ceptoar.ceptoar", "soc@member.example", "Message-ID")]
    public async Task SendAsync_BadRequest_PermanentWithoutConnecting(string messageId, string to, string named)
    {
        await using var sink = await StartSinkAsync();
        await using var channel = Channel(pki.Options(sink.Port));

        var result = await channel.SendAsync(Request(messageId, to), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains(named, result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, sink.Sessions);
    }

    [Fact]
    public async Task SendAsync_NoSmtpHost_PermanentNamingTheSetting()
    {
        await using var channel = Channel(new NotifyOptions());

        var result = await channel.SendAsync(Request("row-1@bank-ceptoar.ceptoar", "soc@member.example"), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("Notify:Smtp:Host", result.Reason, StringComparison.Ordinal);
    }

    private Task<SmtpSink> StartSinkAsync(TimeSpan? idleTimeout = null) =>
        SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password), to => to == Refused, idleTimeout);

    private static MailChannel Channel(NotifyOptions options) => new(Options.Create(options), TimeProvider.System, NullLogger<MailChannel>.Instance);

    private static MailRequest Request(string messageId, string to) =>
        new(messageId, to, "SOC", new NotificationMessage("[TLP:AMBER] Early warning (severity: high) at bank-ceptoar, item x", ["line one", "line two"], Fields("en")));

    private static NotificationFields Fields(string language) => new()
    {
        Language = language,
        Tlp = language == "ja" ? "TLP:GREEN" : "TLP:AMBER",
        Kind = "early-warning",
        KindText = "Early warning",
        Severity = "high",
        Exercise = false,
        Node = "bank-ceptoar",
        NodeName = "bank-ceptoar",
        ItemId = "01974f2e-8c00-7abc-8def-0123456789ab",
        ReadAt = "To read it: ...",
    };

    /// <summary>A loopback port nothing listens on: bound, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
