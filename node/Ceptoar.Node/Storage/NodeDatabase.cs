using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// One SQLite file per node: WAL, foreign keys on, versioned migrations applied at open, one writer (WriteQueue)
/// and pooled read connections.
/// </summary>
public sealed class NodeDatabase : IAsyncDisposable
{
    private readonly SqliteConnection _writerConnection;
    private readonly string _readerConnectionString;
    private readonly WriteQueue _writer;
    private int _disposed;

    private NodeDatabase(string path, SqliteConnection writerConnection, string readerConnectionString, int schemaVersion, int migrationsApplied, TimeProvider clock, int maxOperations)
    {
        Path = path;
        _writerConnection = writerConnection;
        _readerConnectionString = readerConnectionString;
        SchemaVersion = schemaVersion;
        MigrationsApplied = migrationsApplied;
        Clock = clock;
        _writer = new WriteQueue(writerConnection, maxOperations);
    }

    /// <summary>Opens (creating if needed) the database, applies pending migrations, starts the writer.</summary>
    public static Task<NodeDatabase> OpenAsync(StorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // Opening, migrating and warming the pool are blocking file work; keep them off the caller's thread.
        return Task.Run(() => Open(options), cancellationToken);
    }

    public string Path { get; }

    /// <summary>The schema version after migrations.</summary>
    public int SchemaVersion { get; }

    /// <summary>The single writer.</summary>
    public WriteQueue Writer => _writer;

    /// <summary>How many migration steps this open applied (0 when the file was already current).</summary>
    internal int MigrationsApplied { get; }

    /// <summary>The clock for stored timestamps.</summary>
    internal TimeProvider Clock { get; }

    /// <summary>An open read-only connection from the pool; dispose it to return it.</summary>
    public SqliteConnection OpenReader()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var connection = new SqliteConnection(_readerConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs a query on a pooled reader. Microsoft.Data.Sqlite has no truly asynchronous I/O and these queries are short
    /// index walks, so they run on the caller's thread; failures come back as a faulted task like any async call.
    /// </summary>
    internal Task<T> ReadAsync<T>(Func<SqliteConnection, T> query, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            using var connection = OpenReader();
            return Task.FromResult(query(connection));
        }
        catch (Exception exception)
        {
            return Task.FromException<T>(exception);
        }
    }

    /// <summary>The database file's size plus its write-ahead log's, in bytes.</summary>
    internal long SizeInBytes()
    {
        static long Length(string file) => File.Exists(file) ? new FileInfo(file).Length : 0;
        return Length(Path) + Length(Path + "-wal");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _writer.StopAsync().ConfigureAwait(false);

        // Idle readers close now, readers still in use close when returned; the writer closes last so that SQLite
        // checkpoints the WAL into the file and removes it.
        using (var pooled = new SqliteConnection(_readerConnectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        await _writerConnection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A connection string for a read-only connection to path (pooled or not).</summary>
    internal static string ReadOnlyConnectionString(string path, bool pooling, TimeSpan busyTimeout) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = pooling,
        DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds),
    }.ToString();

    private static NodeDatabase Open(StorageOptions options)
    {
        var path = System.IO.Path.GetFullPath(options.DatabasePath);
        var directory = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var isNew = !File.Exists(path);
        var writerConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        }.ToString();

        var writer = new SqliteConnection(writerConnectionString);
        try
        {
            writer.Open();
            if (isNew && !OperatingSystem.IsWindows())
            {
                // Members, keys' hashes and non-public items: owner-only, like the node's keys. SQLite gives the
                // -wal and -shm files the database file's permissions.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            ConfigureWriter(writer, options);
            var (version, applied) = Migrations.Apply(writer);
            // Each queued operation runs in its own savepoint, so SQLite copies every page it changes to a statement
            // journal first. That journal is a temporary file once it passes 64 KiB (a few operations), which cost one
            // 4 KiB write() per changed page per operation, about four times the WAL's own writes. In memory it is
            // truncated at every RELEASE, so it holds one operation's pages at most; nothing in it matters after a
            // crash. Set after the migrations, whose index builds over large tables may sort more than fits in memory.
            SqlHelpers.Execute(writer, null, "PRAGMA temp_store = MEMORY");
            var readerConnectionString = ReadOnlyConnectionString(path, pooling: true, options.BusyTimeout);
            WarmReaderPool(readerConnectionString, options.ReadConnections);
            return new NodeDatabase(path, writer, readerConnectionString, version, applied, options.TimeProvider, options.MaxOperationsPerTransaction);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    private static void ConfigureWriter(SqliteConnection writer, StorageOptions options)
    {
        using (var command = SqlHelpers.Command(writer, null, "PRAGMA journal_mode = WAL"))
        {
            var mode = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"SQLite refused WAL mode for {writer.DataSource} (journal mode is '{mode}'). Put the data directory on a local file system that supports shared memory.");
            }
        }

        // In WAL mode, synchronous=FULL fsyncs the WAL on every commit, so each acknowledged commit survives power
        // loss; NORMAL fsyncs only at checkpoints, so a commit survives a killed process (kill -9) but the last ones
        // may be lost on power loss or an OS crash. The level was checked against a fixed list by Validate.
        SqlHelpers.Execute(writer, null, $"PRAGMA synchronous = {options.Synchronous.ToUpperInvariant()}");
        SqlHelpers.Execute(writer, null, "PRAGMA foreign_keys = ON");
        SqlHelpers.Execute(writer, null, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}");
    }

    private static void WarmReaderPool(string connectionString, int count)
    {
        var opened = new List<SqliteConnection>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var connection = new SqliteConnection(connectionString);
                opened.Add(connection);
                connection.Open();
            }
        }
        finally
        {
            foreach (var connection in opened)
            {
                connection.Dispose();
            }
        }
    }
}
