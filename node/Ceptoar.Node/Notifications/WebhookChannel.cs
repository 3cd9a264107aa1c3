using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using Ceptoar.Core.Policy;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Notifications;

/// <summary>One webhook call: where, the member's secret, the outbox row's key (the same on every retry) and the fields policy allowed.</summary>
public sealed record WebhookRequest(Uri Url, byte[] Secret, string IdempotencyKey, NotificationFields Fields);

/// <summary>
/// Webhooks: an HTTPS POST of the notification's JSON to a member system, signed with HMAC-SHA256 under the member's
/// secret (<see cref="WebhookSignature"/>). 5xx, 429, 408 and no answer in time are transient; other answers outside
/// 2xx are permanent, redirects included (they are not followed: the signature and the content are for the URL the
/// member registered). Thread-safe; connections are pooled.
/// </summary>
internal sealed class WebhookChannel : IDisposable
{
    private const int ReasonChars = 200;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookChannel> _logger;

    public WebhookChannel(IOptions<NotifyOptions> options, TimeProvider time, ILogger<WebhookChannel> logger)
    {
        var webhook = options.Value.Webhook;
        _timeout = TimeSpan.FromSeconds(webhook.TimeoutSeconds);
        _time = time;
        _logger = logger;
        var trust = TlsTrust.From(webhook.TrustedRootFile);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = _timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = trust.Accepts },
        })
        {
            // Each call has its own deadline (Notify:Webhook:TimeoutSeconds) over connect, TLS and the answer's headers.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("ceptoar-node", "1"));
    }

    /// <summary>Null when the URL may receive webhooks; else why not. HTTPS only, loopback included (docs/NOTIFICATIONS.md §2).</summary>
    public static string? UrlProblem(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps || url.Host.Length == 0)
        {
            return $"the webhook URL '{url}' is not an https:// URL: webhooks go over HTTPS only, as they carry the notification and its signature; give the member system's https:// address";
        }

        return url.UserInfo.Length > 0 || url.Fragment.Length > 0
            ? $"the webhook URL '{url.GetLeftPart(UriPartial.Authority)}…' has a user name or a fragment: give the plain https:// address (authentication is the signature)"
            : null;
    }

    /// <summary>Posts one notification; the result says whether to retry. Throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<DeliveryResult> SendAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await AttemptAsync(request, cancellationToken);
        if (result.Outcome != DeliveryOutcome.Sent)
        {
            NotifyLog.WebhookFailed(_logger, request.IdempotencyKey, request.Url.IsAbsoluteUri ? request.Url.Host : "?", result.Outcome, result.Reason);
        }

        return result;
    }

    public void Dispose() => _http.Dispose();

    private async Task<DeliveryResult> AttemptAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        if (UrlProblem(request.Url) is { } problem)
        {
            return DeliveryResult.Permanent(problem);
        }

        if (request.Secret.Length < WebhookSignature.MinSecretBytes)
        {
            return DeliveryResult.Permanent($"the member's webhook secret has {request.Secret.Length} bytes, fewer than {WebhookSignature.MinSecretBytes}: issue the member a new secret");
        }

        if (request.IdempotencyKey.Length is 0 or > 200 || !request.IdempotencyKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
        {
            return DeliveryResult.Permanent($"the idempotency key '{request.IdempotencyKey}' is not 1 to 200 of A-Z, a-z, 0-9 and -_.: (a bug in the caller)");
        }

        var body = WebhookSignature.Body(request.IdempotencyKey, request.Fields);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var message = new HttpRequestMessage(HttpMethod.Post, request.Url) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        message.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(request.Secret, timestamp, body));
        message.Headers.Add(WebhookSignature.IdempotencyHeader, request.IdempotencyKey);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return await ClassifyAsync(request.Url, response, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Transient($"no answer from {request.Url.Host} within {_timeout.TotalSeconds:0} s (Notify:Webhook:TimeoutSeconds)");
        }
        catch (HttpRequestException e)
        {
            // Refused, reset, DNS or TLS: the member system may be back, or its certificate fixed, by the next try.
            var inner = e.InnerException is { } i && i.Message != e.Message ? $" ({i.Message})" : "";
            return DeliveryResult.Transient($"cannot reach {request.Url.Host}: {e.Message}{inner}");
        }
    }

    private async Task<DeliveryResult> ClassifyAsync(Uri url, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Sent;
        }

        var said = await ReasonAsync(response, cancellationToken);
        var reason = $"{url.Host} answered {code} {response.ReasonPhrase}{(said.Length > 0 ? ": " + said : "")}";
        if (code is >= 500 or 429 or (int)HttpStatusCode.RequestTimeout)
        {
            return DeliveryResult.Transient(reason, RetryAfter(response));
        }

        return code is >= 300 and < 400
            ? DeliveryResult.Permanent($"{reason}; redirects are not followed: register the final https:// address ({response.Headers.Location})")
            : DeliveryResult.Permanent(reason);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _time.GetUtcNow(),
        _ => null,
    };

    /// <summary>The first line of what the member system said, shortened: enough for the outbox's last error, never a whole page.</summary>
    private static async Task<string> ReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1024];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            var text = Encoding.UTF8.GetString(buffer, 0, read).Split('\n', 2)[0].Trim();
            return text.Length > ReasonChars ? text[..ReasonChars] + "…" : text;
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return "";
        }
    }
}
