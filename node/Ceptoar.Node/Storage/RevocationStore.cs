namespace Ceptoar.Node.Storage;

/// <summary>The stored revocation list: its version and the envelope bytes it arrived in.</summary>
public sealed record StoredRevocationList(long Version, DateTimeOffset IssuedAt, byte[] Envelope, DateTimeOffset ReceivedAt);

/// <summary>
/// The federation's revocation list this node holds (docs/LIFECYCLE.md §3): one row, replaced only by a higher version in
/// the same unit of work as its audit entry, so a list taken is never lost and an older one never wins.
/// </summary>
public sealed class RevocationStore(NodeDatabase database, AuditLog audit)
{
    /// <summary>
    /// Keeps the list when it is the first or of a higher version than the one held; audited as "revocations.accept"
    /// either way (taken, or why not). True when it was taken.
    /// </summary>
    public Task<bool> SaveIfNewerAsync(long version, DateTimeOffset issuedAt, byte[] envelope, string actor, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return database.Writer.RunAsync(work =>
        {
            var now = database.Clock.GetUtcNow();
            var taken = database.Writer.Prepared(work.Transaction,
                    "INSERT INTO revocation_list (id, version, issued_at, envelope, received_at) VALUES (1, $version, $issued, $envelope, $now) " +
                    "ON CONFLICT (id) DO UPDATE SET version = excluded.version, issued_at = excluded.issued_at, envelope = excluded.envelope, " +
                    "received_at = excluded.received_at WHERE excluded.version > revocation_list.version")
                .With("$version", version).With("$issued", SqlHelpers.UnixMs(issuedAt)).With("$envelope", envelope).With("$now", SqlHelpers.UnixMs(now))
                .ExecuteNonQuery() == 1;
            audit.Append(work, new AuditRecord(actor, "revocations.accept", $"version {version}", taken ? "accepted" : "ignored: not newer than the list held", detail));
            return taken;
        }, cancellationToken);
    }

    /// <summary>Audits a list that was not taken (it did not verify, or was older), with the reason.</summary>
    public Task AuditRefusedAsync(string actor, string subject, string reason, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(actor, "revocations.accept", subject, "ignored", reason), cancellationToken);

    public Task<StoredRevocationList?> LoadAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT version, issued_at, envelope, received_at FROM revocation_list WHERE id = 1");
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new StoredRevocationList(reader.GetInt64(0), SqlHelpers.FromUnixMs(reader.GetInt64(1)), reader.GetFieldValue<byte[]>(2), SqlHelpers.FromUnixMs(reader.GetInt64(3)))
                : null;
        }, cancellationToken);
}
