using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Modes;

/// <summary>
/// Acts on verified mode changes (docs/MODES.md §4): records each once, audited ("mode.change"), switches
/// <see cref="CurrentMode"/> when it is the newest, and has the duty roster told in the same commit. Loads the mode held
/// from storage at start, so a restarted node holds what it held.
/// </summary>
internal sealed class ModeBook(ModeStore store, CurrentMode current, NodeDirectory directory, TimeProvider time, ILogger<ModeBook> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        current.Set(ModePeriods.Current(await store.AllAsync(cancellationToken)));
        ModeLog.Loaded(logger, current.State.Mode.ToString(), current.State.PeriodId);
    }

    /// <summary>
    /// Applies a stored (so verified, or signed here) mode change; true when it switched the mode. A change whose origin is
    /// not certified as NISC is refused on arrival (AcceptancePolicy); it is checked again here, so nothing else can switch.
    /// </summary>
    public async Task<bool> ApplyAsync(Item item, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Kind != ItemKind.ModeChange || item.ModeChange is null || item.Exercise)
        {
            return false;
        }

        if (AcceptancePolicy.KindRefusal(item.Kind, item.OriginNode, directory.View()) is { } refusal)
        {
            ModeLog.NotApplied(logger, item.Id, refusal);
            return false;
        }

        // The duty roster hears of a switch like of any item the secretariat reads (docs/NOTIFICATIONS.md §6): one plan row.
        var notice = new NewNotifyPlan(item.Id, NewNotification.Notify, time.GetUtcNow(), MemberDelivery.None, null, Staff: true,
            new PlannedItemFacts((int)item.Kind, (int)item.Tlp, (int)Severity.None, Exercise: false));
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var outcome = await store.RecordAsync(ModePeriods.Record(item), actor, notice, cancellationToken);
            if (!outcome.Newest)
            {
                if (outcome.Recorded)
                {
                    ModeLog.Older(logger, item.Id);
                }

                return false;
            }

            current.Set(ModePeriods.Current(await store.AllAsync(cancellationToken)));
            ModeLog.Switched(logger, item.ModeChange.Mode.ToString(), item.Id, item.OriginNode);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Source-generated log events of the mode (stable event ids 7201-7299).</summary>
internal static partial class ModeLog
{
    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Mode loaded: {Mode} (period {PeriodId})")]
    public static partial void Loaded(ILogger logger, string mode, string periodId);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Mode switched to {Mode} by mode change {ItemId} from {Origin}")]
    public static partial void Switched(ILogger logger, string mode, string itemId, string origin);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Information, Message = "Mode change {ItemId} recorded but older than the change in force: the mode stays")]
    public static partial void Older(ILogger logger, string itemId);

    [LoggerMessage(EventId = 7204, Level = LogLevel.Warning, Message = "Mode change {ItemId} not applied: {Reason}")]
    public static partial void NotApplied(ILogger logger, string itemId, string reason);

    [LoggerMessage(EventId = 7205, Level = LogLevel.Error, Message = "A round of the mode watcher failed; it is tried again")]
    public static partial void WatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7206, Level = LogLevel.Information, Message = "Reminder {ItemId} sent to late secretariat {NodeId} for period {PeriodId} (repeat: {Duplicate})")]
    public static partial void Reminded(ILogger logger, string itemId, string nodeId, string periodId, bool duplicate);

    [LoggerMessage(EventId = 7207, Level = LogLevel.Error, Message = "A round of the late-report reminders failed; it is tried again")]
    public static partial void RemindFailed(ILogger logger, Exception exception);
}
