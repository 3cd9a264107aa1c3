using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Modes;

/// <summary>One large-scale period: the change that started it, and the next change (by signed time) that ended it, if any.</summary>
internal sealed record ModePeriodFacts(ModeChangeRecord Start, ModeChangeRecord? End)
{
    public bool Holds => End is null;
}

/// <summary>
/// The mode and the periods, from the recorded changes (docs/MODES.md §4): the newest change by its signed time is the mode
/// held, whatever order the changes arrived in; each large-scale change starts a period that the next change ends. Pure.
/// </summary>
internal static class ModePeriods
{
    /// <summary>The mode held after these changes (oldest first).</summary>
    public static ModeState Current(IReadOnlyList<ModeChangeRecord> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return ModeState.Normal;
        }

        var newest = changes[^1];
        return newest.Mode == FederationMode.LargeScale
            ? new ModeState(FederationMode.LargeScale, newest.ScopeSectors, newest.ItemId, newest.CreatedAt, newest.ReportEveryMinutes, newest.Reason)
            : ModeState.Normal with { Since = newest.CreatedAt, Reason = newest.Reason };
    }

    /// <summary>Every large-scale period in these changes (oldest first), oldest first.</summary>
    public static IReadOnlyList<ModePeriodFacts> Of(IReadOnlyList<ModeChangeRecord> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var periods = new List<ModePeriodFacts>();
        for (var i = 0; i < changes.Count; i++)
        {
            if (changes[i].Mode == FederationMode.LargeScale)
            {
                periods.Add(new ModePeriodFacts(changes[i], i + 1 < changes.Count ? changes[i + 1] : null));
            }
        }

        return periods;
    }

    public static ModePeriod View(ModePeriodFacts period)
    {
        ArgumentNullException.ThrowIfNull(period);
        var view = new ModePeriod
        {
            PeriodId = period.Start.ItemId,
            StartedAt = Timestamp.FromDateTimeOffset(period.Start.CreatedAt),
            ScopeSectors = { period.Start.ScopeSectors },
            ReportEveryMinutes = period.Start.ReportEveryMinutes,
            Reason = period.Start.Reason,
        };
        if (period.End is { } end)
        {
            view.EndedAt = Timestamp.FromDateTimeOffset(end.CreatedAt);
            view.EndedBy = end.ItemId;
            view.EndReason = end.Reason;
        }

        return view;
    }

    /// <summary>The change as recorded, from the verified item.</summary>
    public static ModeChangeRecord Record(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var change = item.ModeChange;
        return new ModeChangeRecord(
            item.Id, item.CreatedAt.ToDateTimeOffset(), change.Mode, [.. change.ScopeSectors], change.ReportEveryMinutes, change.Reason, change.EndsPeriod, item.OriginNode);
    }
}
