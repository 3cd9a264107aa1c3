using System.Diagnostics;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Testing;

/// <summary>What one StorageBenchmark run measured.</summary>
internal sealed record StorageBenchmarkResult(
    string Synchronous,
    int Items,
    int Concurrency,
    int EnvelopeBytes,
    TimeSpan WriteElapsed,
    double SubmissionsPerSecond,
    long Transactions,
    double OperationsPerTransaction,
    TimeSpan ReadElapsed,
    double ReadsPerSecond);

/// <summary>
/// Measures the store on a fresh database file: StoreSubmissionAsync with concurrent callers (each submission is
/// durable before its task completes), then GetForMemberAsync on pooled readers. A command anyone can rerun.
/// </summary>
internal static class StorageBenchmark
{
    private static readonly string[] Sectors = ["finance", "energy-electricity", "telecom", "railway", "medical"];

    /// <summary>Creates, fills and deletes "storage-benchmark-&lt;level&gt;.db" in directory.</summary>
    public static async Task<StorageBenchmarkResult> RunAsync(
        string directory, int items, int concurrency = 64, string synchronous = "FULL", int envelopeBytes = 1024, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        var path = Path.Combine(directory, $"storage-benchmark-{synchronous.ToLowerInvariant()}.db");
        DeleteDatabaseFiles(path);
        var batch = BuildItems(items, envelopeBytes);
        try
        {
            await using var database = await NodeDatabase.OpenAsync(new StorageOptions { DatabasePath = path, Synchronous = synchronous }, cancellationToken).ConfigureAwait(false);
            var store = new ItemStore(database, new AuditLog(database));

            var transactionsBefore = database.Writer.CommittedTransactions;
            var next = -1;
            var writeClock = Stopwatch.StartNew();
            await RunWorkersAsync(concurrency, async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < items; i = Interlocked.Increment(ref next))
                {
                    var item = batch[i];
                    await store.StoreSubmissionAsync(item.SubmittedByMember!, $"request-{i}", item, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            writeClock.Stop();
            var transactions = database.Writer.CommittedTransactions - transactionsBefore;

            next = -1;
            var readClock = Stopwatch.StartNew();
            await RunWorkersAsync(concurrency, async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < items; i = Interlocked.Increment(ref next))
                {
                    var item = batch[(int)((i * 7919L) % items)];
                    var viewer = new MemberViewer($"reader-{i % 50}", Sectors[i % Sectors.Length]);
                    _ = await store.GetForMemberAsync(item.ItemId, viewer, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            readClock.Stop();

            return new StorageBenchmarkResult(
                synchronous.ToUpperInvariant(), items, concurrency, envelopeBytes,
                writeClock.Elapsed, items / writeClock.Elapsed.TotalSeconds, transactions, (double)items / Math.Max(1, transactions),
                readClock.Elapsed, items / readClock.Elapsed.TotalSeconds);
        }
        finally
        {
            DeleteDatabaseFiles(path);
        }
    }

    private static Task RunWorkersAsync(int concurrency, Func<Task> worker) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(worker)));

    private static NewItem[] BuildItems(int count, int envelopeBytes)
    {
        var random = new Random(20140501);
        var items = new NewItem[count];
        for (var i = 0; i < count; i++)
        {
            var envelope = new byte[envelopeBytes];
            random.NextBytes(envelope);
            var sector = Sectors[i % Sectors.Length];

            // A mix like a real feed: most items to all members, some to a sector, a few to named members.
            var delivery = (i % 8) switch
            {
                < 5 => new MemberDelivery(true, [], []),
                < 7 => new MemberDelivery(false, [sector], []),
                _ => new MemberDelivery(false, [], [$"reader-{i % 50}", $"reader-{(i + 1) % 50}"]),
            };
            items[i] = new NewItem(
                Guid.CreateVersion7().ToString(),
                "bench-node",
                ItemKind.IncidentReport,
                i % 8 < 7 ? Tlp.Green : Tlp.Amber,
                Exercise: i % 10 == 0,
                $"Benchmark incident {i}: suspicious logins at a {sector} operator",
                $"Benchmark incident {i}. Repeated failed VPN logins from 203.0.113.{i % 256} against a {sector} operator; accounts locked, no compromise confirmed.",
                [sector],
                DateTimeOffset.UtcNow,
                null,
                $"member-{i % 64}",
                envelope,
                delivery);
        }

        return items;
    }

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
