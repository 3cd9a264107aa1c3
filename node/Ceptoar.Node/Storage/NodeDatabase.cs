using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// One SQLite file per node: WAL, foreign keys on, versioned migrations applied at open, one writer (WriteQueue)
/// and pooled read connections.
/// </summary>
public sealed class NodeDatabase : IAsyncDisposable
{
    /// <summary>Opens (creating if needed) the database, applies pending migrations, starts the writer.</summary>
    public static Task<NodeDatabase> OpenAsync(StorageOptions options, CancellationToken cancellationToken) => throw new NotImplementedException();

    public string Path => throw new NotImplementedException();

    /// <summary>The schema version after migrations.</summary>
    public int SchemaVersion => throw new NotImplementedException();

    /// <summary>The single writer.</summary>
    public WriteQueue Writer => throw new NotImplementedException();

    /// <summary>An open read-only connection from the pool; dispose it to return it.</summary>
    public SqliteConnection OpenReader() => throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
