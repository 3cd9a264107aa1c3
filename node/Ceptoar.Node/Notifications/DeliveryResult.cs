namespace Ceptoar.Node.Notifications;

/// <summary>What became of one attempt to send one notification.</summary>
public enum DeliveryOutcome
{
    /// <summary>The server or member system accepted it.</summary>
    Sent,

    /// <summary>It may succeed later (server down, timeout, 4xx SMTP reply, HTTP 5xx or 429): try again per the schedule.</summary>
    Transient,

    /// <summary>It will not succeed by trying again (recipient rejected with 5xx, HTTP 4xx): give up now.</summary>
    Permanent,
}

/// <summary>The outcome of one attempt, with the server's reason (for the outbox's last error and the audit).</summary>
/// <param name="RetryAfter">The wait the server asked for (HTTP Retry-After), if any.</param>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string Reason, TimeSpan? RetryAfter = null)
{
    public static readonly DeliveryResult Sent = new(DeliveryOutcome.Sent, "accepted");

    public static DeliveryResult Transient(string reason, TimeSpan? retryAfter = null) => new(DeliveryOutcome.Transient, reason, retryAfter);

    public static DeliveryResult Permanent(string reason) => new(DeliveryOutcome.Permanent, reason);
}
