using Ceptoar.Core.Policy;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>
/// Urgent rows overtake a backlog in the peer outboxes, the notification plans and the notification outbox (schema step
/// 12, docs/MODES.md §6), on a real SQLite file: read first, each queue in its own order, nothing read twice or skipped.
/// </summary>
public sealed class UrgentQueueTests : StorageTestBase
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddDays(1);

    private FederationStore Federation => new(Database, Audit);

    private NotifyOutboxStore Outbox => new(Database, Audit);

    private NotifyPlanStore Plans => new(Database, Outbox);

    [Fact]
    public async Task ReadOutbox_UrgentQueuedBehindABacklog_ReadFirstThenTheBacklogInItsOrder()
    {
        await QueueAsync("peer-a", Enumerable.Range(1, 5).Select(i => ($"ordinary-{i}", false)));
        await QueueAsync("peer-a", [("urgent-1", true), ("ordinary-6", false), ("urgent-2", true)]);
        // Another peer's urgent row is not this peer's.
        await QueueAsync("peer-b", [("urgent-b", true)]);

        var entries = await Federation.ReadOutboxAsync("peer-a", OutboxCursor.Start, 4, 1 << 20, CancellationToken.None);

        Assert.Equal(["urgent-1", "urgent-2", "ordinary-1", "ordinary-2"], entries.Select(e => e.DedupKey));
        Assert.Equal([true, true, false, false], entries.Select(e => e.Urgent));
    }

    [Fact]
    public async Task ReadOutbox_UrgentQueuedWhileTheBacklogIsBeingRead_NextReadTakesItThenResumesTheBacklog_EachRowOnce()
    {
        await QueueAsync("peer-a", Enumerable.Range(1, 10).Select(i => ($"ordinary-{i:00}", false)));
        var cursor = OutboxCursor.Start;
        var read = new List<string>();

        var first = await Federation.ReadOutboxAsync("peer-a", cursor, 3, 1 << 20, CancellationToken.None);
        cursor = cursor.Past(first);
        read.AddRange(first.Select(e => e.DedupKey));
        await QueueAsync("peer-a", [("urgent-1", true)]);
        while ((await Federation.ReadOutboxAsync("peer-a", cursor, 3, 1 << 20, CancellationToken.None)) is { Count: > 0 } next)
        {
            cursor = cursor.Past(next);
            read.AddRange(next.Select(e => e.DedupKey));
        }

        Assert.Equal(
            ["ordinary-01", "ordinary-02", "ordinary-03", "urgent-1", "ordinary-04", "ordinary-05", "ordinary-06", "ordinary-07", "ordinary-08", "ordinary-09", "ordinary-10"],
            read);
    }

    [Fact]
    public async Task ReadOutbox_ByteLimitReachedByUrgentRows_BacklogWaitsForTheNextRead()
    {
        await QueueAsync("peer-a", [("ordinary-1", false), ("urgent-1", true), ("urgent-2", true)], envelopeBytes: 600);

        var entries = await Federation.ReadOutboxAsync("peer-a", OutboxCursor.Start, 10, 1000, CancellationToken.None);

        Assert.Equal(["urgent-1", "urgent-2"], entries.Select(e => e.DedupKey));
    }

    [Fact]
    public async Task ReadOutbox_QueryPlans_UrgentRowsFromThePartialIndexBacklogFromThePeerIndex()
    {
        await CloseAsync();
        using var raw = RawConnection();
        // The queries FederationStore runs, as SQLite plans them: neither scans the table nor sorts.
        var urgent = Plan(raw, "SELECT o.id FROM outbox o WHERE o.peer = 'p' AND o.priority = 1 AND o.id > 0 ORDER BY o.id LIMIT 10");
        var ordinary = Plan(raw, "SELECT o.id FROM outbox o WHERE o.peer = 'p' AND o.priority = 0 AND o.id > 0 ORDER BY o.id LIMIT 10");
        var notify = Plan(raw, "SELECT o.id FROM notify_outbox o WHERE o.state = 'pending' AND o.next_at <= 5 AND o.priority = 1 ORDER BY o.next_at, o.id LIMIT 10");
        var plans = Plan(raw, "SELECT id FROM notify_plans WHERE state = 'planned' AND due_at <= 5 AND priority = 1 ORDER BY due_at, id LIMIT 10");

        Assert.Contains("INDEX outbox_urgent ", urgent);
        Assert.Contains("INDEX outbox_by_peer ", ordinary);
        Assert.Contains("INDEX notify_outbox_urgent_due ", notify);
        Assert.Contains("INDEX notify_plans_urgent_due ", plans);
        Assert.All(new[] { urgent, ordinary, notify, plans }, plan => Assert.DoesNotContain("SCAN", plan));
        Assert.DoesNotContain("TEMP B-TREE", urgent + ordinary);
    }

    [Fact]
    public async Task Migrate_Version10Outboxes_RowsKeptAsOrdinary_AnUrgentRowQueuedAfterIsReadFirst()
    {
        await QueueAsync("peer-a", [("before-1", false), ("before-2", false)]);
        await CloseAsync();
        using (var raw = RawConnection())
        {
            // The three queues as schema step 10 left them: no priority, no partial index, and no mode_changes of step 11.
            RawExecute(raw,
                "DROP TABLE item_withdrawals; DROP TABLE revocation_list; DROP TABLE mode_changes; DROP INDEX outbox_urgent; ALTER TABLE outbox DROP COLUMN priority; DROP INDEX notify_plans_urgent_due; ALTER TABLE notify_plans DROP COLUMN priority; " +
                "DROP INDEX notify_outbox_urgent_due; ALTER TABLE notify_outbox DROP COLUMN priority; DROP TABLE audit_checkpoints; DROP TABLE restore_catch_up; DROP TABLE people;");
            RawExecute(raw, "PRAGMA user_version = 10");
        }

        await OpenAsync();
        await QueueAsync("peer-a", [("after-urgent", true)]);

        Assert.Equal(Ceptoar.Node.Storage.Migrations.Steps.Count - 10, Database.MigrationsApplied);
        var entries = await Federation.ReadOutboxAsync("peer-a", OutboxCursor.Start, 10, 1 << 20, CancellationToken.None);
        Assert.Equal(["after-urgent", "before-1", "before-2"], entries.Select(e => e.DedupKey));
        Assert.Equal([true, false, false], entries.Select(e => e.Urgent));
    }

    [Fact]
    public async Task NotifyOutboxDue_UrgentRowsWrittenAfterABacklog_ComeFirst()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);
        await Database.Writer.RunAsync(work =>
        {
            Outbox.Insert(work, [.. Enumerable.Range(1, 5).Select(i => new NewNotification(Key(i), item.ItemId, $"ct-{i}", "member"))]);
            return true;
        });
        await Database.Writer.RunAsync(work =>
        {
            Outbox.Insert(work, [new NewNotification(Key(9), item.ItemId, "ct-9", "member")], urgent: true);
            return true;
        });

        var due = await Outbox.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 3, CancellationToken.None);

        Assert.Equal(["ct-9", "ct-1", "ct-2"], due.Select(r => r.ContactId));
    }

    [Fact]
    public async Task PlansDue_UrgentPlanAfterOrdinaryOnes_ExpandedFirst_ItsRowsSentFirst()
    {
        var ordinary = NewItem();
        var extreme = NewItem();
        await StoreReceivedAsync(ordinary);
        await StoreReceivedAsync(extreme);
        var now = DateTimeOffset.UtcNow;
        await Database.Writer.RunAsync(work =>
        {
            // Kind 2 is an early warning; severity 2 medium, 4 extreme (item.proto).
            Plans.Insert(work, [.. Enumerable.Range(0, 3).Select(_ => PlanOf(ordinary.ItemId, now, severity: 2))]);
            Plans.Insert(work, [PlanOf(extreme.ItemId, now, severity: 4)]);
            return true;
        });

        var due = await Plans.DueAsync(now.AddSeconds(1), 2, CancellationToken.None);
        Assert.Equal([extreme.ItemId, ordinary.ItemId], due.Select(p => p.ItemId));
        foreach (var plan in due)
        {
            await Plans.ExpandAsync(plan, _ => new PlanExpansion([new NewNotification(Core.Items.UuidV7.NewId(), plan.ItemId, "ct-" + plan.ItemId, "member")], "1"), CancellationToken.None);
        }

        // The ordinary row was written last but one: the extreme item's row still goes first.
        var rows = await Outbox.DueAsync(now.AddSeconds(5), 10, CancellationToken.None);
        Assert.Equal([extreme.ItemId, ordinary.ItemId], rows.Select(r => r.ItemId));
    }

    [Fact]
    public void PlannedItemFacts_Urgent_FollowsTheKindAndSeverity()
    {
        // Kinds and severities by their numbers in item.proto: 2 early warning, 22 mode change; 2 medium, 3 high, 4 extreme.
        Assert.True(new PlannedItemFacts(2, 2, 4, false).Urgent);
        Assert.True(new PlannedItemFacts(1, 2, 3, false).Urgent);
        Assert.True(new PlannedItemFacts(22, 1, 0, false).Urgent);
        Assert.False(new PlannedItemFacts(2, 2, 2, false).Urgent);
    }

    private static NewNotifyPlan PlanOf(string itemId, DateTimeOffset due, int severity) =>
        new(itemId, NewNotification.Notify, due, new MemberDelivery(true, [], []), null, Staff: false, new PlannedItemFacts(2, 2, severity, false));

    private static string Key(int i) => $"0193a7c2-0000-7000-8000-{i:000000000000}";

    private Task QueueAsync(string peer, IEnumerable<(string Key, bool Urgent)> rows, int envelopeBytes = 16) =>
        Database.Writer.ExecuteAsync((_, transaction) =>
        {
            foreach (var (key, urgent) in rows)
            {
                Federation.Enqueue(transaction, peer, key, key, new byte[envelopeBytes], "[]", Later, urgent);
            }

            return true;
        });

    private static string Plan(Microsoft.Data.Sqlite.SqliteConnection raw, string sql)
    {
        using var command = raw.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }

        return string.Join("\n", lines);
    }
}
