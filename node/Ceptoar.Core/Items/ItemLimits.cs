namespace Ceptoar.Core.Items;

/// <summary>Size limits for item fields; defaults are the documented ones.</summary>
public sealed record ItemLimits
{
    public int MaxTitleChars { get; init; } = 200;
    public int MaxSummaryChars { get; init; } = 4_000;
    public int MaxWhatChars { get; init; } = 20_000;
    public int MaxShortTextChars { get; init; } = 500;
    public int MaxListEntries { get; init; } = 100;
    public int MaxIndicators { get; init; } = 1_000;
    public int MaxIndicatorValueChars { get; init; } = 2_048;
    public int MaxAudienceEntries { get; init; } = 100;
    /// <summary>Default lifetime of an item whose draft sets no expiry.</summary>
    public TimeSpan DefaultLifetime { get; init; } = TimeSpan.FromDays(90);
    /// <summary>Longest lifetime a draft may ask for.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromDays(3650);
}
