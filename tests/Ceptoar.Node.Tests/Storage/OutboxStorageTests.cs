using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>Outbox entries that refer to the item's stored envelope instead of keeping a copy (schema step 4).</summary>
public sealed class OutboxStorageTests : StorageTestBase
{
    private static readonly DateTimeOffset Later = DateTimeOffset.UtcNow.AddDays(1);

    private FederationStore Federation => new(Database, Audit);

    [Fact]
    public async Task Enqueue_StoredItemsEnvelope_ReadBackAsTheStoredBytesWithoutACopy()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);

        await Database.Writer.ExecuteAsync((_, transaction) =>
        {
            Federation.Enqueue(transaction, "peer-a", item.ItemId, item.ItemId, null, "[\"node-a\"]", Later);
            return true;
        });

        var entry = Assert.Single(await Federation.ReadOutboxAsync("peer-a", 0, 10, 1 << 20, CancellationToken.None));
        Assert.Equal(item.EnvelopeBytes, entry.Envelope);
        Assert.Equal(["node-a"], entry.Hops);
        await CloseAsync();
        using var raw = RawConnection();
        Assert.Equal(1L, RawScalar(raw, "SELECT count(*) FROM outbox WHERE envelope IS NULL"));
    }

    [Fact]
    public async Task Republish_EntryReferringToTheOldEnvelope_StillSendsTheBytesQueued()
    {
        var item = NewItem();
        var seq = await StoreReceivedAsync(item);
        await Database.Writer.ExecuteAsync((_, transaction) =>
        {
            Federation.Enqueue(transaction, "peer-a", item.ItemId, item.ItemId, null, "[]", Later);
            return true;
        });

        var edited = item with { EnvelopeBytes = [1, 2, 3] };
        await Database.Writer.ExecuteAsync((connection, transaction) => Items.Republish(connection, transaction, seq, edited));

        var entry = Assert.Single(await Federation.ReadOutboxAsync("peer-a", 0, 10, 1 << 20, CancellationToken.None));
        Assert.Equal(item.EnvelopeBytes, entry.Envelope);
    }

    [Fact]
    public async Task PurgeRetained_EntryReferringToThePurgedItem_KeepsItsBytes()
    {
        var item = NewItem() with { RetainUntil = DateTimeOffset.UtcNow.AddDays(-1) };
        await StoreReceivedAsync(item);
        await Database.Writer.ExecuteAsync((_, transaction) =>
        {
            Federation.Enqueue(transaction, "peer-a", item.ItemId, item.ItemId, null, "[]", Later);
            return true;
        });

        var purged = await Items.PurgeRetainedAsync(DateTimeOffset.UtcNow, 10, CancellationToken.None);

        Assert.Equal([item.ItemId], purged);
        var entry = Assert.Single(await Federation.ReadOutboxAsync("peer-a", 0, 10, 1 << 20, CancellationToken.None));
        Assert.Equal(item.EnvelopeBytes, entry.Envelope);
    }

    [Fact]
    public async Task Migrate_Version3Outbox_CopiesOfStoredEnvelopesDroppedOthersKept_IdsAndSequencePreserved()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);
        await CloseAsync();
        byte[] receipt = [9, 8, 7];
        using (var raw = RawConnection())
        {
            // The outbox as schema version 3 had it: every row with its own copy of the bytes.
            RawExecute(raw, "DROP TABLE outbox");
            RawExecute(raw,
                "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, peer TEXT NOT NULL, dedup_key TEXT NOT NULL, item_id TEXT NOT NULL, " +
                "envelope BLOB NOT NULL, hops TEXT NOT NULL, enqueued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, UNIQUE (peer, dedup_key)); " +
                "CREATE INDEX outbox_by_peer ON outbox (peer, id);");
            const string Insert = "INSERT INTO outbox (id, peer, dedup_key, item_id, envelope, hops, enqueued_at, expires_at) VALUES ($id, 'peer-a', $key, $item, $envelope, '[]', 0, $expires)";
            var expires = Later.ToUnixTimeMilliseconds();
            RawExecute(raw, Insert, ("$id", 5L), ("$key", item.ItemId), ("$item", item.ItemId), ("$envelope", item.EnvelopeBytes), ("$expires", expires));
            RawExecute(raw, Insert, ("$id", 9L), ("$key", "receipt:x"), ("$item", item.ItemId), ("$envelope", receipt), ("$expires", expires));
            // Rows 10 to 12 were sent and deleted: their ids must not be handed out again.
            RawExecute(raw, "UPDATE sqlite_sequence SET seq = 12 WHERE name = 'outbox'");
            // The tables of the later steps did not exist at version 3 either (5: acknowledgements; 6: contacts and the notification outbox; 7: members' language).
            RawExecute(raw, "DROP TABLE item_withdrawals; DROP TABLE receipt_acknowledgements; DROP TABLE staff_acknowledgements; DROP TABLE node_secrets; DROP TABLE notify_plans; DROP TABLE notify_outbox; DROP TABLE contacts; ALTER TABLE members DROP COLUMN language; ALTER TABLE receipts DROP COLUMN members_reached; DROP TABLE drill_closures; DROP TABLE exercise_runs; DROP TABLE exercise_results; DROP TABLE mode_changes; DROP TABLE revocation_list; DROP TABLE audit_checkpoints; DROP TABLE restore_catch_up; DROP TABLE people;");
            RawExecute(raw, "PRAGMA user_version = 3");
        }

        await OpenAsync();

        Assert.Equal(Ceptoar.Node.Storage.Migrations.Steps.Count - 3, Database.MigrationsApplied);
        var entries = await Federation.ReadOutboxAsync("peer-a", 0, 10, 1 << 20, CancellationToken.None);
        Assert.Equal([5L, 9L], entries.Select(e => e.Id));
        Assert.Equal(item.EnvelopeBytes, entries[0].Envelope);
        Assert.Equal(receipt, entries[1].Envelope);
        await Database.Writer.ExecuteAsync((_, transaction) =>
        {
            Federation.Enqueue(transaction, "peer-a", "next", item.ItemId, [1], "[]", Later);
            return true;
        });
        var next = await Federation.ReadOutboxAsync("peer-a", 9, 10, 1 << 20, CancellationToken.None);
        Assert.Equal(13L, Assert.Single(next).Id);
        await CloseAsync();
        using var check = RawConnection();
        Assert.Equal(1L, RawScalar(check, "SELECT count(*) FROM outbox WHERE envelope IS NULL"));
        Assert.Equal(0L, RawScalar(check, "SELECT count(*) FROM sqlite_master WHERE name = 'outbox_before_v4'"));
    }
}
