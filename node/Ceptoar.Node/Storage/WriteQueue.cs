using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// The node's only writer: queued operations are grouped into one transaction (up to MaxOperationsPerTransaction),
/// each inside its own SAVEPOINT so one failing operation rolls back alone, and every caller's task completes only
/// after the transaction is committed (durable per StorageOptions.Synchronous).
/// </summary>
public sealed class WriteQueue
{
    /// <summary>
    /// Runs operation on the writer connection inside the current transaction (commands must set Transaction).
    /// Completes with its result after commit, or with its exception (its savepoint rolled back, the rest of the batch kept).
    /// </summary>
    public Task<T> ExecuteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> operation, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Raised on the writer thread after each commit (subscribers must not block).</summary>
    public event Action? Committed { add => throw new NotImplementedException(); remove => throw new NotImplementedException(); }

    /// <summary>Transactions committed since open (for tests and metrics).</summary>
    public long CommittedTransactions => throw new NotImplementedException();
}
