using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Rules;

/// <summary>
/// Purges items whose retention period (set by the handling rule that fired when they were stored) has ended, every
/// Storage:RetentionSweepMinutes, in bounded batches so the writer is never held long; each batch is one audit entry.
/// </summary>
internal sealed partial class RetentionSweeper(ItemStore items, StorageOptions storage, TimeProvider time, ILogger<RetentionSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    /// <summary>One sweep at the given time; returns how many items were purged.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var purged = await items.PurgeRetainedAsync(now, BatchSize, cancellationToken);
            total += purged.Count;
            if (purged.Count < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            Purged(logger, total);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, storage.RetentionSweepMinutes)), time);
        do
        {
            await SweepAsync(time.GetUtcNow(), stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Retention: purged {Count} items whose retention period ended")]
    private static partial void Purged(ILogger logger, int count);
}
