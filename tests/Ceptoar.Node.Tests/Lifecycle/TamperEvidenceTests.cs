using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// Tamper evidence off the node (docs/LIFECYCLE.md §4) on real node processes, bank-ceptoar ⇄ council: bank's signed
/// audit checkpoints reach the hub; `audit verify --against-peers` passes; then someone with the database file rewrites
/// an old audit entry and recomputes the whole chain (raw SQLite, triggers dropped), so the local walk passes again, and
/// `audit verify --against-peers` fails naming the first checkpoint the hub holds that the chain no longer has.
/// </summary>
public sealed class TamperEvidenceTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Hub = "council";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly ClusterNode[] Layout =
    [
        new(Hub, NodeRole.Council, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
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
    public async Task AuditVerifyAgainstPeers_ChainRewrittenAndRecomputedAfterACheckpoint_PassesBeforeFailsAfterNamingTheCheckpoint()
    {
        var bank = _cluster[Bank];
        await Until.TrueAsync(async () => (await HeldAtHubAsync()).Count > 0, Deadline, "the hub holds a checkpoint of bank-ceptoar's chain");
        await bank.AddMemberWithKeyAsync("mufg-bank");
        var before = await RunCliAsync("audit", "verify", "--against-peers");
        var held = await HeldAtHubAsync();

        await ((NodeProcess)bank).KillAsync();
        const long Rewritten = 1;
        RewriteAndRecompute(Path.Combine(_cluster.DataDir(Bank), "node.db"), Rewritten);
        await ((NodeProcess)bank).RestartAsync();
        var local = await bank.Admin.VerifyAuditAsync(new VerifyAuditRequest());
        var after = await RunCliAsync("audit", "verify", "--against-peers");

        Assert.True(before.Code == 0, before.Output + before.Error);
        Assert.Contains("council", before.Output, StringComparison.Ordinal);
        Assert.Contains("matched", before.Output, StringComparison.Ordinal);
        // The rewrite is a good one: the chain alone verifies.
        Assert.True(local.Valid, local.Problem);
        Assert.Equal(3, after.Code);
        var first = held.Keys.Where(seq => seq >= Rewritten).Min();
        Assert.Contains($"the checkpoint of entry {first} signed at ", after.Output, StringComparison.Ordinal);
        Assert.Contains($"held by council records hash {held[first]}", after.Output, StringComparison.Ordinal);
        Assert.Contains("MISMATCH", after.Output, StringComparison.Ordinal);
    }

    /// <summary>The checkpoints of bank-ceptoar's chain the hub keeps (seq → hash), read from the hub's own database file.</summary>
    private Task<Dictionary<long, string>> HeldAtHubAsync()
    {
        var held = new Dictionary<long, string>();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_cluster.DataDir(Hub), "node.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit_checkpoints WHERE node_id = 'bank-ceptoar'";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            held[reader.GetInt64(0)] = reader.GetString(1);
        }

        return Task.FromResult(held);
    }

    /// <summary>What an intruder with the file does: edits one entry, recomputes every hash after it and the head.</summary>
    private static void RewriteAndRecompute(string database, long seq)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var triggers = new List<string>();
        using (var command = Command(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('audit', 'audit_head')"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                triggers.Add(reader.GetString(0));
            }
        }

        foreach (var trigger in triggers)
        {
            Command(connection, transaction, $"DROP TRIGGER \"{trigger}\"").ExecuteNonQuery();
        }

        var rows = new List<(long Seq, long At, string Actor, string Action, string Subject, string Outcome, string Detail, string Prev)>();
        using (var command = Command(connection, transaction, "SELECT seq, at, actor, action, subject, outcome, detail, prev_hash FROM audit ORDER BY seq"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }
        }

        var prev = rows.Single(r => r.Seq == seq).Prev;
        foreach (var row in rows.Where(r => r.Seq >= seq))
        {
            var detail = row.Seq == seq ? row.Detail + " (nothing happened here)" : row.Detail;
            var hash = Hash(prev, row.Seq, row.At, row.Actor, row.Action, row.Subject, row.Outcome, detail);
            using var update = Command(connection, transaction, "UPDATE audit SET detail = $detail, prev_hash = $prev, hash = $hash WHERE seq = $seq");
            update.Parameters.AddWithValue("$detail", detail);
            update.Parameters.AddWithValue("$prev", prev);
            update.Parameters.AddWithValue("$hash", hash);
            update.Parameters.AddWithValue("$seq", row.Seq);
            update.ExecuteNonQuery();
            prev = hash;
        }

        using (var head = Command(connection, transaction, "UPDATE audit_head SET hash = $hash WHERE id = 1"))
        {
            head.Parameters.AddWithValue("$hash", prev);
            head.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The chain's canonical hash (domain, previous hash, seq, time, length-prefixed fields), written again here rather than taken from the node.</summary>
    private static string Hash(string prev, long seq, long at, params string[] fields)
    {
        var text = new StringBuilder("ceptoar-audit-v1\n").Append(prev).Append('\n')
            .Append(seq.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(at.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var field in fields)
        {
            text.Append(Encoding.UTF8.GetByteCount(field).ToString(CultureInfo.InvariantCulture)).Append(':').Append(field).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", "en", "--time-zone", "UTC", "--timeout", "60", "--socket", _cluster[Bank].Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
