using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Storage;

public sealed class WriteQueueTests : StorageTestBase
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Database.Writer.ExecuteAsync((connection, transaction) => Execute(connection, transaction,
            "CREATE TABLE t (x INTEGER PRIMARY KEY, v TEXT NOT NULL);" +
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);" +
            "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);"));
    }

    [Fact]
    public async Task ExecuteAsync_2000ConcurrentOperations_GroupedIntoFewerTransactionsWithCorrectResults()
    {
        const int count = 2000;
        var before = Database.Writer.CommittedTransactions;

        var tasks = Enumerable.Range(0, count)
            .Select(i => Task.Run(() => Database.Writer.ExecuteAsync((connection, transaction) =>
            {
                Execute(connection, transaction, "INSERT INTO t (x, v) VALUES ($x, $v)", ("$x", i), ("$v", $"value-{i}"));
                return i * 3;
            })))
            .ToList();
        var results = await Task.WhenAll(tasks).WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(0, count).Select(i => i * 3), results);
        Assert.Equal(count, RowIds().Count);
        var transactions = Database.Writer.CommittedTransactions - before;
        Assert.InRange(transactions, 1, count - 1);
    }

    [Fact]
    public async Task ExecuteAsync_OneOperationFailsInBatch_OnlyItsWorkRolledBack()
    {
        var before = Database.Writer.CommittedTransactions;
        using var gate = await HoldWriterAsync();
        var first = Insert(1);
        var failing = Database.Writer.ExecuteAsync<int>((connection, transaction) =>
        {
            Execute(connection, transaction, "INSERT INTO t (x, v) VALUES (2, 'doomed')");
            throw new InvalidOperationException("operation 2 failed");
        });
        var third = Insert(3);
        gate.Release();

        Assert.Equal(1, await first.WaitAsync(Deadline));
        Assert.Equal(3, await third.WaitAsync(Deadline));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Deadline));
        Assert.Equal("operation 2 failed", error.Message);
        Assert.Equal(new long[] { 1, 3 }, RowIds());

        // The held operation's transaction plus one for the three queued behind it.
        Assert.Equal(2, Database.Writer.CommittedTransactions - before);
    }

    [Fact]
    public async Task ExecuteAsync_FailingOperationRewroteManyPages_OnlyItsWorkRolledBack()
    {
        // 400 rows of 1 KiB span about 100 pages: rewriting them all journals far more than the 64 KiB after which
        // SQLite would otherwise move the savepoint journal to a file, so rollback is checked past that size.
        var filler = new string('x', 1024);
        await Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            for (var x = 100; x < 500; x++)
            {
                Execute(connection, transaction, "INSERT INTO t (x, v) VALUES ($x, $v)", ("$x", x), ("$v", filler));
            }

            return 0;
        });

        using var gate = await HoldWriterAsync();
        var first = Database.Writer.ExecuteAsync((connection, transaction) =>
            Execute(connection, transaction, "UPDATE t SET v = 'first' WHERE x = 100"));
        var failing = Database.Writer.ExecuteAsync<int>((connection, transaction) =>
        {
            Execute(connection, transaction, "UPDATE t SET v = upper(v) || $more", ("$more", filler));
            Execute(connection, transaction, "DELETE FROM t WHERE x % 2 = 1");
            throw new InvalidOperationException("rewrite failed");
        });
        var third = Insert(3);
        gate.Release();

        Assert.Equal(1, await first.WaitAsync(Deadline));
        Assert.Equal(3, await third.WaitAsync(Deadline));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Deadline));
        Assert.Equal([3, .. Enumerable.Range(100, 400).Select(x => (long)x)], RowIds());
        using var reader = Database.OpenReader();
        using var values = reader.CreateCommand();
        values.CommandText = "SELECT v, count(*) FROM t GROUP BY v ORDER BY v";
        using var rows = values.ExecuteReader();
        var counts = new List<(string, long)>();
        while (rows.Read())
        {
            counts.Add((rows.GetString(0), rows.GetInt64(1)));
        }

        Assert.Equal([("first", 1L), ("v", 1L), (filler, 399L)], counts);
    }

    [Fact]
    public async Task ExecuteAsync_CommitFails_EveryOperationInBatchFailsAndNothingIsKept()
    {
        using var gate = await HoldWriterAsync();
        var afterCommitRan = false;
        var valid = Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            Database.Writer.AfterCommit(() => afterCommitRan = true);
            return Execute(connection, transaction, "INSERT INTO t (x, v) VALUES (10, 'fine')");
        });

        // A deferred foreign key is only checked at COMMIT, so the operation itself succeeds and COMMIT fails.
        var orphan = Database.Writer.ExecuteAsync((connection, transaction) =>
            Execute(connection, transaction, "INSERT INTO child (id, parent) VALUES (1, 999)"));
        gate.Release();

        await Assert.ThrowsAsync<SqliteException>(() => valid.WaitAsync(Deadline));
        await Assert.ThrowsAsync<SqliteException>(() => orphan.WaitAsync(Deadline));
        Assert.False(afterCommitRan);
        Assert.Empty(RowIds());

        // The writer recovered: the next operation commits.
        Assert.Equal(11, await Insert(11).WaitAsync(Deadline));
        Assert.Equal(new long[] { 11 }, RowIds());
    }

    [Fact]
    public async Task ExecuteAsync_TransactionEndedInsideBatch_EarlierWorkFailsLaterOperationsCommit()
    {
        using var gate = await HoldWriterAsync();
        var earlier = Insert(1);
        var breaking = Database.Writer.ExecuteAsync<int>((connection, transaction) =>
        {
            // Stands in for SQLite abandoning the transaction itself (disk full, I/O error).
            Execute(connection, transaction, "ROLLBACK");
            throw new IOException("disk gone");
        });
        var later = Insert(3);
        gate.Release();

        var aborted = await Assert.ThrowsAsync<InvalidOperationException>(() => earlier.WaitAsync(Deadline));
        Assert.Contains("nothing in it was saved", aborted.Message);
        await Assert.ThrowsAsync<IOException>(() => breaking.WaitAsync(Deadline));
        Assert.Equal(3, await later.WaitAsync(Deadline));
        Assert.Equal(new long[] { 3 }, RowIds());
    }

    [Fact]
    public async Task ExecuteAsync_CancelledWhileQueued_IsRemovedAndNeverRuns()
    {
        using var gate = await HoldWriterAsync();
        using var cancellation = new CancellationTokenSource();
        var ran = false;
        var queued = Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            ran = true;
            return Execute(connection, transaction, "INSERT INTO t (x, v) VALUES (1, 'cancelled')");
        }, cancellation.Token);

        await cancellation.CancelAsync();
        gate.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Deadline));
        Assert.Equal(5, await Insert(5).WaitAsync(Deadline));
        Assert.False(ran);
        Assert.Equal(new long[] { 5 }, RowIds());
    }

    [Fact]
    public async Task ExecuteAsync_CancelledAfterItRan_ResultStands()
    {
        using var cancellation = new CancellationTokenSource();
        var result = await Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            Execute(connection, transaction, "INSERT INTO t (x, v) VALUES (7, 'kept')");
            cancellation.Cancel();
            return 7;
        }, cancellation.Token).WaitAsync(Deadline);

        Assert.Equal(7, result);
        Assert.Equal(new long[] { 7 }, RowIds());
    }

    [Fact]
    public async Task ExecuteAsync_Completed_ChangeVisibleToReadersAndCommittedRaisedFirst()
    {
        var committed = 0;
        Database.Writer.Committed += () => Interlocked.Increment(ref committed);

        await Insert(42).WaitAsync(Deadline);

        Assert.True(Volatile.Read(ref committed) >= 1);
        Assert.Equal(new long[] { 42 }, RowIds());
    }

    [Fact]
    public async Task AfterCommit_FailingOperation_ItsActionsAreDropped()
    {
        using var gate = await HoldWriterAsync();
        var keptRan = false;
        var droppedRan = false;
        var kept = Database.Writer.ExecuteAsync((_, _) =>
        {
            Database.Writer.AfterCommit(() => keptRan = true);
            return 1;
        });
        var dropped = Database.Writer.ExecuteAsync<int>((_, _) =>
        {
            Database.Writer.AfterCommit(() => droppedRan = true);
            throw new InvalidOperationException("no");
        });
        gate.Release();

        await kept.WaitAsync(Deadline);
        await Assert.ThrowsAsync<InvalidOperationException>(() => dropped.WaitAsync(Deadline));
        Assert.True(keptRan);
        Assert.False(droppedRan);
    }

    [Fact]
    public void AfterCommit_OutsideAnOperation_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Database.Writer.AfterCommit(() => { }));
    }

    [Fact]
    public async Task Committed_ThrowingSubscriber_WriterKeepsWorking()
    {
        Database.Writer.Committed += () => throw new InvalidOperationException("subscriber bug");

        Assert.Equal(1, await Insert(1).WaitAsync(Deadline));
        Assert.Equal(2, await Insert(2).WaitAsync(Deadline));
    }

    private Task<int> Insert(int x) => Database.Writer.ExecuteAsync((connection, transaction) =>
    {
        Execute(connection, transaction, "INSERT INTO t (x, v) VALUES ($x, 'v')", ("$x", x));
        return x;
    });

    /// <summary>Occupies the writer with an operation that waits for the gate, so what is queued next forms one batch.</summary>
    private async Task<WriterGate> HoldWriterAsync()
    {
        var gate = new WriterGate();
        gate.Held = Database.Writer.ExecuteAsync((_, _) =>
        {
            gate.Entered.Release();
            return gate.Open.Wait(Deadline);
        });
        Assert.True(await gate.Entered.WaitAsync(Deadline));
        return gate;
    }

    private List<long> RowIds()
    {
        using var reader = Database.OpenReader();
        using var command = reader.CreateCommand();
        command.CommandText = "SELECT x FROM t ORDER BY x";
        using var rows = command.ExecuteReader();
        var ids = new List<long>();
        while (rows.Read())
        {
            ids.Add(rows.GetInt64(0));
        }

        return ids;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private sealed class WriterGate : IDisposable
    {
        public SemaphoreSlim Entered { get; } = new(0);

        public ManualResetEventSlim Open { get; } = new();

        public Task<bool> Held { get; set; } = Task.FromResult(true);

        public void Release() => Open.Set();

        public void Dispose()
        {
            Open.Set();
            Held.Wait(Deadline);
            Entered.Dispose();
            Open.Dispose();
        }
    }
}
