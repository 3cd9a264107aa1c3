using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>Schema step 5 (every acknowledgement counts): what it keeps from a version 4 database, and staff acknowledgements.</summary>
public sealed class AcknowledgementStorageTests : StorageTestBase
{
    [Fact]
    public async Task Migrate_Version4ReceiptsWithAcknowledgements_EachKeptAsTheFirstAcknowledgementOfItsNodeAndASecretMade()
    {
        await CloseAsync();
        using (var raw = RawConnection())
        {
            RawExecute(raw, "DROP TABLE item_withdrawals; DROP TABLE receipt_acknowledgements; DROP TABLE staff_acknowledgements; DROP TABLE node_secrets; DROP TABLE notify_plans; DROP TABLE notify_outbox; DROP TABLE contacts; ALTER TABLE members DROP COLUMN language; ALTER TABLE receipts DROP COLUMN members_reached; DROP TABLE drill_closures; DROP TABLE exercise_runs; DROP TABLE exercise_results; DROP TABLE mode_changes; DROP TABLE revocation_list; DROP INDEX outbox_urgent; ALTER TABLE outbox DROP COLUMN priority; DROP TABLE audit_checkpoints; DROP TABLE restore_catch_up; DROP TABLE people;");
            RawExecute(raw, "INSERT INTO receipts (item_id, recipient_node, delivered_at, acknowledged_at, acknowledged_by) VALUES ('i-1', 'electricity-ceptoar', 1000, 2000, 'member:tepco')");
            RawExecute(raw, "INSERT INTO receipts (item_id, recipient_node, delivered_at) VALUES ('i-1', 'local-gov-ceptoar', 1500)");
            RawExecute(raw, "PRAGMA user_version = 4");
        }

        await OpenAsync();

        Assert.Equal(Migrations.Steps.Count - 4, Database.MigrationsApplied);
        var received = await new AcknowledgementStore(Database).ReceivedAsync("i-1", CancellationToken.None);
        var only = Assert.Single(received);
        Assert.Equal(("electricity-ceptoar", "member:tepco", "member:tepco", 2000L), (only.RecipientNode, only.Acknowledger, only.AcknowledgedBy, only.At.ToUnixTimeMilliseconds()));
        Assert.Equal(32, (await new AcknowledgementStore(Database).PseudonymKeyAsync()).Length);
    }

    [Fact]
    public async Task AcknowledgeByStaff_SamePersonTwiceOtherPersonOnce_FirstTimeKeptPerPerson()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);
        var store = new AcknowledgementStore(Database);
        var first = DateTimeOffset.UtcNow;

        var results = await Database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var work = new UnitOfWork(connection, transaction);
            return new[]
            {
                store.AcknowledgeByStaff(work, item.ItemId, "yamada", "first", first),
                store.AcknowledgeByStaff(work, item.ItemId, "yamada", "again", first.AddMinutes(5)),
                store.AcknowledgeByStaff(work, item.ItemId, "sato", "", first.AddMinutes(6)),
            };
        });

        Assert.Equal([false, true, false], results.Select(r => r.AlreadyAcknowledged));
        Assert.Equal(results[0].AcknowledgedAt, results[1].AcknowledgedAt);
        Assert.Equal(first.ToUnixTimeMilliseconds(), results[1].AcknowledgedAt.ToUnixTimeMilliseconds());
        using var raw = RawConnection();
        Assert.Equal("first", RawScalar(raw, $"SELECT note FROM staff_acknowledgements WHERE item_id = '{item.ItemId}' AND staff_name = 'yamada'"));
        Assert.Equal(2L, RawScalar(raw, $"SELECT count(*) FROM staff_acknowledgements WHERE item_id = '{item.ItemId}'"));
    }

    [Fact]
    public async Task AcknowledgeByStaff_UnknownItem_KeyNotFoundAndNothingWritten()
    {
        var store = new AcknowledgementStore(Database);

        await Assert.ThrowsAsync<KeyNotFoundException>(() => Database.Writer.ExecuteAsync((connection, transaction) =>
            store.AcknowledgeByStaff(new UnitOfWork(connection, transaction), "0195a1b2-0000-7000-8000-00000000dead", "yamada", "", DateTimeOffset.UtcNow)));

        using var raw = RawConnection();
        Assert.Equal(0L, RawScalar(raw, "SELECT count(*) FROM staff_acknowledgements"));
    }
}
