using Ceptoar.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Storage;

public sealed class NodeDatabaseTests : StorageTestBase
{
    [Fact]
    public void OpenAsync_NewFile_AppliesEveryMigration()
    {
        Assert.Equal(Migrations.Steps.Count, Database.SchemaVersion);
        Assert.Equal(Migrations.Steps.Count, Database.MigrationsApplied);
    }

    [Fact]
    public async Task OpenAsync_Reopen_AppliesNothing()
    {
        await ReopenAsync();

        Assert.Equal(0, Database.MigrationsApplied);
        Assert.Equal(Migrations.Steps.Count, Database.SchemaVersion);
        await CloseAsync();
        using var raw = RawConnection();
        Assert.Equal((long)Migrations.Steps.Count, RawScalar(raw, "PRAGMA user_version"));
    }

    [Fact]
    public async Task OpenAsync_SchemaNewerThanNode_RefusesWithAdvice()
    {
        await CloseAsync();
        using (var raw = RawConnection())
        {
            RawExecute(raw, $"PRAGMA user_version = {Migrations.Steps.Count + 1}");
        }

        var error = await Assert.ThrowsAsync<DatabaseTooNewException>(() => OpenAsync());
        Assert.Contains("newer node", error.Message);
    }

    [Theory]
    [InlineData("FULL", 2L)]
    [InlineData("NORMAL", 1L)]
    public async Task OpenAsync_Pragmas_WalForeignKeysAndSynchronousFromOptions(string synchronous, long expectedLevel)
    {
        await CloseAsync();
        await OpenAsync(Options(synchronous));

        var pragmas = await Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            object? Read(string pragma)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"PRAGMA {pragma}";
                return command.ExecuteScalar();
            }

            return (Journal: Read("journal_mode"), ForeignKeys: Read("foreign_keys"), Synchronous: Read("synchronous"), BusyTimeout: Read("busy_timeout"),
                TempStore: Read("temp_store"));
        });

        Assert.Equal("wal", pragmas.Journal);
        Assert.Equal(1L, pragmas.ForeignKeys);
        Assert.Equal(expectedLevel, pragmas.Synchronous);
        Assert.Equal(5000L, pragmas.BusyTimeout);
        // 2 = MEMORY: the savepoint (statement) journal of each operation stays off the disk.
        Assert.Equal(2L, pragmas.TempStore);
    }

    [Theory]
    [InlineData("OFF")]
    [InlineData("FULL; DROP TABLE items")]
    public async Task OpenAsync_UnsupportedSynchronous_Throws(string synchronous)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NodeDatabase.OpenAsync(Options(synchronous), CancellationToken.None));
        Assert.Contains("FULL, NORMAL, EXTRA", error.Message);
    }

    [Fact]
    public void OpenReader_Write_IsRefused()
    {
        using var reader = Database.OpenReader();
        using var command = reader.CreateCommand();
        command.CommandText = "INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, '')";

        var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY
    }

    [Fact]
    public async Task DisposeAsync_ThenExecute_FailsAsDisposed()
    {
        var writer = Database.Writer;
        await CloseAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.ExecuteAsync((_, _) => 1));
    }

    [Fact]
    public async Task DisposeAsync_QueuedOperations_AllCommitBeforeClose()
    {
        var stores = Enumerable.Range(0, 200).Select(i => SubmitAsync("m1", NewItem())).ToList();
        await CloseAsync();

        var outcomes = await Task.WhenAll(stores).WaitAsync(Deadline);
        await OpenAsync();
        var counts = await Items.CountAsync(CancellationToken.None);
        Assert.Equal(200, counts.Items);
        Assert.Equal(outcomes.Max(o => o.Seq), Items.LastSeq);
    }

    [Fact]
    public async Task DisposeAsync_AllConnectionsClosed_WalCheckpointedAway()
    {
        await SubmitAsync("m1", NewItem());
        using (Database.OpenReader())
        {
        }

        await CloseAsync();

        // The last connection to close checkpoints and deletes the WAL: proof no pooled reader was left open.
        Assert.False(File.Exists(DatabasePath + "-wal"));
    }
}
