using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>A backup as taken: where, how large, the audit head it holds, when, and from when peers resend after a restore.</summary>
public sealed record BackupResult(string Path, long Bytes, long AuditSeq, string AuditHash, DateTimeOffset TakenAt, DateTimeOffset CatchUpSince);

/// <summary>
/// A consistent copy of the running node's database with SQLite's online backup (docs/LIFECYCLE.md §5): the copy is one
/// read snapshot, written to a hidden owner-only file beside the target and moved into place only when complete, so a
/// failed backup leaves no partial file under the name asked for.
/// </summary>
public sealed class DatabaseBackup(NodeDatabase database, AuditLog audit)
{
    /// <summary>
    /// Peers resend what they stored from this long before the backup: their clocks and this node's may differ by up to the
    /// federation's skew, and sending a little more costs nothing (the restored store drops what it already holds).
    /// </summary>
    public static readonly TimeSpan CatchUpMargin = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Item numbers in the copy continue this far above the copy's newest, so a member's feed cursor from the lost history
    /// (numbers the node handed out after the backup) never hides an item the restored node receives again.
    /// </summary>
    public const long ItemSeqJump = 1L << 32;

    /// <summary>Writes the copy to path (absolute; its directory must exist; an existing file is never replaced) and audits it.</summary>
    /// <exception cref="IOException">The file exists, or the directory cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The node's user may not write in the directory.</exception>
    public Task<BackupResult> WriteAsync(string path, string actor, CancellationToken cancellationToken) =>
        Task.Run(async () =>
        {
            var result = Write(path);
            await audit.AppendAsync(new AuditRecord(actor, "node.backup", result.Path, "ok",
                string.Create(CultureInfo.InvariantCulture, $"audit head {result.AuditSeq} {result.AuditHash}; taken at {result.TakenAt:O}; {result.Bytes} bytes; peers resend from {result.CatchUpSince:O} after a restore")),
                CancellationToken.None);
            return result;
        }, cancellationToken);

    private BackupResult Write(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        var partial = System.IO.Path.Combine(directory, "." + System.IO.Path.GetFileName(path) + ".partial-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Owner-only from its creation: the copy holds members, key hashes and non-public items like node.db does.
            using (new FileStream(partial, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OperatingSystem.IsWindows() ? null : UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
            }

            var takenAt = SqlHelpers.TruncateToMs(database.Clock.GetUtcNow());
            var since = takenAt - CatchUpMargin;
            (long Seq, string Hash) head;
            using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString()))
            {
                target.Open();
                using (var source = database.OpenReader())
                {
                    source.BackupDatabase(target);
                }

                using var transaction = target.BeginTransaction();
                using (var command = SqlHelpers.Command(target, transaction, AuditChain.ReadHeadSql))
                using (var reader = command.ExecuteReader())
                {
                    head = reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0L, Migrations.GenesisHash);
                }

                // Only the copy carries the marker: the running node never asks for a catch-up, the node started on the copy does.
                // A copy of a node that has not caught up yet keeps the earlier time.
                SqlHelpers.Command(target, transaction,
                        "INSERT INTO restore_catch_up (id, since, backup_taken_at) VALUES (1, $since, $at) " +
                        "ON CONFLICT (id) DO UPDATE SET since = min(since, excluded.since), backup_taken_at = excluded.backup_taken_at")
                    .With("$since", SqlHelpers.UnixMs(since)).With("$at", SqlHelpers.UnixMs(takenAt)).ExecuteNonQuery();
                SqlHelpers.Execute(target, transaction, "INSERT INTO sqlite_sequence (name, seq) SELECT 'items', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'items')");
                SqlHelpers.Command(target, transaction, "UPDATE sqlite_sequence SET seq = seq + $jump WHERE name = 'items'").With("$jump", ItemSeqJump).ExecuteNonQuery();
                transaction.Commit();
                // One self-contained file: no write-ahead log beside it to lose when the copy is moved.
                SqlHelpers.Execute(target, null, "PRAGMA journal_mode = DELETE");
            }

            using (var written = new FileStream(partial, FileMode.Open, FileAccess.ReadWrite))
            {
                written.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: false);
            return new BackupResult(path, new FileInfo(path).Length, head.Seq, head.Hash, takenAt, since);
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
