using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Storage;

public sealed class ItemStoreSubmissionTests : StorageTestBase
{
    [Fact]
    public async Task StoreSubmissionAsync_NewRequest_StoresItemExactlyWithAuditEntry()
    {
        var item = NewItem(kind: ItemKind.EarlyWarning, tlp: Tlp.Amber, exercise: true, title: "早期警戒: 不審な通信",
            sectors: ["finance", "telecom"], expiresAt: DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_123), delivery: ToSectors("finance"));

        var outcome = await Items.StoreSubmissionAsync("m1", "req-1", item, CancellationToken.None);
        var stored = await Items.GetAsync(item.ItemId, CancellationToken.None);

        Assert.False(outcome.Duplicate);
        Assert.Equal(item.ItemId, outcome.ItemId);
        Assert.Equal(item.CreatedAt, outcome.CreatedAt);
        Assert.NotNull(stored);
        Assert.Equal(outcome.Seq, stored.Seq);
        Assert.Equal(item.OriginNode, stored.OriginNode);
        Assert.Equal(item.Kind, stored.Kind);
        Assert.Equal(item.Tlp, stored.Tlp);
        Assert.True(stored.Exercise);
        Assert.Equal(item.Title, stored.Title);
        Assert.Equal(item.CreatedAt, stored.CreatedAt);
        Assert.Equal(item.ExpiresAt, stored.ExpiresAt);
        Assert.Equal("m1", stored.SubmittedByMember);
        Assert.Equal(item.EnvelopeBytes, stored.EnvelopeBytes);

        var audit = await Audit.ListAsync(0, 10, "item.submit", CancellationToken.None);
        var entry = Assert.Single(audit);
        Assert.Equal(("member:m1", item.ItemId, "accepted"), (entry.Actor, entry.Subject, entry.Outcome));
    }

    [Fact]
    public async Task StoreSubmissionAsync_SameRequestAgain_ReturnsFirstOutcomeAsDuplicateAndStoresNothing()
    {
        var first = await Items.StoreSubmissionAsync("m1", "req-1", NewItem(), CancellationToken.None);
        var again = await Items.StoreSubmissionAsync("m1", "req-1", NewItem(title: "a different body"), CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.Equal((first.ItemId, first.Seq, first.CreatedAt), (again.ItemId, again.Seq, again.CreatedAt));
        var counts = await Items.CountAsync(CancellationToken.None);
        Assert.Equal(1, counts.Items);
        Assert.Single(await Audit.ListAsync(0, 10, "item.submit", CancellationToken.None));
    }

    [Fact]
    public async Task StoreSubmissionAsync_SameRequestIdOtherMember_IsNotADuplicate()
    {
        await Items.StoreSubmissionAsync("m1", "req-1", NewItem(), CancellationToken.None);
        var other = await Items.StoreSubmissionAsync("m2", "req-1", NewItem(), CancellationToken.None);

        Assert.False(other.Duplicate);
    }

    [Fact]
    public async Task StoreSubmissionAsync_SameRequestConcurrently_ExactlyOneStored()
    {
        var attempts = Enumerable.Range(0, 20)
            .Select(_ => Task.Run(() => Items.StoreSubmissionAsync("m1", "req-1", NewItem(), CancellationToken.None)));
        var outcomes = await Task.WhenAll(attempts).WaitAsync(Deadline);

        Assert.Single(outcomes, o => !o.Duplicate);
        Assert.Single(outcomes.Select(o => o.ItemId).Distinct());
        Assert.Equal(1, (await Items.CountAsync(CancellationToken.None)).Items);
    }

    [Fact]
    public async Task StoreSubmissionAsync_ItemIdAlreadyStored_ThrowsDuplicateItemAndKeepsNothingOfTheRequest()
    {
        var item = NewItem();
        await Items.StoreSubmissionAsync("m1", "req-1", item, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DuplicateItemException>(
            () => Items.StoreSubmissionAsync("m1", "req-2", NewItem(id: item.ItemId), CancellationToken.None));

        Assert.Equal(item.ItemId, error.ItemId);
        Assert.Equal(1, (await Items.CountAsync(CancellationToken.None)).Items);
        Assert.Single(await Audit.ListAsync(0, 10, "item.submit", CancellationToken.None));

        // req-2 left no idempotency row behind: retrying it with a fresh item stores that item.
        var retry = await Items.StoreSubmissionAsync("m1", "req-2", NewItem(), CancellationToken.None);
        Assert.False(retry.Duplicate);
    }

    [Fact]
    public async Task StoreSubmissionAsync_ItemClaimsAnotherSubmitter_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => Items.StoreSubmissionAsync("m1", "req-1", NewItem(submittedBy: "m2"), CancellationToken.None));
    }

    [Fact]
    public async Task TryInsertItem_ExistingId_ReturnsNullAndWritesNothing()
    {
        var item = NewItem();
        var seq = await StoreReceivedAsync(item);

        var again = await Database.Writer.ExecuteAsync((connection, transaction) => Items.TryInsertItem(connection, transaction, NewItem(id: item.ItemId)));

        Assert.Null(again);
        Assert.Equal(seq, Items.LastSeq);
        Assert.Equal(1, (await Items.CountAsync(CancellationToken.None)).Items);
    }

    [Fact]
    public async Task LastSeq_AfterSubmissions_IsHighestSeq()
    {
        Assert.Equal(0, Items.LastSeq);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SubmitAsync("m1", NewItem())));

        Assert.Equal(outcomes.Max(o => o.Seq), Items.LastSeq);
        Assert.Equal(50, outcomes.Select(o => o.Seq).Distinct().Count());
    }

    [Fact]
    public async Task WaitForItemsAfterAsync_AlreadyAfter_CompletesAtOnce()
    {
        await SubmitAsync("m1", NewItem());

        var wait = Items.WaitForItemsAfterAsync(Items.LastSeq - 1, CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForItemsAfterAsync_NothingNew_CompletesOnNextCommit()
    {
        await SubmitAsync("m1", NewItem());
        var cursor = Items.LastSeq;
        var wait = Items.WaitForItemsAfterAsync(cursor, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        // An audit-only commit does not add an item, so the waiter must keep waiting.
        await Audit.AppendAsync(new AuditRecord("admin", "test.noise", "-", "ok"));
        Assert.False(wait.IsCompleted);

        var outcome = await SubmitAsync("m1", NewItem());
        await wait.WaitAsync(Deadline);
        Assert.Equal(outcome.Seq, Items.LastSeq);
        Assert.True(outcome.Seq > cursor);
    }

    [Fact]
    public async Task WaitForItemsAfterAsync_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        var wait = Items.WaitForItemsAfterAsync(Items.LastSeq, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Deadline));
    }

    [Fact]
    public async Task AcknowledgeAsync_FirstThenRepeat_KeepsFirstAndAuditsOnce()
    {
        var item = NewItem(delivery: ToAll);
        await SubmitAsync("m1", item);

        var first = await Items.AcknowledgeAsync(item.ItemId, "m2", "read it", CancellationToken.None);
        var repeat = await Items.AcknowledgeAsync(item.ItemId, "m2", "read it again", CancellationToken.None);

        Assert.False(first.AlreadyAcknowledged);
        Assert.True(repeat.AlreadyAcknowledged);
        Assert.Equal(first.AcknowledgedAt, repeat.AcknowledgedAt);
        var entry = Assert.Single(await Audit.ListAsync(0, 10, "item.acknowledge", CancellationToken.None));
        Assert.Equal(("member:m2", item.ItemId), (entry.Actor, entry.Subject));
    }

    [Fact]
    public async Task AcknowledgeAsync_UnknownItem_ThrowsKeyNotFound()
    {
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Items.AcknowledgeAsync("no-such-item", "m1", "", CancellationToken.None));
    }

    [Fact]
    public async Task GetAcknowledgementsAsync_MixedItems_ReturnsOnlyThisMembersAcknowledged()
    {
        var items = Enumerable.Range(0, 3).Select(_ => NewItem(delivery: ToAll)).ToList();
        foreach (var item in items)
        {
            await SubmitAsync("m1", item);
        }

        var acked = await Items.AcknowledgeAsync(items[0].ItemId, "m2", "", CancellationToken.None);
        await Items.AcknowledgeAsync(items[1].ItemId, "m3", "", CancellationToken.None);

        var result = await Items.GetAcknowledgementsAsync("m2", [.. items.Select(i => i.ItemId), "unknown"], CancellationToken.None);

        var (id, at) = Assert.Single(result);
        Assert.Equal(items[0].ItemId, id);
        Assert.Equal(acked.AcknowledgedAt, at);
    }

    [Fact]
    public async Task CountAsync_AfterWrites_CountsEverything()
    {
        await SubmitAsync("m1", NewItem());
        await SubmitAsync("m1", NewItem());
        await Members.AddAsync(new MemberRecord("m1", "会員", "Member", "finance", [], "a@example.jp", DateTimeOffset.UtcNow), "admin", CancellationToken.None);

        var counts = await Items.CountAsync(CancellationToken.None);

        Assert.Equal(2, counts.Items);
        Assert.Equal(1, counts.Members);
        Assert.Equal(3, counts.AuditEntries);
        Assert.Equal(Items.LastSeq, counts.LastSeq);
        Assert.True(counts.DatabaseBytes >= new FileInfo(DatabasePath).Length);
    }
}
