using System.Text;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// The append-only, hash-chained audit log: each entry stores SHA-256 over the previous entry's hash and its own
/// fields; triggers refuse UPDATE and DELETE; Verify walks the chain and names the first broken entry.
/// </summary>
public sealed class AuditLog
{
    /// <summary>The prev_hash of entry 1.</summary>
    public const string GenesisHash = Migrations.GenesisHash;

    private readonly NodeDatabase _database;

    public AuditLog(NodeDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
    }

    /// <summary>Appends an entry in its own writer operation; completes after commit.</summary>
    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return _database.Writer.ExecuteAsync((connection, transaction) => AppendEntry(connection, transaction, record), cancellationToken);
    }

    /// <summary>Appends inside another writer operation (same transaction), so the entry commits or rolls back with it.</summary>
    public void Append(SqliteConnection connection, SqliteTransaction transaction, AuditRecord record) =>
        AppendEntry(connection, transaction, record);

    /// <summary>Appends inside a unit of work, so the entry commits or rolls back with the rest of it.</summary>
    public void Append(UnitOfWork work, AuditRecord record) => AppendEntry(work.Connection, work.Transaction, record);

    /// <summary>As Append, returning the entry as stored (seq, time, hashes).</summary>
    public AuditEntryRecord AppendEntry(SqliteConnection connection, SqliteTransaction transaction, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Actor);
        ArgumentNullException.ThrowIfNull(record.Action);
        ArgumentNullException.ThrowIfNull(record.Subject);
        ArgumentNullException.ThrowIfNull(record.Outcome);
        ArgumentNullException.ThrowIfNull(record.Detail);

        // The previous hash comes from the head row, not from the last row: if the newest entries were removed,
        // the next entry still links to the removed one and the gap stays visible to Verify.
        if (!ReferenceEquals(transaction.Connection, connection))
        {
            throw new ArgumentException("The transaction does not belong to the connection.", nameof(transaction));
        }

        var (headSeq, headHash) = ReadHead(transaction);
        if (headSeq is null)
        {
            throw new InvalidOperationException("The audit head record is missing; the audit log was tampered with. Run 'audit verify' and restore from a backup.");
        }

        var seq = headSeq.Value + 1;
        var at = SqlHelpers.TruncateToMs(_database.Clock.GetUtcNow());
        var atMs = SqlHelpers.UnixMs(at);
        var hash = AuditChain.ComputeHash(headHash, seq, atMs, record.Actor, record.Action, record.Subject, record.Outcome, record.Detail);

        _database.Writer.Prepared(transaction,
                "INSERT INTO audit (seq, at, actor, action, subject, outcome, detail, prev_hash, hash) " +
                "VALUES ($seq, $at, $actor, $action, $subject, $outcome, $detail, $prev, $hash)")
            .With("$seq", seq).With("$at", atMs).With("$actor", record.Actor).With("$action", record.Action)
            .With("$subject", record.Subject).With("$outcome", record.Outcome).With("$detail", record.Detail)
            .With("$prev", headHash).With("$hash", hash)
            .ExecuteNonQuery();
        _database.Writer.Prepared(transaction, "UPDATE audit_head SET seq = $seq, hash = $hash WHERE id = 1")
            .With("$seq", seq).With("$hash", hash).ExecuteNonQuery();

        return new AuditEntryRecord(seq, at, record.Actor, record.Action, record.Subject, record.Outcome, record.Detail, headHash, hash);
    }

    /// <summary>Entries with Seq &gt; afterSeq, oldest first, at most limit (1..1000), optionally of one action only.</summary>
    public Task<IReadOnlyList<AuditEntryRecord>> ListAsync(long afterSeq, int limit, string? action, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return _database.ReadAsync<IReadOnlyList<AuditEntryRecord>>(connection =>
        {
            var sql = new StringBuilder("SELECT seq, at, actor, action, subject, outcome, detail, prev_hash, hash FROM audit WHERE seq > $after");
            using var command = SqlHelpers.Command(connection, null, "");
            command.With("$after", afterSeq).With("$limit", Math.Min(limit, ItemStore.MaxLimit));
            if (action is not null)
            {
                sql.Append(" AND action = $action");
                command.With("$action", action);
            }

            command.CommandText = sql.Append(" ORDER BY seq LIMIT $limit").ToString();
            using var reader = command.ExecuteReader();
            var entries = new List<AuditEntryRecord>();
            while (reader.Read())
            {
                entries.Add(ReadEntry(reader));
            }

            return entries;
        }, cancellationToken);
    }

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // A long log takes a while to hash; do it on the pool rather than on the caller's (request) thread.
        return Task.Run(() =>
        {
            using var connection = _database.OpenReader();
            return AuditChain.Verify(connection);
        }, cancellationToken);
    }

    /// <summary>Verifies the chain in a database file directly (node stopped), read-only.</summary>
    public static AuditVerification VerifyFile(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"No database file at {databasePath}; pass the node's database (by default <data-dir>/node.db).", databasePath);
        }

        using var connection = new SqliteConnection(NodeDatabase.ReadOnlyConnectionString(databasePath, pooling: false, TimeSpan.FromSeconds(5)));
        connection.Open();
        using (var tables = SqlHelpers.Command(connection, null, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('audit', 'audit_head')"))
        {
            if ((long)tables.ExecuteScalar()! != 2)
            {
                throw new InvalidDataException($"{databasePath} has no audit log tables: it is not a CEPTOAR node database. Pass the node's database (by default <data-dir>/node.db).");
            }
        }

        return AuditChain.Verify(connection);
    }

    private (long? Seq, string Hash) ReadHead(SqliteTransaction transaction)
    {
        using var reader = _database.Writer.Prepared(transaction, AuditChain.ReadHeadSql).ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (null, "");
    }

    internal static AuditEntryRecord ReadEntry(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        SqlHelpers.FromUnixMs(reader.GetInt64(1)),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8));
}
