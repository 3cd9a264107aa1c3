using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Statistics;

/// <summary>How the statistics are grouped (docs/CONSOLE.md §5).</summary>
internal enum SharingGrouping
{
    Sector,
    Ceptoar,
    Kind,
    Label,
    Month,
}

/// <summary>Which items count: originated here, received from peers, or both.</summary>
internal enum SharingDirection
{
    Both,
    Sent,
    Received,
}

/// <summary>A checked request: the months of the period (first day 00:00 in the node's zone to the next month's), grouping, direction.</summary>
internal sealed record SharingPeriod(DateOnly From, DateOnly To, IReadOnlyList<MonthRange> Months, SharingGrouping GroupBy, SharingDirection Direction)
{
    /// <summary>At most ten years at once: long enough for any plan's comparison, and it bounds the months sent to the store.</summary>
    public const int MaxMonths = 120;

    /// <summary>The default period: the twelve months up to and including this one.</summary>
    public const int DefaultMonths = 12;

    private const int MaxQuoted = 40;

    /// <summary>"YYYY-MM" of the month at <paramref name="index"/> of the period.</summary>
    public string Label(int index) => Text(From.AddMonths(index));

    public static string Text(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Key(SharingGrouping grouping) => grouping.ToString().ToLowerInvariant();

    public static string Key(SharingDirection direction) => direction.ToString().ToLowerInvariant();

    /// <summary>
    /// Checks the request against this month in <paramref name="zone"/>; every refusal is InvalidArgument naming the field, in
    /// the call's language.
    /// </summary>
    public static SharingPeriod Parse(SharingStatisticsRequest request, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(request);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var thisMonth = new DateOnly(local.Year, local.Month, 1);
        var groupBy = request.GroupBy.Length == 0 ? SharingGrouping.Sector : request.GroupBy switch
        {
            "sector" => SharingGrouping.Sector,
            "ceptoar" => SharingGrouping.Ceptoar,
            "kind" => SharingGrouping.Kind,
            "label" => SharingGrouping.Label,
            "month" => SharingGrouping.Month,
            _ => throw GrpcErrors.InvalidArgument("group_by", Format(StatisticsText.GroupByUnknown, Quote(request.GroupBy))),
        };
        var direction = request.Direction.Length == 0 ? SharingDirection.Both : request.Direction switch
        {
            "both" => SharingDirection.Both,
            "sent" => SharingDirection.Sent,
            "received" => SharingDirection.Received,
            _ => throw GrpcErrors.InvalidArgument("direction", Format(StatisticsText.DirectionUnknown, Quote(request.Direction))),
        };

        var to = request.ToMonth.Length == 0 ? thisMonth : Month("to_month", request.ToMonth);
        var from = request.FromMonth.Length == 0 ? (to.AddMonths(1 - DefaultMonths) is var start && start.Year >= 2000 ? start : new DateOnly(2000, 1, 1))
            : Month("from_month", request.FromMonth);
        foreach (var (field, month) in new[] { ("to_month", to), ("from_month", from) })
        {
            if (month > thisMonth)
            {
                throw GrpcErrors.InvalidArgument(field, Format(StatisticsText.MonthAfterNow, Text(month), Text(thisMonth), zone.Id));
            }
        }

        if (from > to)
        {
            throw GrpcErrors.InvalidArgument("from_month", Format(StatisticsText.FromAfterTo, Text(from), Text(to)));
        }

        var count = ((to.Year - from.Year) * 12) + to.Month - from.Month + 1;
        if (count > MaxMonths)
        {
            throw GrpcErrors.InvalidArgument("from_month", Format(StatisticsText.PeriodTooLong, Text(from), Text(to), count));
        }

        var months = Enumerable.Range(0, count).Select(i => new MonthRange(Start(from.AddMonths(i), zone), Start(from.AddMonths(i + 1), zone))).ToList();
        return new SharingPeriod(from, to, months, groupBy, direction);
    }

    /// <summary>
    /// The instant the month begins in the zone. Where a zone's clocks skip midnight (a daylight-saving change at 00:00),
    /// the month begins at the first local time that exists.
    /// </summary>
    private static DateTimeOffset Start(DateOnly month, TimeZoneInfo zone)
    {
        var local = month.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    private static DateOnly Month(string field, string text)
    {
        if (text.Length == 7 && text[4] == '-' && text.Where((c, i) => i != 4).All(char.IsAsciiDigit)
            && int.Parse(text.AsSpan(0, 4), CultureInfo.InvariantCulture) is var year and >= 2000
            && int.Parse(text.AsSpan(5, 2), CultureInfo.InvariantCulture) is var month and >= 1 and <= 12)
        {
            return new DateOnly(year, month, 1);
        }

        throw GrpcErrors.InvalidArgument(field, Format(StatisticsText.MonthInvalid, Quote(text)));
    }

    /// <summary>What the caller typed, on one line and capped, so a refusal never carries a long or control-laden string back.</summary>
    private static string Quote(string text)
    {
        var clean = new string([.. text.Take(MaxQuoted).Select(c => char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format ? '?' : c)]);
        return text.Length > MaxQuoted ? clean + "…" : clean;
    }

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
