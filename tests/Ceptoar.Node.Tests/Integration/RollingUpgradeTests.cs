using Ceptoar.Federation.V1;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A rolling upgrade (docs/OPERATIONS.md §6): one node of a running federation is stopped, its database is at an older
/// schema, and the node is started again on this build, which migrates the database at start. Its peers kept its items
/// in their outboxes meanwhile; they drain to it and it ends with every item exactly once.
/// </summary>
public sealed class RollingUpgradeTests : IAsyncLifetime
{
    // Schema version 12: the schema before withdraw and correct (step 13), the revocation list (14) and tamper evidence
    // and restore (15), so the restart runs three migration steps on a database that holds items and members.
    private const int OldSchemaVersion = 12;
    private const string DowngradeTo12 = "DROP TABLE item_withdrawals; DROP TABLE revocation_list; DROP TABLE audit_checkpoints; DROP TABLE restore_catch_up; DROP TABLE people;";
    private const int SchemaVersionOfThisBuild = 16;
    private const int ItemsBefore = 10;
    private const int GreenWhileDown = 20;
    private const int AmberWhileDown = 5;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static readonly ClusterNode[] Layout =
    [
        new("nisc", NodeRole.Nisc, []),
        new("bank-ceptoar", NodeRole.Secretariat, ["finance"]),
        new("electricity-ceptoar", NodeRole.Secretariat, ["electricity"]),
    ];

    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, Layout, processes: true);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Restart_NodeOnOlderSchemaWhilePeersQueuedItsItems_MigratesAndReceivesEveryItemOnce()
    {
        var tepcoKey = await _cluster["electricity-ceptoar"].AddMemberWithKeyAsync("tepco", "electricity");
        var submitter = _cluster["bank-ceptoar"].Member(await _cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var expected = new List<string>();
        for (var i = 0; i < ItemsBefore; i++)
        {
            expected.Add(await SubmitAsync(submitter, Tlp.Green, $"before {i}"));
        }

        await Until.TrueAsync(async () => (await FederationReads.StoredAsync(_cluster["electricity-ceptoar"])).Count == ItemsBefore,
            Deadline, $"electricity-ceptoar holds the {ItemsBefore} items sent before the upgrade");

        await _cluster.RestartAsync("electricity-ceptoar", async () =>
        {
            // While it is down: its database goes back to the older schema (as the older version left it), and the
            // federation goes on, so its items queue at its one peer, the hub nisc (a secretariat peers with the hubs only).
            Downgrade(Path.Combine(_cluster.DataDir("electricity-ceptoar"), "node.db"));
            for (var i = 0; i < GreenWhileDown; i++)
            {
                expected.Add(await SubmitAsync(submitter, Tlp.Green, $"while down {i}"));
            }

            // AMBER to the node by name: sealed to it at the origin and relayed by the hub, which cannot read it.
            for (var i = 0; i < AmberWhileDown; i++)
            {
                expected.Add(await SubmitAsync(submitter, Tlp.Amber, $"amber while down {i}", "electricity-ceptoar"));
            }

            await Until.TrueAsync(async () => await OutboxDepthAsync(_cluster["nisc"], "electricity-ceptoar") > 0,
                Deadline, "nisc queues items for electricity-ceptoar while it is down");
        });

        var upgraded = _cluster["electricity-ceptoar"];
        Assert.Equal(SchemaVersionOfThisBuild, SchemaVersion(Path.Combine(_cluster.DataDir("electricity-ceptoar"), "node.db")));
        await Until.TrueAsync(async () => (await FederationReads.StoredAsync(upgraded)).Count >= expected.Count,
            Deadline, $"electricity-ceptoar holds all {expected.Count} items after the upgrade");
        await Until.TrueAsync(async () => await OutboxDepthAsync(_cluster["nisc"], "electricity-ceptoar") == 0,
            Deadline, "nisc's outbox to electricity-ceptoar drains");

        var stored = await FederationReads.StoredAsync(upgraded);
        Assert.True(expected.ToHashSet().SetEquals(stored.Keys),
            $"electricity-ceptoar holds {stored.Count} items: {expected.Except(stored.Keys).Count()} missing, {stored.Keys.Except(expected).Count()} unexpected");
        Assert.Equal(AmberWhileDown, stored.Values.Count(s => s.Tlp == Tlp.Amber));

        // Who may read what, stated here: tepco (a member of electricity-ceptoar) sees every GREEN item and no AMBER one,
        // since AMBER reaches members only through a need-to-know rule and this node has none (docs/TLP.md).
        var entitled = expected.Take(ItemsBefore + GreenWhileDown).ToHashSet();
        var feed = await FederationReads.FeedAsync(upgraded.Member(tepcoKey), entitled.Count, Deadline);
        Assert.Equal(feed.Count, feed.Distinct().Count());
        Assert.True(entitled.SetEquals(feed), $"tepco's feed has {feed.Count} items, {entitled.Except(feed).Count()} of the {entitled.Count} GREEN ones missing");
        var listed = await FederationReads.ListedAsync(upgraded.Member(tepcoKey));
        Assert.True(entitled.SetEquals(listed), $"tepco's list has {listed.Count} items, {listed.Except(entitled).Count()} it is not entitled to");
    }

    private static async Task<string> SubmitAsync(MemberService.MemberServiceClient submitter, Tlp tlp, string title, string? toNode = null)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Audience = toNode is null ? new Audience { WholeFederation = true } : new Audience { Nodes = { toNode } };
        return (await submitter.SubmitAsync(Drafts.Request(draft, title.Replace(' ', '-')))).ItemId;
    }

    private static async Task<ulong> OutboxDepthAsync(RunningNode node, string peer)
    {
        var peers = await node.Admin.ListPeersAsync(new ListPeersRequest());
        return peers.Peers.Single(p => p.NodeId == peer).State.OutboxDepth;
    }

    private static void Downgrade(string databasePath)
    {
        using var connection = Open(databasePath);
        Assert.Equal(SchemaVersionOfThisBuild, SchemaVersion(connection));
        Execute(connection, DowngradeTo12 + $" PRAGMA user_version = {OldSchemaVersion};");
        Assert.Equal(OldSchemaVersion, SchemaVersion(connection));
    }

    private static int SchemaVersion(string databasePath)
    {
        using var connection = Open(databasePath);
        return SchemaVersion(connection);
    }

    private static int SchemaVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
