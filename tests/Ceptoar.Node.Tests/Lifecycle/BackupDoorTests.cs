using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// The backup door of the admin API and the restore command (docs/LIFECYCLE.md §5) on a real node: the copy is owner-only,
/// holds the audit head the answer names, carries the restore marker and no write-ahead log; hostile paths are refused
/// with the exact status and what to do, in English and Japanese, and leave no file; restore refuses files that are not
/// node databases and a running node, changing nothing.
/// </summary>
public sealed class BackupDoorTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("bank"));
        await _node.AddMemberWithKeyAsync("mufg-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Backup_WritableDirectory_OwnerOnlyCopyHoldingTheNamedAuditHeadAndTheRestoreMarkerAudited()
    {
        var file = _dir.Combine("copies", "bank.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var lastBefore = (await _node.Admin.ListAuditAsync(new ListAuditRequest { AfterSeq = 0, Limit = 1000 })).Entries[^1];

        var answer = await _node.Admin.BackupAsync(new BackupRequest { Path = file });

        Assert.Equal(file, answer.Path);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(new FileInfo(file).Length, (long)answer.Bytes);
        Assert.Equal([file], Directory.GetFiles(Path.GetDirectoryName(file)!));
        // The copy's head is the live log's newest entry when the copy was taken (nothing else was written meanwhile).
        Assert.Equal((lastBefore.Seq, lastBefore.Hash), (answer.AuditSeq, answer.AuditHash));
        Assert.True(AuditLog.VerifyFile(file).Valid);
        using (var copy = Open(file))
        {
            Assert.Equal(answer.CatchUpSince.ToDateTimeOffset().ToUnixTimeMilliseconds(), Scalar(copy, "SELECT since FROM restore_catch_up"));
            Assert.Equal("delete", Scalar(copy, "PRAGMA journal_mode"));
        }

        Assert.True(answer.TakenAt.ToDateTimeOffset() - answer.CatchUpSince.ToDateTimeOffset() == TimeSpan.FromMinutes(15));
        var audited = (await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "node.backup" })).Entries.Single();
        Assert.Equal(file, audited.Subject);
        Assert.Contains($"audit head {lastBefore.Seq} {lastBefore.Hash}", audited.Detail, StringComparison.Ordinal);
        // The running node's own database carries no marker: only a node started on the copy asks its peers to resend.
        using var live = Open(Path.Combine(_dir.Combine("bank"), "node.db"));
        Assert.Equal(0L, Scalar(live, "SELECT count(*) FROM restore_catch_up"));
    }

    [Theory]
    [InlineData("empty", "en", StatusCode.InvalidArgument, "path: is missing: give the absolute path")]
    [InlineData("relative", "en", StatusCode.InvalidArgument, "is not an absolute file path")]
    [InlineData("node.db", "en", StatusCode.InvalidArgument, "is the node's own database")]
    [InlineData("no directory", "en", StatusCode.FailedPrecondition, "does not exist: create it")]
    [InlineData("exists", "en", StatusCode.AlreadyExists, "already exists: a backup never replaces a file")]
    [InlineData("not writable", "en", StatusCode.FailedPrecondition, "The node cannot write the backup in")]
    [InlineData("not writable", "ja", StatusCode.FailedPrecondition, "にバックアップを書き込めません")]
    [InlineData("exists", "ja", StatusCode.AlreadyExists, "バックアップは既存のファイルを置き換えません")]
    public async Task Backup_HostilePath_ExactStatusAndWhatToDoInTheCallersLanguageAndNoFileLeft(string path, string language, StatusCode code, string expected)
    {
        var existing = _dir.Combine("exists.db");
        await File.WriteAllTextAsync(existing, "keep me");
        var readOnly = Environment.IsPrivilegedProcess ? "/sys" : _dir.Combine("read-only");
        if (!Environment.IsPrivilegedProcess)
        {
            Directory.CreateDirectory(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        var target = path switch
        {
            "empty" => "",
            "relative" => "copies/bank.db",
            "node.db" => Path.Combine(_dir.Combine("bank"), "node.db"),
            "no directory" => _dir.Combine("no-such-dir", "bank.db"),
            "exists" => existing,
            _ => Path.Combine(readOnly, "bank.db"),
        };
        var before = Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            _node.Admin.BackupAsync(new BackupRequest { Path = target }, new Metadata { { "accept-language", language } }).ResponseAsync);

        Assert.Equal(code, refused.StatusCode);
        Assert.Contains(expected, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFileSystemEntries(_dir.Path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
        Assert.Empty(Directory.GetFiles(readOnly, "*.partial-*"));
    }

    [Theory]
    [InlineData("text file", 1, "is not an SQLite database")]
    [InlineData("empty file", 1, "is not an SQLite database")]
    [InlineData("other SQLite database", 1, "but not a CEPTOAR node's")]
    [InlineData("no such file", 1, "No backup file at")]
    [InlineData("node running", 6, "A node is running on")]
    public async Task Restore_NotANodeBackupOrNodeRunning_RefusedWithTheReasonAndTheDataDirectoryUnchanged(string what, int exitCode, string expected)
    {
        var source = _dir.Combine("source.db");
        switch (what)
        {
            case "text file": await File.WriteAllTextAsync(source, new string('x', 4096)); break;
            case "empty file": await File.WriteAllBytesAsync(source, []); break;
            case "other SQLite database":
                using (var other = new SqliteConnection($"Data Source={source};Pooling=False"))
                {
                    other.Open();
                    using var create = other.CreateCommand();
                    create.CommandText = "CREATE TABLE notes (text TEXT)";
                    create.ExecuteNonQuery();
                }

                break;
            case "node running": _ = await _node.Admin.BackupAsync(new BackupRequest { Path = source }); break;
        }

        var dataDir = _dir.Combine("bank");
        var before = Snapshot(dataDir);

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["restore", source, "--data-dir", dataDir, "--force", "--lang", "en"], output, error);

        Assert.Equal(exitCode, code);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(dataDir));
    }

    [Fact]
    public async Task Restore_IntoAnEmptyDataDirectory_TheCopyInPlaceByteForByteOwnerOnlyAndNothingElse()
    {
        var file = _dir.Combine("bank-copy.db");
        await _node.Admin.BackupAsync(new BackupRequest { Path = file });
        var target = _dir.Combine("restored");

        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(["restore", file, "--data-dir", target, "--lang", "ja"], output, error);

        Assert.True(code == 0, error.ToString());
        Assert.Contains("として復元しました", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(target, "node.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(target, "node.db")));
        Assert.Equal(["node.db"], Directory.GetFiles(target).Select(Path.GetFileName));
    }

    private static List<(string Name, long Length, DateTime Written)> Snapshot(string directory) =>
        [.. Directory.GetFiles(directory).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal) && !f.EndsWith("-wal", StringComparison.Ordinal))
            .Select(f => (Path.GetFileName(f), new FileInfo(f).Length, File.GetLastWriteTimeUtc(f))).Order()];

    private static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
