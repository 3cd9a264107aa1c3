using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Storage;

public sealed class AuditLogTests : StorageTestBase
{
    [Fact]
    public async Task VerifyAsync_EmptyLog_Valid()
    {
        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.Equal(new AuditVerification(true, 0, 0, ""), result);
    }

    [Fact]
    public async Task VerifyAsync_UntouchedChain_ValidOpenAndFromFile()
    {
        await AppendEntriesAsync(10);

        Assert.Equal(new AuditVerification(true, 10, 0, ""), await Audit.VerifyAsync(CancellationToken.None));
        await CloseAsync();
        Assert.Equal(new AuditVerification(true, 10, 0, ""), AuditLog.VerifyFile(DatabasePath));
    }

    [Fact]
    public async Task AppendAsync_Entries_LinkedFromGenesisInOrder()
    {
        await AppendEntriesAsync(3);

        var entries = await Audit.ListAsync(0, 10, null, CancellationToken.None);

        Assert.Equal(new long[] { 1, 2, 3 }, entries.Select(e => e.Seq));
        Assert.Equal(AuditLog.GenesisHash, entries[0].PrevHash);
        Assert.Equal(entries[0].Hash, entries[1].PrevHash);
        Assert.Equal(entries[1].Hash, entries[2].PrevHash);
        Assert.Equal(3, entries.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public void ComputeHash_DocumentedCanonicalForm_Matches()
    {
        var prev = new string('a', 64);
        var canonical = $"ceptoar-audit-v1\n{prev}\n7\n1750000000123\n7:admin:x\n10:member.add\n2:m1\n7:created\n{Encoding.UTF8.GetByteCount("理由")}:理由\n";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, AuditChain.ComputeHash(prev, 7, 1_750_000_000_123, "admin:x", "member.add", "m1", "created", "理由"));
    }

    [Fact]
    public void ComputeHash_FieldBoundaryMoved_DiffersEvenWithSameConcatenation()
    {
        var a = AuditChain.ComputeHash(AuditLog.GenesisHash, 1, 0, "ab", "c", "s", "o", "d");
        var b = AuditChain.ComputeHash(AuditLog.GenesisHash, 1, 0, "a", "bc", "s", "o", "d");
        var c = AuditChain.ComputeHash(AuditLog.GenesisHash, 1, 0, "a\n2:bc", "", "s", "o", "d");

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
    }

    [Theory]
    [InlineData("UPDATE audit SET detail = 'forged' WHERE seq = 2")]
    [InlineData("DELETE FROM audit WHERE seq = 2")]
    [InlineData("DELETE FROM audit_head")]
    [InlineData("UPDATE audit_head SET seq = 1")]
    public async Task RawEdit_WithTriggersInPlace_RefusedAsAppendOnly(string sql)
    {
        await AppendEntriesAsync(3);
        using var raw = RawConnection();

        var error = Assert.Throws<SqliteException>(() => RawExecute(raw, sql));

        Assert.Contains(sql.Contains("audit_head", StringComparison.Ordinal) && sql.StartsWith("UPDATE", StringComparison.Ordinal)
            ? "audit head may only advance" : "audit log is append-only", error.Message);
    }

    [Fact]
    public async Task RawInsert_NotExtendingTheChain_Refused()
    {
        await AppendEntriesAsync(2);
        using var raw = RawConnection();

        var error = Assert.Throws<SqliteException>(() => RawExecute(raw,
            "INSERT INTO audit (seq, at, actor, action, subject, outcome, detail, prev_hash, hash) VALUES (9, 0, 'a', 'b', 'c', 'd', '', 'x', 'y')"));

        Assert.Contains("must extend the chain", error.Message);
    }

    [Fact]
    public async Task VerifyFile_EntryEditedAfterDroppingTrigger_ReportsThatEntry()
    {
        await AppendEntriesAsync(8);
        await CloseAsync();
        using (var raw = RawConnection())
        {
            RawExecute(raw, "DROP TRIGGER audit_no_update");
            RawExecute(raw, "UPDATE audit SET detail = 'nothing happened' WHERE seq = 4");
        }

        var result = AuditLog.VerifyFile(DatabasePath);

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSeq);
        Assert.Equal(3, result.EntriesChecked);
        Assert.Contains("entry 4 was edited", result.Problem);
    }

    [Fact]
    public async Task VerifyAsync_EntryRewrittenWithRecomputedHash_ReportsThatEntry()
    {
        await AppendEntriesAsync(8);
        using (var raw = RawConnection())
        {
            RawExecute(raw, "DROP TRIGGER audit_no_update");
            var entry = (await Audit.ListAsync(3, 1, null, CancellationToken.None))[0];
            var forgedHash = AuditChain.ComputeHash(entry.PrevHash, entry.Seq, entry.At.ToUnixTimeMilliseconds(), entry.Actor, entry.Action, entry.Subject, entry.Outcome, "forged");
            RawExecute(raw, "UPDATE audit SET detail = 'forged', hash = $hash WHERE seq = 4", ("$hash", forgedHash));
        }

        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Valid);
        Assert.Equal(4, result.FirstBadSeq);
        Assert.Contains("entry 5 does not link to entry 4", result.Problem);
    }

    [Fact]
    public async Task VerifyFile_MiddleEntryDeleted_ReportsTheGap()
    {
        await AppendEntriesAsync(8);
        await CloseAsync();
        using (var raw = RawConnection())
        {
            RawExecute(raw, "DROP TRIGGER audit_no_delete");
            RawExecute(raw, "DELETE FROM audit WHERE seq = 5");
        }

        var result = AuditLog.VerifyFile(DatabasePath);

        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstBadSeq);
        Assert.Contains("entry 5 is missing", result.Problem);
    }

    [Fact]
    public async Task VerifyFile_LastEntriesDeleted_DetectedThroughHead()
    {
        await AppendEntriesAsync(8);
        await CloseAsync();
        using (var raw = RawConnection())
        {
            RawExecute(raw, "DROP TRIGGER audit_no_delete");
            RawExecute(raw, "DELETE FROM audit WHERE seq >= 7");
        }

        var result = AuditLog.VerifyFile(DatabasePath);

        Assert.False(result.Valid);
        Assert.Equal(7, result.FirstBadSeq);
        Assert.Equal(6, result.EntriesChecked);
        Assert.Contains("entries after 6 are missing", result.Problem);
    }

    [Fact]
    public async Task AppendAsync_AfterLastEntryDeleted_GapStaysVisible()
    {
        await AppendEntriesAsync(5);
        using (var raw = RawConnection())
        {
            RawExecute(raw, "DROP TRIGGER audit_no_delete");
            RawExecute(raw, "DELETE FROM audit WHERE seq = 5");
        }

        await Audit.AppendAsync(new AuditRecord("node", "node.start", "-", "ok"));
        var result = await Audit.VerifyAsync(CancellationToken.None);

        Assert.False(result.Valid);
        Assert.Equal(5, result.FirstBadSeq);
        Assert.Contains("entry 5 is missing", result.Problem);
    }

    [Fact]
    public async Task ListAsync_ActionAndCursor_FilterAndPage()
    {
        await AppendEntriesAsync(6);

        var odd = await Audit.ListAsync(0, 10, "test.odd", CancellationToken.None);
        var page = await Audit.ListAsync(2, 3, null, CancellationToken.None);

        Assert.Equal(new long[] { 1, 3, 5 }, odd.Select(e => e.Seq));
        Assert.Equal(new long[] { 3, 4, 5 }, page.Select(e => e.Seq));
        Assert.Equal("detail 3", page[0].Detail);
    }

    [Fact]
    public async Task AppendAsync_Entry_StoresClockTime()
    {
        await CloseAsync();
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_456).AddTicks(1234));
        await OpenAsync(new StorageOptions { DatabasePath = DatabasePath, TimeProvider = clock });

        await Audit.AppendAsync(new AuditRecord("admin", "x", "y", "z"));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_750_000_000_456), (await Audit.ListAsync(0, 1, null, CancellationToken.None))[0].At);
    }

    [Fact]
    public void VerifyFile_NoSuchFile_ThrowsWithPath()
    {
        var path = Path.Combine(TestDirectory, "missing.db");

        var error = Assert.Throws<FileNotFoundException>(() => AuditLog.VerifyFile(path));

        Assert.Contains(path, error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void VerifyFile_NotANodeDatabase_ThrowsWithAdvice()
    {
        var path = Path.Combine(TestDirectory, "other.db");
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            other.Open();
            RawExecute(other, "CREATE TABLE unrelated (x)");
        }

        var error = Assert.Throws<InvalidDataException>(() => AuditLog.VerifyFile(path));

        Assert.Contains("not a CEPTOAR node database", error.Message);
    }

    private Task AppendEntriesAsync(int count) =>
        Task.WhenAll(Enumerable.Range(1, count).Select(i => Audit.AppendAsync(
            new AuditRecord("admin", i % 2 == 1 ? "test.odd" : "test.even", $"subject {i}", "ok", $"detail {i.ToString(CultureInfo.InvariantCulture)}"))));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
