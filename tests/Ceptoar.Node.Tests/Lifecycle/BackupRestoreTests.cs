using System.Collections.Concurrent;
using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// Backup and restore (docs/LIFECYCLE.md §5) on real node processes, bank-ceptoar ⇄ council ⇄ electricity-ceptoar: a member
/// of bank reports to the electricity sector while electricity's staff take a backup; more reports follow; electricity is
/// killed, restored from the backup (refused over the newer database without --force), and started: the hub resends what
/// it delivered after the backup, so every report is back at electricity, and each appears once in its member's feed.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Hub = "council";
    private const string Electricity = "electricity-ceptoar";
    private const int DuringBackup = 15;
    private const int AfterBackup = 20;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static readonly ClusterNode[] Layout =
    [
        new(Hub, NodeRole.Council, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
        new(Electricity, NodeRole.Secretariat, ["electricity"]),
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
    public async Task Restore_BackupTakenWhileReportsFlowThenMoreReportsThenKilled_EveryReportBackAndEachOnceInTheMemberFeed()
    {
        var submitter = _cluster[Bank].Member(await _cluster[Bank].AddMemberWithKeyAsync("mufg-bank", "finance"));
        var tepcoKey = await _cluster[Electricity].AddMemberWithKeyAsync("tepco", "electricity");
        var sent = new ConcurrentQueue<string>();
        var backupFile = _dir.Combine("electricity-backup.db");

        // Reports flow while the backup is taken: the backup holds some of them, whichever the snapshot saw.
        var flowing = Task.Run(async () =>
        {
            for (var i = 0; i < DuringBackup; i++)
            {
                sent.Enqueue(await SubmitAsync(submitter, $"during backup {i}"));
            }
        });
        await Until.TrueAsync(() => Task.FromResult(sent.Count >= 3), Deadline, "the first reports are sent");
        var backup = await RunCliAsync("backup", backupFile);
        await flowing;
        await Until.TrueAsync(async () => (await HeldAtElectricityAsync()).IsSupersetOf(sent), Deadline, "electricity holds the reports sent during the backup");
        var afterBackup = new List<string>();
        for (var i = 0; i < AfterBackup; i++)
        {
            afterBackup.Add(await SubmitAsync(submitter, $"after backup {i}"));
        }

        await Until.TrueAsync(async () => (await HeldAtElectricityAsync()).IsSupersetOf(afterBackup), Deadline, "electricity holds the reports sent after the backup");
        var electricity = (NodeProcess)_cluster[Electricity];
        await electricity.KillAsync();
        var inCopy = ItemsInFile(backupFile);
        var refused = await RunCliAsync("restore", backupFile, "--data-dir", _cluster.DataDir(Electricity));
        var restored = await RunCliAsync("restore", backupFile, "--data-dir", _cluster.DataDir(Electricity), "--force");
        await electricity.RestartAsync();
        var all = sent.Concat(afterBackup).ToList();
        await Until.TrueAsync(async () => (await HeldAtElectricityAsync()).IsSupersetOf(all), Deadline, "every report is back at electricity");
        var feed = await FeedAsync(_cluster[Electricity].Member(tepcoKey), all.Count);

        Assert.True(backup.Code == 0, backup.Output + backup.Error);
        Assert.Contains("Backup written: " + backupFile, backup.Output, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backupFile));
        // The copy is from before the later reports: they came back from the hub, not from the file.
        Assert.Empty(inCopy.Intersect(afterBackup));
        Assert.Equal(6, refused.Code);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True(restored.Code == 0, restored.Output + restored.Error);
        Assert.Single(Directory.GetFiles(_cluster.DataDir(Electricity), "node.db.before-restore-*"), f => f.EndsWith("Z", StringComparison.Ordinal));
        Assert.Equal(all.Order(StringComparer.Ordinal), feed.Order(StringComparer.Ordinal));
        await Until.TrueAsync(async () => (await _cluster[Electricity].Admin.ListAuditAsync(new ListAuditRequest { Action = "node.catch_up", Limit = 10 })).Entries
            .Any(e => e.Outcome == "done" && e.Detail.Contains("council: ", StringComparison.Ordinal)), Deadline, "the catch-up is audited as done");
    }

    private static async Task<string> SubmitAsync(MemberService.MemberServiceClient member, string title)
    {
        var draft = Drafts.Incident(Tlp.Green, "Outage report " + title);
        draft.Audience = new Audience { Sectors = { "electricity" } };
        return (await member.SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    private async Task<HashSet<string>> HeldAtElectricityAsync()
    {
        var listed = await _cluster[Electricity].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 });
        return [.. listed.Items.Select(i => i.ItemId)];
    }

    /// <summary>The member's whole feed from the start, read until it has at least count items and then a little longer for any duplicate.</summary>
    private static async Task<List<string>> FeedAsync(MemberService.MemberServiceClient member, int count)
    {
        var ids = new List<string>();
        using var stop = new CancellationTokenSource(Deadline);
        using var stream = member.Subscribe(new SubscribeRequest { AfterCursor = 0 }, cancellationToken: stop.Token);
        while (ids.Count < count && await stream.ResponseStream.MoveNext(stop.Token))
        {
            ids.Add(stream.ResponseStream.Current.Item.Id);
        }

        // Past the expected count, the stream must have nothing more: a duplicate would come next.
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        quiet.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            while (await stream.ResponseStream.MoveNext(quiet.Token))
            {
                ids.Add(stream.ResponseStream.Current.Item.Id);
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // Nothing more arrived.
        }

        return ids;
    }

    private static HashSet<string> ItemsInFile(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT item_id FROM items";
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    private async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--lang", "en", "--time-zone", "UTC", "--socket", _cluster[Electricity].Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
