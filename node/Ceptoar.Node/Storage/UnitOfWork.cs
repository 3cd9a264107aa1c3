using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// What one caller stores together: one operation of the single writer, committed with the others of its group
/// (docs/ARCHITECTURE.md §5, "one writer"). The rest of the node only passes it to the stores' methods; the connection
/// and transaction under it never leave Storage.
/// </summary>
public sealed class UnitOfWork
{
    internal UnitOfWork(SqliteConnection connection, SqliteTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    internal SqliteConnection Connection { get; }

    internal SqliteTransaction Transaction { get; }
}

/// <summary>The node's door to its single writer: run a unit of work, completed after its durable commit.</summary>
public interface IStoreWriter
{
    /// <summary>
    /// Runs work inside the writer's current transaction and completes with its result after the commit, or with its
    /// exception (its part rolled back alone). The work must be short and must not wait on other tasks.
    /// </summary>
    Task<T> RunAsync<T>(Func<UnitOfWork, T> work, CancellationToken cancellationToken = default);
}
