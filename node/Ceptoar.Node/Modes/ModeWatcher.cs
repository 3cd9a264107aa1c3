using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Modes;

/// <summary>
/// Every node acts on every verified mode change it stores (docs/MODES.md §4), received from a peer or made here, with no
/// admin action: after each commit it reads the new mode-change rows (a range of the primary key) and applies them. At
/// start it loads the mode held and looks at every stored change again, so a node killed between storing a change and
/// acting on it acts on it after its restart (applying is idempotent). A change held for approval here waits until it is
/// approved.
/// </summary>
internal sealed class ModeWatcher(ModeBook book, ModeStore modes, ItemStore items, HeldStore held, TimeProvider time, ILogger<ModeWatcher> logger) : BackgroundService
{
    private const string Actor = "node";

    /// <summary>How often a change held for approval here is looked at again.</summary>
    private static readonly TimeSpan HeldRecheck = TimeSpan.FromSeconds(5);

    private readonly HashSet<string> _waiting = new(StringComparer.Ordinal);
    private long _scanned;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the node answers anything: status, the rules and the board see the stored mode from the first call.
        await book.LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = items.LastSeq;
            try
            {
                await RoundAsync(seen, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                ModeLog.WatchFailed(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                // A change held for approval is looked at again now and then: approving it stores no new row to wake on.
                await (_waiting.Count == 0
                    ? items.WaitForItemsAfterAsync(seen, stoppingToken)
                    : Task.WhenAny(items.WaitForItemsAfterAsync(seen, timer.Token), Task.Delay(HeldRecheck, time, timer.Token)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                await timer.CancelAsync();
            }
        }
    }

    private async Task RoundAsync(long seen, CancellationToken cancellationToken)
    {
        var found = await modes.ChangeItemsAfterAsync(_scanned, cancellationToken);
        _waiting.UnionWith(found.Select(f => f.ItemId));
        _scanned = Math.Max(seen, found.Count > 0 ? found[^1].Seq : 0);
        if (_waiting.Count == 0)
        {
            return;
        }

        var states = await held.StatesAsync([.. _waiting], cancellationToken);
        foreach (var id in _waiting.ToList())
        {
            if (states.TryGetValue(id, out var hold) && hold.State == "held")
            {
                // Approval republishes nothing new to scan: the change stays waiting until decided.
                continue;
            }

            _waiting.Remove(id);
            if (HeldStore.Withholds(hold?.State) || await items.GetAsync(id, cancellationToken) is not { Sealed: false } stored)
            {
                continue;
            }

            await book.ApplyAsync(ItemViews.ParseItem(stored, out _), Actor, cancellationToken);
        }
    }
}
