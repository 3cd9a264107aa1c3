using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// Copies the write-ahead log into the database file on a connection of its own, after commits and at most every
/// <see cref="MinInterval"/>. The writer's connection has SQLite's automatic checkpoint turned off, so no commit pays for
/// the copy: with it on, the commit that crossed 1,000 log pages did the whole checkpoint before it returned, and an item
/// committed right after a burst of notification rows waited for it (docs/ARCHITECTURE.md §5, "No commit checkpoints"). PASSIVE checkpoints never
/// wait for the writer or the readers; what they cannot copy yet is copied by a later one. Durability is unchanged:
/// commits are made durable in the log as before (Storage:Synchronous).
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>Fewest milliseconds between two checkpoints while commits keep coming.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(200);

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _checkpoints;

    public WalCheckpointer(string connectionString, string synchronous)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        // A checkpoint syncs the database file as the writer's level asks.
        SqlHelpers.Execute(_connection, null, $"PRAGMA synchronous = {synchronous}");
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Checkpoints run so far (for tests and metrics).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Called after each commit (on the writer thread): wakes the loop, never blocks.</summary>
    public void Committed()
    {
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken by a commit a moment ago.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _committed.Dispose();
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await _committed.WaitAsync(_stop.Token).ConfigureAwait(false);
                Checkpoint();
                await Task.Delay(MinInterval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            SqlHelpers.Execute(_connection, null, "PRAGMA wal_checkpoint(PASSIVE)");
            Interlocked.Increment(ref _checkpoints);
        }
        catch (SqliteException)
        {
            // Busy or locked for a moment: the next commit wakes the loop again, and closing the writer checkpoints all.
        }
    }
}
