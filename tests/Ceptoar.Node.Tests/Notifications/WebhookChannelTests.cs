using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ceptoar.Core.Policy;
using Ceptoar.Node.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>The webhook channel against a real Kestrel HTTPS receiver on loopback, as a member system would run it.</summary>
public sealed class WebhookChannelTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>
{
    private const string Key = "0193a7c2-row-17";

    /// <summary>The member's secret as the member system holds it.</summary>
    private static readonly byte[] Secret = Encoding.ASCII.GetBytes("member-secret-0123456789abcdef!!");

    [Fact]
    public async Task SendAsync_Accepted_SignatureVerifiesWithTheMembersSecret()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        using var channel = Channel(pki.Options(0));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var result = await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var request = Assert.Single(receiver.Received);
        Assert.Equal("/hooks/ceptoar", request.Path);
        var timestamp = request.Headers["x-ceptoar-timestamp"];
        Assert.InRange(long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        // What a member system does (docs/NOTIFICATIONS.md §2): HMAC-SHA256 under its secret over "timestamp.body".
        byte[] signed = [.. Encoding.ASCII.GetBytes(timestamp + "."), .. request.Body];
        var expected = "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Secret, signed));
        Assert.Equal(expected, request.Headers["x-ceptoar-signature"]);
        Assert.Equal(Key, request.Headers["idempotency-key"]);
        Assert.Equal("application/json; charset=utf-8", request.Headers["content-type"]);
    }

    [Fact]
    public async Task SendAsync_Accepted_BodyCarriesExactlyTheFieldsGiven()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        using var channel = Channel(pki.Options(0));

        await channel.SendAsync(Request(receiver, Amber()), CancellationToken.None);

        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        Assert.Equal(Key, json.RootElement.GetProperty("id").GetString());
        var notification = json.RootElement.GetProperty("notification");
        Assert.Equal(
            ["schema", "language", "tlp", "kind", "kindText", "severity", "exercise", "node", "nodeName", "itemId", "readAt"],
            notification.EnumerateObject().Select(p => p.Name));
        Assert.Equal("TLP:AMBER+STRICT", notification.GetProperty("tlp").GetString());
        Assert.Equal("早期警戒情報", notification.GetProperty("kindText").GetString());
        Assert.Contains("早期警戒情報", Encoding.UTF8.GetString(Assert.Single(receiver.Received).Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_GreenFields_TitleSummaryAndDigestInTheBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        using var channel = Channel(pki.Options(0));

        await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        using var json = JsonDocument.Parse(Assert.Single(receiver.Received).Body);
        var notification = json.RootElement.GetProperty("notification");
        Assert.Equal("不正アクセスの疑い", notification.GetProperty("title").GetString());
        Assert.Equal("不審な通信を検知", notification.GetProperty("summary").GetString());
        Assert.Equal("internet banking", notification.GetProperty("digest").GetProperty("where").GetString());
        Assert.False(notification.GetProperty("digest").TryGetProperty("who", out _));
    }

    [Theory]
    [InlineData(500, DeliveryOutcome.Transient)]
    [InlineData(503, DeliveryOutcome.Transient)]
    [InlineData(429, DeliveryOutcome.Transient)]
    [InlineData(408, DeliveryOutcome.Transient)]
    [InlineData(400, DeliveryOutcome.Permanent)]
    [InlineData(401, DeliveryOutcome.Permanent)]
    [InlineData(404, DeliveryOutcome.Permanent)]
    [InlineData(410, DeliveryOutcome.Permanent)]
    [InlineData(200, DeliveryOutcome.Sent)]
    [InlineData(202, DeliveryOutcome.Sent)]
    public async Task SendAsync_ReceiverAnswers_OutcomeByStatus(int status, DeliveryOutcome expected)
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        receiver.Answer = _ => (status, null);
        using var channel = Channel(pki.Options(0));

        var result = await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        Assert.Equal(expected, result.Outcome);
        Assert.Single(receiver.Received);
        if (status >= 400)
        {
            Assert.Contains($"answered {status}", result.Reason, StringComparison.Ordinal);
            Assert.Contains($"refused with {status} by the test receiver", result.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain("second line", result.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SendAsync_TooManyRequestsWithRetryAfter_TransientWithTheWait()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        receiver.Answer = _ => (429, new Dictionary<string, string> { ["Retry-After"] = "120" });
        using var channel = Channel(pki.Options(0));

        var result = await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(120), result.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_NoAnswerInTime_Transient()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        receiver.Answer = _ => (null, null);
        var options = pki.Options(0);
        options.Webhook.TimeoutSeconds = 1;
        using var channel = Channel(options);

        var result = await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains("within 1 s", result.Reason, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_Redirect_PermanentAndNotFollowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        receiver.Answer = r => r.Path == "/hooks/ceptoar" ? (302, new Dictionary<string, string> { ["Location"] = "/elsewhere" }) : (204, null);
        using var channel = Channel(pki.Options(0));

        var result = await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("redirects are not followed", result.Reason, StringComparison.Ordinal);
        Assert.Equal(["/hooks/ceptoar"], receiver.Received.Select(r => r.Path));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/hooks/ceptoar", "not an https:// URL")]
    [InlineData("https://user:pass@127.0.0.1:{0}/hooks/ceptoar", "user name")]
    public async Task SendAsync_UrlNotPlainHttps_PermanentWithoutARequest(string url, string named)
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        using var channel = Channel(pki.Options(0));

        var result = await channel.SendAsync(new WebhookRequest(new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, receiver.BaseAddress.Port)), Secret, Key, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains(named, result.Reason, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_ShortSecret_PermanentWithoutARequest()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        using var channel = Channel(pki.Options(0));

        var result = await channel.SendAsync(Request(receiver, Green()) with { Secret = new byte[15] }, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("fewer than 16", result.Reason, StringComparison.Ordinal);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_CertificateNotTrusted_TransientWithoutDelivering()
    {
        await using var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        var options = pki.Options(0);
        options.Webhook.TrustedRootFile = "";
        using var channel = Channel(options);

        var result = await channel.SendAsync(Request(receiver, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_ReceiverDown_Transient()
    {
        var receiver = await WebhookReceiver.StartAsync(pki.ServerCertificate);
        var url = new Uri(receiver.BaseAddress, "/hooks/ceptoar");
        await receiver.DisposeAsync();
        using var channel = Channel(pki.Options(0));

        var result = await channel.SendAsync(new WebhookRequest(url, Secret, Key, Green()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Contains("cannot reach 127.0.0.1", result.Reason, StringComparison.Ordinal);
    }

    private static WebhookChannel Channel(NotifyOptions options) => new(Options.Create(options), TimeProvider.System, NullLogger<WebhookChannel>.Instance);

    private static WebhookRequest Request(WebhookReceiver receiver, NotificationFields fields) =>
        new(new Uri(receiver.BaseAddress, "/hooks/ceptoar"), Secret, Key, fields);

    private static NotificationFields Green() => new()
    {
        Language = "ja",
        Tlp = "TLP:GREEN",
        Kind = "early-warning",
        KindText = "早期警戒情報",
        Severity = "high",
        Exercise = true,
        Node = "bank-ceptoar",
        NodeName = "全国銀行協会",
        ItemId = "01974f2e-8c00-7abc-8def-0123456789ab",
        ReadAt = "閲覧方法: ...",
        Title = "不正アクセスの疑い",
        Summary = "不審な通信を検知",
        Digest = new NotificationDigest(null, "internet banking", null, null, null, null),
    };

    private static NotificationFields Amber() => Green() with { Tlp = "TLP:AMBER+STRICT", Title = null, Summary = null, Digest = null };
}
