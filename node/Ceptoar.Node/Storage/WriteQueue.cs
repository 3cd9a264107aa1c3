using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// The node's only writer: queued operations are grouped into one transaction (up to MaxOperationsPerTransaction),
/// each inside its own SAVEPOINT so one failing operation rolls back alone, and every caller's task completes only
/// after the transaction is committed (durable per StorageOptions.Synchronous).
/// </summary>
public sealed class WriteQueue : IStoreWriter
{
    private readonly SqliteConnection _connection;
    private readonly int _maxOperations;
    private readonly Channel<WriteOperation> _queue =
        Channel.CreateUnbounded<WriteOperation>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackTo;
    private readonly Dictionary<string, SqliteCommand> _prepared = new(StringComparer.Ordinal);
    private long _committedTransactions;

    // Environment.TickCount64 (monotonic, unaffected by the node's clock) when the current batch began; 0 while idle.
    private long _batchStartedTicks;

    // Queued and not yet taken by the writer (the single-reader channel cannot count its items).
    private int _queued;

    // Written and read only on the writer thread.
    private WriteOperation? _current;

    internal WriteQueue(SqliteConnection connection, int maxOperationsPerTransaction)
    {
        _connection = connection;
        _maxOperations = maxOperationsPerTransaction;
        _savepoint = SqlHelpers.Command(connection, null, "SAVEPOINT op");
        _release = SqlHelpers.Command(connection, null, "RELEASE op");
        _rollbackTo = SqlHelpers.Command(connection, null, "ROLLBACK TO op");

        // A dedicated thread rather than a pool thread: it blocks in fsync on every commit, for the life of the node.
        _thread = new Thread(Run) { IsBackground = true, Name = "ceptoar-sqlite-writer" };
        _thread.Start();
    }

    /// <summary>
    /// Runs operation on the writer connection inside the current transaction (commands must set Transaction).
    /// Completes with its result after commit, or with its exception (its savepoint rolled back, the rest of the batch kept).
    /// The operation must be short, must not block on other tasks, and must never COMMIT or ROLLBACK itself.
    /// </summary>
    public Task<T> ExecuteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var queued = new WriteOperation<T>(operation);
        queued.RegisterCancellation(cancellationToken);
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(queued))
        {
            Interlocked.Decrement(ref _queued);
            return Task.FromException<T>(new ObjectDisposedException(nameof(NodeDatabase), "The node database is closed; no more writes are accepted."));
        }

        return queued.Task;
    }

    /// <inheritdoc/>
    public Task<T> RunAsync<T>(Func<UnitOfWork, T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ExecuteAsync((connection, transaction) => work(new UnitOfWork(connection, transaction)), cancellationToken);
    }

    /// <summary>
    /// From inside an operation: runs action on the writer thread after that operation's transaction has committed and
    /// before its caller is completed; dropped if the operation fails or the transaction does not commit. For in-memory
    /// state (caches, cursors) that must never run ahead of the file.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        EnsureInOperation().AddAfterCommit(action);
    }

    /// <summary>
    /// From inside an operation: a command for sql on the writer connection, prepared once and reused by later
    /// operations (preparing a statement costs about as much as running a small insert). Its parameters are cleared;
    /// the caller adds them, must dispose any reader it opens before asking for the same sql again, and must not
    /// dispose the command.
    /// </summary>
    internal SqliteCommand Prepared(SqliteTransaction transaction, string sql)
    {
        EnsureInOperation();
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = SqlHelpers.Command(_connection, null, sql);
            _prepared.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Raised on the writer thread after each commit (subscribers must not block).</summary>
    public event Action? Committed;

    /// <summary>
    /// Raised on the writer thread after each commit with the transaction's time from BEGIN to its durable COMMIT
    /// (subscribers must not block): the writer commit time metric (docs/OPERATIONS.md §4).
    /// </summary>
    public event Action<TimeSpan>? CommitTimed;

    /// <summary>Transactions committed since open (for tests and metrics).</summary>
    public long CommittedTransactions => Interlocked.Read(ref _committedTransactions);

    /// <summary>Operations waiting for the writer (not counting the batch it is running).</summary>
    public int QueueLength => Volatile.Read(ref _queued);

    /// <summary>How long the writer has been on its current batch (null while idle): the health check's stall reading (docs/OPERATIONS.md §3).</summary>
    public TimeSpan? BusyFor
    {
        get
        {
            var started = Interlocked.Read(ref _batchStartedTicks);
            return started == 0 ? null : TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
        }
    }

    /// <summary>Stops accepting operations, lets the writer finish what is queued, and completes when it has stopped.</summary>
    internal Task StopAsync()
    {
        _queue.Writer.TryComplete();
        return _stopped.Task;
    }

    private void Run()
    {
        var batch = new List<WriteOperation>(Math.Min(_maxOperations, 4096));
        try
        {
            while (WaitForOperations())
            {
                batch.Clear();
                Interlocked.Exchange(ref _batchStartedTicks, Math.Max(1, Environment.TickCount64));
                while (batch.Count < _maxOperations && _queue.Reader.TryRead(out var operation))
                {
                    Interlocked.Decrement(ref _queued);
                    if (operation.TryClaim())
                    {
                        batch.Add(operation);
                    }
                }

                try
                {
                    var start = 0;
                    while (start < batch.Count)
                    {
                        start = RunTransaction(batch, start);
                    }
                }
                catch (Exception unexpected)
                {
                    // A defect here must not leave callers waiting forever or stop the node's only writer; callers
                    // already completed are unaffected (their tasks cannot complete twice).
                    FailAll(batch, 0, batch.Count, unexpected);
                }
                finally
                {
                    Interlocked.Exchange(ref _batchStartedTicks, 0);
                }
            }
        }
        finally
        {
            _savepoint.Dispose();
            _release.Dispose();
            _rollbackTo.Dispose();
            foreach (var command in _prepared.Values)
            {
                command.Dispose();
            }

            _stopped.TrySetResult();
        }
    }

    private WriteOperation EnsureInOperation()
    {
        if (Environment.CurrentManagedThreadId != _thread.ManagedThreadId || _current is null)
        {
            throw new InvalidOperationException(
                "This must be called from inside an operation passed to WriteQueue.ExecuteAsync (on the writer's connection and transaction).");
        }

        return _current;
    }

    private bool WaitForOperations()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Runs operations from start in one transaction; returns the index of the first operation it did not take.</summary>
    private int RunTransaction(List<WriteOperation> batch, int start)
    {
        SqliteTransaction transaction;
        var began = Stopwatch.GetTimestamp();
        try
        {
            transaction = _connection.BeginTransaction(deferred: false);
        }
        catch (Exception exception)
        {
            FailAll(batch, start, batch.Count, exception);
            return batch.Count;
        }

        var end = start;
        using (transaction)
        {
            _savepoint.Transaction = transaction;
            _release.Transaction = transaction;
            _rollbackTo.Transaction = transaction;
            for (; end < batch.Count; end++)
            {
                var operation = batch[end];
                if (!RunInSavepoint(operation, transaction, out var transactionError))
                {
                    // SQLite ended the whole transaction (e.g. disk full, I/O error) or a savepoint statement failed:
                    // the work of every operation run so far is gone, so each of them fails; the rest get a new transaction.
                    var aborted = new InvalidOperationException(
                        "The write transaction was aborted by SQLite; nothing in it was saved. Retry the request; if it keeps failing, check the disk.",
                        transactionError);
                    FailAll(batch, start, end + 1, aborted);
                    return end + 1;
                }
            }

            try
            {
                transaction.Commit();
            }
            catch (Exception exception)
            {
                FailAll(batch, start, end, exception);
                return end;
            }
        }

        Interlocked.Increment(ref _committedTransactions);
        RaiseCommitTimed(Stopwatch.GetElapsedTime(began));
        for (var i = start; i < end; i++)
        {
            try
            {
                batch[i].RunAfterCommit();
            }
            catch (Exception)
            {
                // After-commit actions only refresh in-memory state; the commit stands and its caller gets its result.
            }
        }

        for (var i = start; i < end; i++)
        {
            batch[i].Complete();
        }

        RaiseCommitted();
        return end;
    }

    /// <summary>False when the transaction itself is no longer usable (transactionError says why).</summary>
    private bool RunInSavepoint(WriteOperation operation, SqliteTransaction transaction, out Exception? transactionError)
    {
        transactionError = null;
        try
        {
            _savepoint.ExecuteNonQuery();
        }
        catch (Exception exception)
        {
            transactionError = exception;
            return false;
        }

        _current = operation;
        try
        {
            operation.Run(_connection, transaction);
        }
        catch (Exception)
        {
            // The operation's own failure (kept in operation.Error): undo its statements only; it completes with
            // its exception after the commit of the others.
            try
            {
                _rollbackTo.ExecuteNonQuery();
            }
            catch (Exception rollbackError)
            {
                transactionError = rollbackError;
                return false;
            }
        }
        finally
        {
            _current = null;
        }

        try
        {
            _release.ExecuteNonQuery();
            return true;
        }
        catch (Exception exception)
        {
            transactionError = exception;
            return false;
        }
    }

    private static void FailAll(List<WriteOperation> batch, int start, int end, Exception error)
    {
        for (var i = start; i < end; i++)
        {
            batch[i].Fail(error);
        }
    }

    private void RaiseCommitTimed(TimeSpan elapsed)
    {
        try
        {
            CommitTimed?.Invoke(elapsed);
        }
        catch (Exception)
        {
            // A subscriber's bug must not stop the node's only writer.
        }
    }

    private void RaiseCommitted()
    {
        if (Committed is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((Action)handler)();
            }
            catch (Exception)
            {
                // A subscriber's bug must not stop the node's only writer; subscribers own their error handling.
            }
        }
    }
}
