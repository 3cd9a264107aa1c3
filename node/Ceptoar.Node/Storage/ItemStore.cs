namespace Ceptoar.Node.Storage;

/// <summary>Items, their member deliveries, submissions' idempotency keys and acknowledgements.</summary>
public sealed class ItemStore
{
    public ItemStore(NodeDatabase database, AuditLog audit) => throw new NotImplementedException();

    /// <summary>
    /// Stores a member's submission in one writer operation: if (memberId, clientRequestId) was seen, returns the
    /// first outcome with Duplicate = true and stores nothing; otherwise inserts the item, its deliveries, the
    /// idempotency row and an "item.submit" audit entry. Completes after commit.
    /// </summary>
    public Task<SubmitOutcome> StoreSubmissionAsync(string memberId, string clientRequestId, NewItem item, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<StoredItem?> GetAsync(string itemId, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The item if the viewer may see it (own submission or delivered to it), else null.</summary>
    public Task<StoredItem?> GetForMemberAsync(string itemId, MemberViewer viewer, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Items the viewer may see matching query, newest first.</summary>
    public Task<IReadOnlyList<StoredItem>> ListForMemberAsync(MemberViewer viewer, ItemQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Items the viewer may see with Seq &gt; afterSeq, oldest first, at most limit.</summary>
    public Task<IReadOnlyList<StoredItem>> FeedAsync(MemberViewer viewer, long afterSeq, int limit, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Every item matching query, newest first (admin view).</summary>
    public Task<IReadOnlyList<StoredItem>> ListAllAsync(ItemQuery query, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Records a member's acknowledgement (first one kept) with an "item.acknowledge" audit entry.</summary>
    public Task<AckOutcome> AcknowledgeAsync(string itemId, string memberId, string note, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>Acknowledgement times of the member for these items (missing = not acknowledged).</summary>
    public Task<IReadOnlyDictionary<string, DateTimeOffset>> GetAcknowledgementsAsync(string memberId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken) => throw new NotImplementedException();

    /// <summary>The highest committed Seq.</summary>
    public long LastSeq => throw new NotImplementedException();

    /// <summary>Completes when an item with Seq &gt; seq has been committed (or on cancellation).</summary>
    public Task WaitForItemsAfterAsync(long seq, CancellationToken cancellationToken) => throw new NotImplementedException();

    public Task<StoreCounts> CountAsync(CancellationToken cancellationToken) => throw new NotImplementedException();
}
