using Ceptoar.Core.Policy;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>
/// Notification plans on a real SQLite file (schema step 9): written with the item, expanded once into outbox rows after
/// the commit, kept across a close before expansion; and what step 9 keeps of a version 8 outbox.
/// </summary>
public sealed class NotifyPlanStoreTests : StorageTestBase
{
    private NotifyOutboxStore Outbox => new(Database, Audit);

    private NotifyPlanStore Plans => new(Database, Outbox);

    [Fact]
    public async Task Migrate_Version8OutboxRow_KeptWithPurposeNotify_AndAnEscalationForTheSameContactFitsBeside()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);
        await CloseAsync();
        using (var raw = RawConnection())
        {
            // The outbox as schema step 8 left it: no purpose, unique per (item, contact); no plans table; nothing of steps 10 to 12.
            RawExecute(raw, "DROP TABLE item_withdrawals; DROP TABLE notify_plans; DROP TABLE notify_outbox; ALTER TABLE receipts DROP COLUMN members_reached; DROP TABLE drill_closures; DROP TABLE exercise_runs; DROP TABLE exercise_results; DROP TABLE mode_changes; DROP TABLE revocation_list; DROP INDEX outbox_urgent; ALTER TABLE outbox DROP COLUMN priority; DROP TABLE audit_checkpoints; DROP TABLE restore_catch_up; DROP TABLE people;");
            RawExecute(raw,
                "CREATE TABLE notify_outbox (id INTEGER PRIMARY KEY, key TEXT NOT NULL, item_id TEXT NOT NULL, contact_id TEXT NOT NULL, " +
                "reader TEXT NOT NULL CHECK (reader IN ('member', 'staff')), state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')), " +
                "attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, next_at INTEGER NOT NULL, sent_at INTEGER, channel TEXT, address TEXT, " +
                "last_error TEXT, UNIQUE (item_id, contact_id)); CREATE INDEX notify_outbox_due ON notify_outbox (next_at) WHERE state = 'pending';");
            RawExecute(raw,
                "INSERT INTO notify_outbox (id, key, item_id, contact_id, reader, state, attempts, created_at, next_at, sent_at, channel, address) " +
                "VALUES (7, '0193a7c2-0000-7000-8000-000000000007', $item, 'ct-1', 'member', 'sent', 1, 1000, 1000, 2000, 'email', 'a@b.example')",
                ("$item", item.ItemId));
            RawExecute(raw, "PRAGMA user_version = 8");
        }

        await OpenAsync();

        Assert.Equal(Migrations.Steps.Count - 8, Database.MigrationsApplied);
        var kept = Assert.Single(await Outbox.ListAsync(item.ItemId, outboxOnly: false, 10, CancellationToken.None));
        Assert.Equal((7L, "0193a7c2-0000-7000-8000-000000000007", "notify", "sent", "a@b.example"), (kept.Id, kept.Key, kept.Purpose, kept.State, kept.Address));
        await Database.Writer.RunAsync(work =>
        {
            Outbox.Insert(work, [new NewNotification("0193a7c2-0000-7000-8000-000000000008", item.ItemId, "ct-1", "member", NewNotification.EscalateMember)]);
            return true;
        });
        var rows = await Outbox.ListAsync(item.ItemId, outboxOnly: false, 10, CancellationToken.None);
        Assert.Equal(["escalate-member", "notify"], rows.Select(r => r.Purpose).Order(StringComparer.Ordinal));
        Assert.Empty(await Plans.DueAsync(DateTimeOffset.UtcNow.AddYears(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Insert_UnitOfWorkFails_NoPlanAndNoItem()
    {
        var item = NewItem();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Database.Writer.RunAsync<bool>(work =>
        {
            Items.TryInsertItem(work, item);
            Plans.Insert(work, [Plan(item.ItemId, NewNotification.Notify, DateTimeOffset.UtcNow)]);
            throw new InvalidOperationException("the rest of the unit of work failed");
        }));

        Assert.Empty(await Plans.DueAsync(DateTimeOffset.UtcNow.AddYears(1), 10, CancellationToken.None));
        Assert.Null(await Items.GetAsync(item.ItemId, CancellationToken.None));
    }

    [Fact]
    public async Task Expand_SamePlanTwice_RowsWrittenOnce_SecondExpansionWritesNothing()
    {
        var item = NewItem();
        await StoreWithPlanAsync(item, NewNotification.Notify, DateTimeOffset.UtcNow);
        var plan = Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));
        var calls = 0;
        PlanExpansion Rows(IReadOnlySet<string> acknowledged)
        {
            calls++;
            return new PlanExpansion(
                [new NewNotification($"0193a7c2-0000-7000-8000-00000000010{calls}", item.ItemId, "ct-1", "member"),
                 new NewNotification($"0193a7c2-0000-7000-8000-00000000020{calls}", item.ItemId, "ct-2", "member")], "2 notifications");
        }

        var first = await Plans.ExpandAsync(plan, Rows, CancellationToken.None);
        var second = await Plans.ExpandAsync(plan, Rows, CancellationToken.None);

        Assert.Equal((true, false), (first, second));
        var rows = await Outbox.ListAsync(item.ItemId, outboxOnly: false, 10, CancellationToken.None);
        Assert.Equal(["0193a7c2-0000-7000-8000-000000000101", "0193a7c2-0000-7000-8000-000000000201"], rows.Select(r => r.Key).Order(StringComparer.Ordinal));
        var stored = Assert.Single(await Plans.ListAsync(item.ItemId, CancellationToken.None));
        Assert.Equal(("expanded", "2 notifications"), (stored.State, stored.Outcome));
        Assert.Empty(await Plans.DueAsync(DateTimeOffset.UtcNow.AddYears(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Expand_SenderAndAdminAtOnce_RowsWrittenOnce()
    {
        var item = NewItem();
        await StoreWithPlanAsync(item, NewNotification.Notify, DateTimeOffset.UtcNow);
        var plan = Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Plans.ExpandAsync(plan,
            _ => new PlanExpansion([new NewNotification(Core.Items.UuidV7.NewId(), item.ItemId, "ct-1", "member")], "1 notification"), CancellationToken.None)));

        Assert.Single(results, r => r);
        Assert.Single(await Outbox.ListAsync(item.ItemId, outboxOnly: false, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Expand_ItemNoLongerStored_NoRow_PlanCancelled()
    {
        const string Purged = "0193a7c2-0000-7000-8000-0000000000ff";
        await Database.Writer.RunAsync(work =>
        {
            Plans.Insert(work, [Plan(Purged, NewNotification.EscalateMember, DateTimeOffset.UtcNow)]);
            return true;
        });
        var plan = Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));

        var expanded = await Plans.ExpandAsync(plan,
            _ => new PlanExpansion([new NewNotification(Core.Items.UuidV7.NewId(), Purged, "ct-1", "member", NewNotification.EscalateMember)], "1 escalation"), CancellationToken.None);

        Assert.True(expanded);
        Assert.Empty(await Outbox.ListAsync(Purged, outboxOnly: false, 10, CancellationToken.None));
        Assert.Equal(("expanded", "cancelled: the item is no longer stored here"), Assert.Single(await Plans.ListAsync(Purged, CancellationToken.None)) is var p ? (p.State, p.Outcome) : default);
    }

    [Fact]
    public async Task Expand_ThousandsOfRows_PartOfThemWrittenByAnAttemptKilledBetweenChunks_EachContactOnceUnderItsFirstKey()
    {
        var item = NewItem();
        await StoreWithPlanAsync(item, NewNotification.Notify, DateTimeOffset.UtcNow);
        var plan = Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));
        // What a first attempt's first chunk left before the node died: 500 rows under their keys, the plan still planned.
        await Database.Writer.RunAsync(work =>
        {
            Outbox.Insert(work, [.. Enumerable.Range(0, 500).Select(i => new NewNotification($"first-{i:D4}", item.ItemId, $"ct-{i:D4}", "member"))]);
            return true;
        });

        var expanded = await Plans.ExpandAsync(plan,
            _ => new PlanExpansion([.. Enumerable.Range(0, 1_200).Select(i => new NewNotification($"again-{i:D4}", item.ItemId, $"ct-{i:D4}", "member"))], "1200 notifications"),
            CancellationToken.None);

        Assert.True(expanded);
        var rows = await Outbox.ListAsync(item.ItemId, outboxOnly: false, 2_000, CancellationToken.None);
        Assert.Equal(1_200, rows.Select(r => r.ContactId).Distinct().Count());
        Assert.Equal(1_200, rows.Count);
        Assert.All(rows, r => Assert.Equal(int.Parse(r.ContactId[3..], System.Globalization.CultureInfo.InvariantCulture) < 500 ? "first-" + r.ContactId[3..] : "again-" + r.ContactId[3..], r.Key));
        Assert.Equal("expanded", Assert.Single(await Plans.ListAsync(item.ItemId, CancellationToken.None)).State);
    }

    [Fact]
    public async Task Expand_ExpansionThrows_NoRowAndThePlanStillDue()
    {
        var item = NewItem();
        await StoreWithPlanAsync(item, NewNotification.Notify, DateTimeOffset.UtcNow);
        var plan = Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Plans.ExpandAsync(plan, _ => throw new InvalidOperationException("contacts unreadable"), CancellationToken.None));

        Assert.Empty(await Outbox.ListAsync(item.ItemId, outboxOnly: false, 10, CancellationToken.None));
        Assert.Equal(plan.Id, Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Expand_DatabaseClosedAfterTheItemsCommit_PlanDueAfterReopen_WithTheDeliveryItWasPlannedFor()
    {
        var item = NewItem();
        var due = DateTimeOffset.UtcNow.AddMinutes(30);
        await StoreWithPlanAsync(item, NewNotification.EscalateMember, due, new MemberDelivery(false, ["finance", "energy"], ["tepco"]), skip: "mizuho-bank");

        await ReopenAsync();

        Assert.Empty(await Plans.DueAsync(due.AddSeconds(-1), 10, CancellationToken.None));
        Assert.Equal(due.ToUnixTimeMilliseconds(), (await Plans.NextDueAsync(CancellationToken.None))?.ToUnixTimeMilliseconds());
        var plan = Assert.Single(await Plans.DueAsync(due, 10, CancellationToken.None));
        Assert.Equal((item.ItemId, "escalate-member", "mizuho-bank", false), (plan.ItemId, plan.Purpose, plan.SkipMember, plan.Staff));
        Assert.False(plan.Delivery.AllMembers);
        Assert.Equal(["finance", "energy"], plan.Delivery.Sectors);
        Assert.Equal(["tepco"], plan.Delivery.Members);
        Assert.Equal(new PlannedItemFacts(2, 3, 4, true), plan.Facts);
    }

    [Fact]
    public async Task Expand_MemberAcknowledgedBeforeTheExpansion_ExpansionSeesIt()
    {
        var item = NewItem(delivery: ToAll);
        await StoreWithPlanAsync(item, NewNotification.EscalateMember, DateTimeOffset.UtcNow);
        await Items.AcknowledgeAsync(item.ItemId, "resona-bank", "read", CancellationToken.None);
        var plan = Assert.Single(await Plans.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));
        IReadOnlySet<string>? seen = null;

        await Plans.ExpandAsync(plan, acknowledged => { seen = acknowledged; return new PlanExpansion([], "cancelled"); }, CancellationToken.None);

        Assert.Equal(["resona-bank"], seen!);
    }

    private static NewNotifyPlan Plan(string itemId, string purpose, DateTimeOffset due, MemberDelivery? delivery = null, string? skip = null) =>
        new(itemId, purpose, due, delivery ?? new MemberDelivery(true, [], []), skip, Staff: false, new PlannedItemFacts(2, 3, 4, true));

    private Task StoreWithPlanAsync(NewItem item, string purpose, DateTimeOffset due, MemberDelivery? delivery = null, string? skip = null) =>
        Database.Writer.RunAsync(work =>
        {
            Items.TryInsertItem(work, item);
            Plans.Insert(work, [Plan(item.ItemId, purpose, due, delivery, skip)]);
            return true;
        });
}
