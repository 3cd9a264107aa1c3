using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

/// <summary>The notification outbox on a real SQLite file (schema step 5): written with the item or not at all, one row per (item, contact).</summary>
public sealed class NotifyOutboxStoreTests : StorageTestBase
{
    private NotifyOutboxStore Outbox => new(Database, Audit);

    [Fact]
    public async Task Insert_UnitOfWorkFails_NoRowAndNoItem()
    {
        var item = NewItem();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Database.Writer.RunAsync<bool>(work =>
        {
            Items.TryInsertItem(work, item);
            Outbox.Insert(work, [new NewNotification("0193a7c2-0000-7000-8000-000000000001", item.ItemId, "ct-1", "member")]);
            throw new InvalidOperationException("the rest of the unit of work failed");
        }));

        Assert.Empty(await Outbox.ListAsync(null, outboxOnly: false, 10, CancellationToken.None));
        Assert.Null(await Items.GetAsync(item.ItemId, CancellationToken.None));
    }

    [Fact]
    public async Task Insert_SameItemAndContactTwice_OneRowKeepingTheFirstKey()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);

        foreach (var key in new[] { "0193a7c2-0000-7000-8000-00000000000a", "0193a7c2-0000-7000-8000-00000000000b" })
        {
            await Database.Writer.RunAsync(work =>
            {
                Outbox.Insert(work, [new NewNotification(key, item.ItemId, "ct-1", "member")]);
                return true;
            });
        }

        var row = Assert.Single(await Outbox.ListAsync(item.ItemId, outboxOnly: false, 10, CancellationToken.None));
        Assert.Equal("0193a7c2-0000-7000-8000-00000000000a", row.Key);
        Assert.Equal("pending", row.State);
    }

    [Fact]
    public async Task GiveUp_PendingRow_FailedWithTheReason_AndAudited()
    {
        var item = NewItem();
        await StoreReceivedAsync(item);
        await Database.Writer.RunAsync(work =>
        {
            Outbox.Insert(work, [new NewNotification("0193a7c2-0000-7000-8000-00000000000c", item.ItemId, "ct-1", "staff")]);
            return true;
        });
        var due = Assert.Single(await Outbox.DueAsync(DateTimeOffset.UtcNow.AddSeconds(1), 10, CancellationToken.None));

        await Outbox.GiveUpAsync(due, "email", "a@b.example", "550 mailbox unavailable", CancellationToken.None);

        var row = Assert.Single(await Outbox.ListAsync(null, outboxOnly: true, 10, CancellationToken.None));
        Assert.Equal(("failed", 1, "550 mailbox unavailable"), (row.State, row.Attempts, row.LastError));
        Assert.Empty(await Outbox.DueAsync(DateTimeOffset.UtcNow.AddDays(1), 10, CancellationToken.None));
        var audit = await Audit.ListAsync(0, 100, "notify.giveup", CancellationToken.None);
        Assert.Contains(audit, e => e.Subject == item.ItemId && e.Detail.Contains("550 mailbox unavailable", StringComparison.Ordinal));
    }
}
