namespace Ceptoar.Node.Notifications;

/// <summary>
/// When a failed notification is tried again, and when it is given up (docs/NOTIFICATIONS.md §3). Pure: the caller
/// passes the times and the random sample, so the schedule is tested exactly.
/// </summary>
/// <param name="Initial">The wait after the first failure.</param>
/// <param name="Max">The longest wait: doubling stops there, and a server's Retry-After is honoured only up to it.</param>
/// <param name="GiveUpAfter">How long after the notification was written a transient failure still leads to another try.</param>
internal sealed record RetrySchedule(TimeSpan Initial, TimeSpan Max, TimeSpan GiveUpAfter)
{
    public static RetrySchedule From(NotifyOptions options) => new(
        TimeSpan.FromSeconds(options.RetryInitialSeconds), TimeSpan.FromSeconds(options.RetryMaxSeconds), TimeSpan.FromMinutes(options.GiveUpAfterMinutes));

    /// <summary>
    /// The range the wait after the <paramref name="failures"/>-th failure (1 or more) is drawn from: the nominal wait
    /// Initial × 2^(failures−1), capped at Max, and its lower half down to 50 % of it. The jitter spreads the retries of
    /// many notifications that failed together (one server outage), so they do not return in one burst.
    /// </summary>
    public (TimeSpan Min, TimeSpan Max) Bounds(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        // Past 2^40 any initial wait of a second or more is beyond the cap; stop doubling before the arithmetic overflows.
        var factor = Math.Pow(2, Math.Min(failures - 1, 40));
        var nominal = Initial.TotalSeconds * factor >= Max.TotalSeconds ? Max : Initial * factor;
        return (nominal / 2, nominal);
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure, for a sample in [0, 1); at least what the server asked for, up to Max.</summary>
    public TimeSpan Delay(int failures, double sample, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sample, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, 1.0);
        var (min, max) = Bounds(failures);
        var delay = min + ((max - min) * sample);
        var asked = retryAfter is { } r && r > TimeSpan.Zero ? (r > Max ? Max : r) : TimeSpan.Zero;
        return delay > asked ? delay : asked;
    }

    /// <summary>
    /// Whether to stop trying after this outcome: at once when permanent; when transient, once the notification has been
    /// failing since <see cref="GiveUpAfter"/> after it was <paramref name="writtenAt"/>. The caller audits the give-up.
    /// </summary>
    public bool GivesUp(DeliveryOutcome outcome, DateTimeOffset writtenAt, DateTimeOffset now) => outcome switch
    {
        DeliveryOutcome.Sent => false,
        DeliveryOutcome.Permanent => true,
        _ => now - writtenAt >= GiveUpAfter,
    };

    /// <summary>
    /// When to try again after a transient failure: after <see cref="Delay"/>, but no later than the give-up time, so the
    /// last try happens at that time rather than never; null once that time has passed (give up now).
    /// </summary>
    public DateTimeOffset? NextAttempt(int failures, DateTimeOffset writtenAt, DateTimeOffset now, double sample, TimeSpan? retryAfter = null)
    {
        var deadline = writtenAt + GiveUpAfter;
        if (now >= deadline)
        {
            return null;
        }

        var at = now + Delay(failures, sample, retryAfter);
        return at < deadline ? at : deadline;
    }
}
