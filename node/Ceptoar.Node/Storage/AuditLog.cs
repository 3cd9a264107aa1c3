using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// The append-only, hash-chained audit log: each entry stores SHA-256 over the previous entry's hash and its own
/// fields; triggers refuse UPDATE and DELETE; Verify walks the chain and names the first broken entry.
/// </summary>
public sealed class AuditLog
{
    public AuditLog(NodeDatabase database) => throw new NotImplementedException();

    /// <summary>Appends an entry in its own writer operation; completes after commit.</summary>
    public Task AppendAsync(AuditRecord record, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>Appends inside another writer operation (same transaction), so the entry commits or rolls back with it.</summary>
    public void Append(SqliteConnection connection, SqliteTransaction transaction, AuditRecord record) => throw new NotImplementedException();

    public Task<IReadOnlyList<AuditEntryRecord>> ListAsync(long afterSeq, int limit, string? action, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Verifies the chain in a database file directly (node stopped), read-only.</summary>
    public static AuditVerification VerifyFile(string databasePath) => throw new NotImplementedException();
}
