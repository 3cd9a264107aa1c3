using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Policy;

/// <summary>
/// The times a peer signs, judged against this node's clock. A signed "now" (an item's creation, a receipt's time, a
/// descriptor's or query's issue) may run ahead of this clock by at most the clock-skew tolerance, and nothing may ask to
/// live longer than its kind allows: without these an item dated years ahead sorts first in every feed and outlives
/// retention, and a descriptor dated ahead could never be replaced by its node's next one. Pure; every reason names the
/// setting involved and says what to do.
/// </summary>
/// <param name="MaxClockSkew">How far ahead of this node's clock a signed time may be (Federation:MaxClockSkewSeconds).</param>
/// <param name="MaxItemLifetime">Longest an item may live, from its creation to its expiry (Limits:MaxItemLifetimeDays).</param>
public sealed record TimePolicy(TimeSpan MaxClockSkew, TimeSpan MaxItemLifetime)
{
    public static readonly TimeSpan DefaultMaxClockSkew = TimeSpan.FromSeconds(300);

    /// <summary>Longest a node descriptor may be valid: the most Federation:DescriptorValidityDays allows a node to sign.</summary>
    public static readonly TimeSpan MaxDescriptorValidity = TimeSpan.FromDays(365);

    /// <summary>Longest a federated query may run, from its issue to its deadline: the most an asking node allows.</summary>
    public static readonly TimeSpan MaxQueryLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The documented defaults: 300 s of skew, items living at most 3,650 days.</summary>
    public static TimePolicy Default { get; } = new(DefaultMaxClockSkew, TimeSpan.FromDays(3650));

    /// <summary>
    /// Null when an item (clear, or by its sealed header) created and expiring at these times may be taken; otherwise why
    /// not. A receipt is judged by its time alone (<see cref="ReceiptProblem"/>): its node does not choose its lifetime.
    /// </summary>
    public string? ItemProblem(DateTimeOffset createdAt, DateTimeOffset expiresAt, DateTimeOffset now, string origin)
    {
        var ahead = Ahead("it is dated", createdAt, now, origin);
        if (ahead is not null || expiresAt - createdAt <= MaxItemLifetime)
        {
            return ahead;
        }

        return Invariant($"it is to live {Span(expiresAt - createdAt)} (created {Utc(createdAt)}, expiring {Utc(expiresAt)}), ")
            + Invariant($"longer than the {MaxItemLifetime.TotalDays:N0} days this node allows (Limits:MaxItemLifetimeDays): its origin {origin} must set an earlier expiry");
    }

    /// <summary>Null when a receipt's signed time is valid and not beyond the tolerance; otherwise why not.</summary>
    public string? ReceiptProblem(Timestamp? at, DateTimeOffset now, string signer) =>
        TimeOf(at) is { } time ? Ahead("the receipt is dated", time, now, signer) : $"the receipt has no valid time: its node {signer} must date it";

    /// <summary>Null when a descriptor issued and valid until these times may be taken; otherwise why not.</summary>
    public string? DescriptorProblem(string nodeId, DateTimeOffset issuedAt, DateTimeOffset validUntil, DateTimeOffset now)
    {
        var ahead = Ahead($"the descriptor of node '{nodeId}' is dated", issuedAt, now, $"node '{nodeId}'");
        if (ahead is not null || validUntil - issuedAt <= MaxDescriptorValidity)
        {
            return ahead;
        }

        return Invariant($"the descriptor of node '{nodeId}' is valid for {Span(validUntil - issuedAt)} (issued {Utc(issuedAt)}, until {Utc(validUntil)}), ")
            + Invariant($"longer than the {MaxDescriptorValidity.TotalDays:N0} days a node may sign one for: its node must publish one valid for less (Federation:DescriptorValidityDays)");
    }

    /// <summary>
    /// Null when a query issued at issuedAt (if it says) with this deadline may be answered; otherwise why not. A query
    /// that does not say when it was issued is measured from now.
    /// </summary>
    public string? QueryProblem(DateTimeOffset? issuedAt, DateTimeOffset deadline, DateTimeOffset now, string asker)
    {
        var ahead = issuedAt is { } issued ? Ahead("the query is dated", issued, now, asker) : null;
        var from = issuedAt ?? now;
        if (ahead is not null || deadline - from <= MaxQueryLifetime)
        {
            return ahead;
        }

        return Invariant($"the query's deadline {Utc(deadline)} is {Span(deadline - from)} after it was issued, ")
            + Invariant($"more than the {MaxQueryLifetime.TotalSeconds:N0} s a query may run: ask again with a deadline at most {MaxQueryLifetime.TotalSeconds:N0} s away");
    }

    /// <summary>The time of a protobuf Timestamp; null when absent or outside what a DateTimeOffset holds (years 1 to 9999).</summary>
    public static DateTimeOffset? TimeOf(Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return null;
        }

        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private string? Ahead(string subject, DateTimeOffset at, DateTimeOffset now, string signer) =>
        at - now <= MaxClockSkew ? null
            : Invariant($"{subject} {Utc(at)}, {Span(at - now)} ahead of this node's clock, beyond the {MaxClockSkew.TotalSeconds:N0} s tolerated ")
                + $"(Federation:MaxClockSkewSeconds): the clock of {signer} is wrong, or the time was forged";

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A duration as a person compares it with a limit: seconds under an hour (the skew setting's unit), then hours, then days.</summary>
    private static string Span(TimeSpan span) => span switch
    {
        _ when span < TimeSpan.FromHours(1) => Invariant($"{span.TotalSeconds:N0} s"),
        _ when span < TimeSpan.FromDays(2) => Invariant($"{span.TotalHours:0.#} h"),
        _ => Invariant($"{span.TotalDays:N0} days"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
