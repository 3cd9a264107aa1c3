using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Localization;

/// <summary>Shows stored UTC times to a person in one time zone with its offset, e.g. <c>2026-12-06 12:00:00 +09:00</c>.</summary>
/// <remarks>
/// The node stores and sends UTC; only what a person reads is converted. The zone of an invocation is chosen by
/// <see cref="Choose"/>: <c>--time-zone</c>, else the zone the node reports (issue 12 makes it a node setting; until the
/// node reports one, callers pass null), else <see cref="DefaultZoneId"/>. Every printed time goes through
/// <see cref="Format(DateTimeOffset)"/> of <see cref="Current"/>.
/// </remarks>
internal sealed class TimeDisplay
{
    public const string DefaultZoneId = "Asia/Tokyo";
    public const string OptionName = "--time-zone";

    private const string Pattern = "yyyy-MM-dd HH:mm:ss zzz";

    // Flows with the invocation's async calls and is undone when RunAsync returns, so parallel invocations (tests) never mix.
    private static readonly AsyncLocal<TimeDisplay?> CurrentDisplay = new();

    public TimeDisplay(TimeZoneInfo zone) => Zone = zone;

    /// <summary>Asia/Tokyo: the CEPTOARs and their members are in Japan.</summary>
    public static TimeDisplay Default { get; } = new(TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId));

    /// <summary>The display of the running invocation; <see cref="Default"/> outside one.</summary>
    public static TimeDisplay Current
    {
        get => CurrentDisplay.Value ?? Default;
        set => CurrentDisplay.Value = value;
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>The first zone given, in order of precedence: the option, then the node's own, then Asia/Tokyo.</summary>
    /// <exception cref="TimeZoneNotFoundException">A given id is not an IANA time zone of this system.</exception>
    public static TimeDisplay Choose(string? optionZoneId, string? nodeZoneId)
    {
        var id = string.IsNullOrWhiteSpace(optionZoneId) ? nodeZoneId : optionZoneId;
        return string.IsNullOrWhiteSpace(id) ? Default : new TimeDisplay(TimeZoneInfo.FindSystemTimeZoneById(id.Trim()));
    }

    public static bool IsKnownZone(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out _);

    public string Format(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, Zone).ToString(Pattern, CultureInfo.InvariantCulture);

    public string Format(Timestamp? timestamp) => timestamp is null ? string.Empty : Format(timestamp.ToDateTimeOffset());
}
