using Ceptoar.Federation.V1;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// When a node hands its audit chain's head to its hub (docs/LIFECYCLE.md §4), on real in-process nodes bank-ceptoar ⇄
/// council sharing a clock the test moves forward: at start, once the period (Federation:AuditCheckpointMinutes = 5) has
/// passed, and at shutdown; each time the hub holds exactly the head bank's audit log shows.
/// </summary>
public sealed class CheckpointTimingTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Hub = "council";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly ClusterNode[] Layout =
    [
        new(Hub, NodeRole.Council, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
    ];

    private readonly TestDirectory _dir = new();
    private readonly JumpClock _clock = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(_dir.Path, Layout, processes: false, configure: (_, s) => s["Federation:AuditCheckpointMinutes"] = "5", clock: _clock);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Checkpoints_AtStartAfterThePeriodAndAtShutdown_TheHubHoldsEachHeadAsBanksLogShowsIt()
    {
        var bank = _cluster[Bank];
        await Until.TrueAsync(() => Task.FromResult(Held().Count > 0), Deadline, "the hub holds bank's head at start");
        var atStart = Held();

        await bank.AddMemberWithKeyAsync("mufg-bank");
        var beforePeriod = await HeadAsync();
        _clock.Advance(TimeSpan.FromMinutes(6));
        // The checkpoint carries the head when it is signed: that head, or a later one if the node audited more meanwhile.
        await Until.TrueAsync(() => Task.FromResult(Held().Keys.Any(seq => seq >= beforePeriod.Seq)), Deadline, "the hub holds bank's head after the period");
        var afterPeriod = Held();
        var periodSeq = afterPeriod.Keys.Max();

        await bank.AddMemberWithKeyAsync("mizuho-bank");
        var beforeStop = await HeadAsync();
        // Shorter than the period: only the shutdown checkpoint can bring this head (or a later one) to the hub.
        Assert.DoesNotContain(Held().Keys, seq => seq >= beforeStop.Seq);
        await bank.DisposeAsync();
        _cluster.Nodes.Remove(Bank);
        var afterStop = Held();
        var stopSeq = afterStop.Keys.Max();

        Assert.Single(atStart);
        Assert.Equal(beforePeriod.Hash, BankHash(beforePeriod.Seq));
        Assert.Equal(BankHash(periodSeq), afterPeriod[periodSeq]);
        Assert.True(stopSeq >= beforeStop.Seq, $"the newest checkpoint at the hub is at {stopSeq}, before the head {beforeStop.Seq} bank had when it stopped");
        Assert.Equal(BankHash(stopSeq), afterStop[stopSeq]);
    }

    /// <summary>The hash of bank's audit entry at a sequence number, read from its own database file (it may be stopped).</summary>
    private string BankHash(long seq)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_cluster.DataDir(Bank), "node.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM audit WHERE seq = $seq";
        command.Parameters.AddWithValue("$seq", seq);
        return command.ExecuteScalar() as string ?? $"(no entry {seq} in bank's log)";
    }

    private async Task<(long Seq, string Hash)> HeadAsync()
    {
        var entries = (await _cluster[Bank].Admin.ListAuditAsync(new ListAuditRequest { Limit = 1000 })).Entries;
        return ((long)entries[^1].Seq, entries[^1].Hash);
    }

    /// <summary>What the hub keeps of bank's chain (seq → hash), read from the hub's database file.</summary>
    private Dictionary<long, string> Held()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_cluster.DataDir(Hub), "node.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit_checkpoints WHERE node_id = 'bank-ceptoar'";
        using var reader = command.ExecuteReader();
        var held = new Dictionary<long, string>();
        while (reader.Read())
        {
            held[reader.GetInt64(0)] = reader.GetString(1);
        }

        return held;
    }
}
