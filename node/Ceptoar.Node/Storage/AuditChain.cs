using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>The audit hash chain's canonical form and its verification. Pure apart from reading rows.</summary>
internal static class AuditChain
{
    public const string ReadHeadSql = "SELECT seq, hash FROM audit_head WHERE id = 1";

    private const string Domain = "ceptoar-audit-v1";

    /// <summary>
    /// hash = lowercase hex SHA-256 of the UTF-8 bytes of:
    /// <code>
    /// "ceptoar-audit-v1\n"
    /// prev_hash "\n"                     64 lowercase hex chars (genesis: 64 zeros)
    /// seq "\n"                           decimal, no sign, no leading zeros
    /// at "\n"                            unix milliseconds, decimal (may be negative only for pre-1970 clocks)
    /// then for actor, action, subject, outcome, detail in that order:
    ///   byte-length ":" value "\n"       byte-length = decimal count of the value's UTF-8 bytes
    /// </code>
    /// The length prefixes make the form unambiguous whatever the fields contain (newlines, colons, digits).
    /// </summary>
    public static string ComputeHash(string prevHash, long seq, long atUnixMs, string actor, string action, string subject, string outcome, string detail)
    {
        var text = new StringBuilder(256)
            .Append(Domain).Append('\n')
            .Append(prevHash).Append('\n')
            .Append(seq.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(atUnixMs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var field in (ReadOnlySpan<string>)[actor, action, subject, outcome, detail])
        {
            text.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Walks the whole chain in one read transaction (a consistent snapshot) and reports the first problem.</summary>
    public static AuditVerification Verify(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var (headSeq, headHash) = ReadHead(connection, transaction);

        var expectedSeq = 1L;
        var expectedPrev = Migrations.GenesisHash;
        var checkedCount = 0L;
        using (var command = SqlHelpers.Command(connection, transaction,
            "SELECT seq, at, actor, action, subject, outcome, detail, prev_hash, hash FROM audit ORDER BY seq"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var entry = AuditLog.ReadEntry(reader);
                if (entry.Seq != expectedSeq)
                {
                    return entry.Seq > expectedSeq
                        ? Bad(checkedCount, expectedSeq, $"{Missing(expectedSeq, entry.Seq - 1)}: the log jumps from entry {expectedSeq - 1} to entry {entry.Seq}.")
                        : Bad(checkedCount, entry.Seq, $"entry {entry.Seq} is out of order or duplicated (expected entry {expectedSeq}).");
                }

                var recomputed = ComputeHash(entry.PrevHash, entry.Seq, SqlHelpers.UnixMs(entry.At), entry.Actor, entry.Action, entry.Subject, entry.Outcome, entry.Detail);
                if (!string.Equals(recomputed, entry.Hash, StringComparison.Ordinal))
                {
                    return Bad(checkedCount, entry.Seq, $"entry {entry.Seq} was edited: its stored hash does not match its contents.");
                }

                if (!string.Equals(entry.PrevHash, expectedPrev, StringComparison.Ordinal))
                {
                    // Entry N is self-consistent but does not link to N - 1: N - 1 was rewritten with a fresh hash (or
                    // N was forged onto another chain). Name the earlier entry, the first one that can be wrong.
                    var suspect = Math.Max(1, entry.Seq - 1);
                    return Bad(checkedCount, suspect,
                        $"entry {entry.Seq} does not link to entry {entry.Seq - 1}: entry {suspect} was rewritten or replaced.");
                }

                checkedCount++;
                expectedPrev = entry.Hash;
                expectedSeq++;
            }
        }

        var lastSeq = expectedSeq - 1;
        if (headSeq is null)
        {
            return Bad(checkedCount, lastSeq + 1, "the audit head record is missing, so removal of the newest entries cannot be ruled out.");
        }

        if (headSeq > lastSeq)
        {
            return Bad(checkedCount, lastSeq + 1, $"entries after {lastSeq} are missing: the head records entry {headSeq} but the log ends at entry {lastSeq}.");
        }

        if (headSeq < lastSeq || !string.Equals(headHash, expectedPrev, StringComparison.Ordinal))
        {
            return Bad(checkedCount, headSeq < lastSeq ? headSeq.Value + 1 : lastSeq,
                $"the audit head (entry {headSeq}, hash {headHash}) does not match the newest entry {lastSeq}: the head or the newest entries were altered.");
        }

        return new AuditVerification(true, checkedCount, 0, "");
    }

    private static (long? Seq, string Hash) ReadHead(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = SqlHelpers.Command(connection, transaction, ReadHeadSql);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (null, "");
    }

    private static string Missing(long from, long to) =>
        from == to ? $"entry {from} is missing" : $"entries {from} to {to} are missing";

    private static AuditVerification Bad(long checkedCount, long seq, string problem) =>
        new(false, checkedCount, seq, problem + " Restore the database from a backup and compare, and treat the node's history since then as suspect.");
}
