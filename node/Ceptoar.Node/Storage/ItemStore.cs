using System.Text;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>Items, their member deliveries, submissions' idempotency keys and acknowledgements.</summary>
/// <remarks>
/// One ItemStore per NodeDatabase: LastSeq follows the inserts made through this instance (all item inserts should go
/// through it, including InsertItem/TryInsertItem from other writer operations).
/// </remarks>
public sealed class ItemStore
{
    /// <summary>The most items (or audit entries) one query returns; larger limits are lowered to this.</summary>
    public const int MaxLimit = 1000;

    private const int AcknowledgementLookupChunk = 500;

    private readonly NodeDatabase _database;
    private readonly AuditLog _audit;
    private long _lastSeq;
    private TaskCompletionSource _seqAdvanced = NewSignal();

    public ItemStore(NodeDatabase database, AuditLog audit)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(audit);
        _database = database;
        _audit = audit;
        using var connection = database.OpenReader();
        _lastSeq = ItemSql.ReadLastSeq(connection);
    }

    /// <summary>
    /// Stores a member's submission in one writer operation: if (memberId, clientRequestId) was seen, returns the
    /// first outcome with Duplicate = true and stores nothing; otherwise inserts the item, its deliveries, the
    /// idempotency row and an "item.submit" audit entry. Completes after commit.
    /// Throws DuplicateItemException if the item id is already stored under another request.
    /// </summary>
    /// <param name="alsoInTransaction">Runs after a new item's insert, in the same transaction (e.g. queueing it for peers).</param>
    /// <param name="actor">Who the audit entry names; by default the member.</param>
    /// <param name="detail">The audit entry's detail (e.g. the standing copies applied and refused).</param>
    public Task<SubmitOutcome> StoreSubmissionAsync(
        string memberId, string clientRequestId, NewItem item, CancellationToken cancellationToken, Action<UnitOfWork, long>? alsoInTransaction = null, string? actor = null,
        string detail = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentException.ThrowIfNullOrEmpty(clientRequestId);
        ValidateItem(item);
        if (item.SubmittedByMember is not null && item.SubmittedByMember != memberId)
        {
            throw new ArgumentException($"The item says it was submitted by {item.SubmittedByMember} but the submission is by {memberId}.", nameof(item));
        }

        var stored = item with { SubmittedByMember = memberId };
        return _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var earlier = FindSubmission(transaction, memberId, clientRequestId);
            if (earlier is not null)
            {
                return earlier;
            }

            var seq = InsertItem(connection, transaction, stored);
            _database.Writer.Prepared(transaction,
                    "INSERT INTO submissions (member_id, client_request_id, seq, submitted_at) VALUES ($member, $request, $seq, $at)")
                .With("$member", memberId).With("$request", clientRequestId).With("$seq", seq)
                .With("$at", SqlHelpers.UnixMs(_database.Clock.GetUtcNow())).ExecuteNonQuery();

            alsoInTransaction?.Invoke(new UnitOfWork(connection, transaction), seq);
            _audit.Append(connection, transaction, new AuditRecord(actor ?? $"member:{memberId}", "item.submit", item.ItemId, "accepted", detail));
            return new SubmitOutcome(item.ItemId, seq, SqlHelpers.TruncateToMs(item.CreatedAt), Duplicate: false);
        }, cancellationToken);
    }

    /// <summary>
    /// For other writer operations (e.g. items received from peers): inserts the item in the caller's transaction and
    /// returns its seq; throws DuplicateItemException if the item id is already stored. LastSeq advances after commit.
    /// </summary>
    public long InsertItem(SqliteConnection connection, SqliteTransaction transaction, NewItem item) =>
        TryInsertItem(connection, transaction, item) ?? throw new DuplicateItemException(item.ItemId);

    /// <summary>Inside a unit of work: inserts the item and returns its seq, or null (writing nothing) when the id is already stored.</summary>
    public long? TryInsertItem(UnitOfWork work, NewItem item) => TryInsertItem(work.Connection, work.Transaction, item);

    /// <summary>Inside a unit of work: as <see cref="Republish(SqliteConnection, SqliteTransaction, long, NewItem)"/>.</summary>
    public long Republish(UnitOfWork work, long oldSeq, NewItem replacement) => Republish(work.Connection, work.Transaction, oldSeq, replacement);

    /// <summary>As InsertItem, but returns null (writing nothing) when the item id is already stored.</summary>
    public long? TryInsertItem(SqliteConnection connection, SqliteTransaction transaction, NewItem item)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(transaction);
        ValidateItem(item);
        var seq = ItemSql.TryInsert(_database.Writer, transaction, item, SqlHelpers.UnixMs(_database.Clock.GetUtcNow()));
        if (seq is { } committedSeq)
        {
            _database.Writer.AfterCommit(() => PublishSeq(committedSeq));
        }

        return seq;
    }

    /// <summary>
    /// Inside a writer operation: gives an item a new seq at the end of every feed, optionally with a replacement row
    /// (an edited, re-signed envelope; new member delivery). Used when a held item is approved: members subscribed past
    /// its old position must still receive it, so it is published again rather than changed in place. Its submission
    /// and queue rows follow it. Returns the new seq.
    /// </summary>
    public long Republish(SqliteConnection connection, SqliteTransaction transaction, long oldSeq, NewItem replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        // The submission, queue and acknowledgement rows point at the item while it moves: check them at commit.
        SqlHelpers.Execute(connection, transaction, "PRAGMA defer_foreign_keys = ON");
        KeepQueuedCopies(transaction, oldSeq);
        using (var remove = SqlHelpers.Command(connection, transaction,
            "DELETE FROM item_member_delivery WHERE seq = $seq; DELETE FROM item_sectors WHERE seq = $seq; " +
            "DELETE FROM item_envelopes WHERE seq = $seq; DELETE FROM items WHERE seq = $seq;"))
        {
            remove.With("$seq", oldSeq).ExecuteNonQuery();
        }

        var newSeq = InsertItem(connection, transaction, replacement);
        using var follow = SqlHelpers.Command(connection, transaction,
            "UPDATE submissions SET seq = $new WHERE seq = $old; UPDATE held SET seq = $new WHERE seq = $old;");
        follow.With("$new", newSeq).With("$old", oldSeq).ExecuteNonQuery();
        return newSeq;
    }

    /// <summary>
    /// Deletes up to limit items whose retention period ended before now, with everything that hangs off them, and one
    /// "retention.purge" audit entry naming them. Returns the purged ids (empty when nothing was due).
    /// </summary>
    public Task<IReadOnlyList<string>> PurgeRetainedAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        _database.Writer.ExecuteAsync<IReadOnlyList<string>>((connection, transaction) =>
        {
            var due = new List<(long Seq, string Id)>();
            using (var select = SqlHelpers.Command(connection, transaction,
                "SELECT seq, item_id FROM items WHERE retain_until IS NOT NULL AND retain_until < $now ORDER BY retain_until LIMIT $limit"))
            {
                using var reader = select.With("$now", SqlHelpers.UnixMs(now)).With("$limit", limit).ExecuteReader();
                while (reader.Read())
                {
                    due.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            foreach (var (seq, id) in due)
            {
                KeepQueuedCopies(transaction, seq);
                using var delete = SqlHelpers.Command(connection, transaction,
                    "DELETE FROM acknowledgements WHERE item_id = $id; DELETE FROM staff_acknowledgements WHERE item_id = $id; " +
                    "DELETE FROM receipt_acknowledgements WHERE item_id = $id; DELETE FROM held WHERE seq = $seq; DELETE FROM submissions WHERE seq = $seq; " +
                    "DELETE FROM item_member_delivery WHERE seq = $seq; DELETE FROM item_sectors WHERE seq = $seq; " +
                    "DELETE FROM item_envelopes WHERE seq = $seq; DELETE FROM items WHERE seq = $seq;");
                delete.With("$id", id).With("$seq", seq).ExecuteNonQuery();
            }

            if (due.Count > 0)
            {
                _audit.Append(connection, transaction, new AuditRecord("node", "retention.purge", $"{due.Count} items", "purged",
                    string.Join(",", due.Select(d => d.Id))));
            }

            return [.. due.Select(d => d.Id)];
        }, cancellationToken);

    public Task<StoredItem?> GetAsync(string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        return _database.ReadAsync(connection => ItemSql.GetOne(connection, itemId, viewer: null), cancellationToken);
    }

    /// <summary>The item if the viewer may see it (own submission or delivered to it), else null.</summary>
    public Task<StoredItem?> GetForMemberAsync(string itemId, MemberViewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemId);
        ArgumentNullException.ThrowIfNull(viewer);
        return _database.ReadAsync(connection => ItemSql.GetOne(connection, itemId, viewer), cancellationToken);
    }

    /// <summary>
    /// Each id's item if the viewer may see it, else null, in the ids' order: one read for many ids (an export names up to
    /// a thousand), with the same check as <see cref="GetForMemberAsync"/>.
    /// </summary>
    public Task<StoredItem?[]> GetManyForMemberAsync(IReadOnlyList<string> itemIds, MemberViewer viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return GetManyAsync(itemIds, viewer, cancellationToken);
    }

    /// <summary>Each id's stored item, else null, in the ids' order: one read for many ids (staff export up to 10,000).</summary>
    public Task<StoredItem?[]> GetManyAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken) =>
        GetManyAsync(itemIds, viewer: null, cancellationToken);

    private Task<StoredItem?[]> GetManyAsync(IReadOnlyList<string> itemIds, MemberViewer? viewer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        return _database.ReadAsync(connection =>
        {
            // Chunks keep each statement far below SQLite's limit on bound parameters.
            var found = itemIds.Chunk(500).SelectMany(chunk => ItemSql.GetMany(connection, chunk, viewer)).ToDictionary(i => i.ItemId, StringComparer.Ordinal);
            return itemIds.Select(id => found.GetValueOrDefault(id)).ToArray();
        }, cancellationToken);
    }

    /// <summary>
    /// Items the viewer may see matching query, newest first. Query.SubmittedByMember is ignored here (attribution is
    /// the service's decision); every other filter applies.
    /// </summary>
    public Task<IReadOnlyList<StoredItem>> ListForMemberAsync(MemberViewer viewer, ItemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync<IReadOnlyList<StoredItem>>(connection => ItemSql.List(connection, viewer, query), cancellationToken);
    }

    /// <summary>Items the viewer may see with Seq &gt; afterSeq, oldest first, at most limit.</summary>
    public Task<IReadOnlyList<StoredItem>> FeedAsync(MemberViewer viewer, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return _database.ReadAsync<IReadOnlyList<StoredItem>>(connection => ItemSql.Feed(connection, viewer, afterSeq, limit), cancellationToken);
    }

    /// <summary>The lowest seq of an item received after the time (TAXII added_after, docs/INTERCHANGE.md §3), or null.</summary>
    public Task<long?> FirstSeqReceivedAfterAsync(DateTimeOffset after, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT MIN(seq) FROM items WHERE received_at > $after");
            return command.With("$after", SqlHelpers.UnixMs(after)).ExecuteScalar() is long seq ? seq : (long?)null;
        }, cancellationToken);

    /// <summary>Every item matching query, newest first (admin view).</summary>
    public Task<IReadOnlyList<StoredItem>> ListAllAsync(ItemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _database.ReadAsync<IReadOnlyList<StoredItem>>(connection => ItemSql.List(connection, viewer: null, query), cancellationToken);
    }

    /// <summary>
    /// Records a member's acknowledgement (first one kept) with an "item.acknowledge" audit entry; repeats change
    /// nothing and are not audited. Throws KeyNotFoundException for an unknown item.
    /// </summary>
    /// <param name="onFirst">Runs in the same transaction when this is the member's first acknowledgement (e.g. queueing a receipt).</param>
    public Task<AckOutcome> AcknowledgeAsync(
        string itemId, string memberId, string note, CancellationToken cancellationToken, Action<UnitOfWork>? onFirst = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(itemId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        ArgumentNullException.ThrowIfNull(note);
        return _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using (var exists = SqlHelpers.Command(connection, transaction, "SELECT 1 FROM items WHERE item_id = $id"))
            {
                if (exists.With("$id", itemId).ExecuteScalar() is null)
                {
                    throw new KeyNotFoundException($"No item {itemId} is stored at this node.");
                }
            }

            var now = SqlHelpers.TruncateToMs(_database.Clock.GetUtcNow());
            using (var insert = SqlHelpers.Command(connection, transaction,
                "INSERT INTO acknowledgements (member_id, item_id, at, note) VALUES ($member, $id, $at, $note) " +
                "ON CONFLICT (member_id, item_id) DO NOTHING"))
            {
                if (insert.With("$member", memberId).With("$id", itemId).With("$at", SqlHelpers.UnixMs(now)).With("$note", note).ExecuteNonQuery() == 1)
                {
                    _audit.Append(connection, transaction, new AuditRecord($"member:{memberId}", "item.acknowledge", itemId, "acknowledged"));
                    onFirst?.Invoke(new UnitOfWork(connection, transaction));
                    return new AckOutcome(now, AlreadyAcknowledged: false);
                }
            }

            using var first = SqlHelpers.Command(connection, transaction, "SELECT at FROM acknowledgements WHERE member_id = $member AND item_id = $id");
            var at = (long)first.With("$member", memberId).With("$id", itemId).ExecuteScalar()!;
            return new AckOutcome(SqlHelpers.FromUnixMs(at), AlreadyAcknowledged: true);
        }, cancellationToken);
    }

    /// <summary>Acknowledgement times of the member for these items (missing = not acknowledged).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetAcknowledgementsAsync(string memberId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        var found = await AcknowledgementsAsync(memberId, itemIds, cancellationToken);
        return found.ToDictionary(a => a.Key.ItemId, a => a.Value, StringComparer.Ordinal);
    }

    /// <summary>Every member's acknowledgement of these items, in one read (missing = not acknowledged).</summary>
    public Task<IReadOnlyDictionary<(string MemberId, string ItemId), DateTimeOffset>> GetAcknowledgementsAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken) =>
        AcknowledgementsAsync(null, itemIds, cancellationToken);

    private Task<IReadOnlyDictionary<(string MemberId, string ItemId), DateTimeOffset>> AcknowledgementsAsync(string? memberId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        return _database.ReadAsync<IReadOnlyDictionary<(string MemberId, string ItemId), DateTimeOffset>>(connection =>
        {
            var result = new Dictionary<(string MemberId, string ItemId), DateTimeOffset>();
            foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(AcknowledgementLookupChunk))
            {
                using var command = SqlHelpers.Command(connection, null, "");
                var sql = new StringBuilder("SELECT member_id, item_id, at FROM acknowledgements WHERE ");
                if (memberId is not null)
                {
                    command.With("$member", memberId);
                    sql.Append("member_id = $member AND ");
                }

                SqlHelpers.AppendIn(sql, command, "item_id", "id", chunk, id => id);
                command.CommandText = sql.ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result[(reader.GetString(0), reader.GetString(1))] = SqlHelpers.FromUnixMs(reader.GetInt64(2));
                }
            }

            return result;
        }, cancellationToken);
    }

    /// <summary>The highest committed Seq.</summary>
    public long LastSeq => Interlocked.Read(ref _lastSeq);

    /// <summary>Completes when an item with Seq &gt; seq has been committed (or on cancellation).</summary>
    public async Task WaitForItemsAfterAsync(long seq, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Take the signal before checking: a commit after the check completes this very signal, so none is missed.
            var signal = Volatile.Read(ref _seqAdvanced);
            if (LastSeq > seq)
            {
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<StoreCounts> CountAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT (SELECT count(*) FROM items WHERE exercise = 0), (SELECT count(*) FROM members), (SELECT count(*) FROM audit), (SELECT count(*) FROM items WHERE exercise = 1)");
            using var reader = command.ExecuteReader();
            reader.Read();
            return new StoreCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), LastSeq, _database.SizeInBytes(), reader.GetInt64(3));
        }, cancellationToken);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Runs on the writer thread after commit, in commit order.</summary>
    private void PublishSeq(long seq)
    {
        if (seq <= Interlocked.Read(ref _lastSeq))
        {
            return;
        }

        Interlocked.Exchange(ref _lastSeq, seq);
        Interlocked.Exchange(ref _seqAdvanced, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Before an item's stored envelope is deleted or replaced: outbox entries that refer to it (envelope NULL, see
    /// FederationStore.Enqueue) get their own copy, so they still send exactly the bytes that were queued.
    /// </summary>
    private void KeepQueuedCopies(SqliteTransaction transaction, long seq) =>
        _database.Writer.Prepared(transaction,
                "UPDATE outbox SET envelope = (SELECT e.envelope FROM item_envelopes e WHERE e.seq = $seq) " +
                "WHERE envelope IS NULL AND item_id = (SELECT item_id FROM items WHERE seq = $seq)")
            .With("$seq", seq).ExecuteNonQuery();

    private SubmitOutcome? FindSubmission(SqliteTransaction transaction, string memberId, string clientRequestId)
    {
        var command = _database.Writer.Prepared(transaction,
            "SELECT i.item_id, i.seq, i.created_at FROM submissions s JOIN items i ON i.seq = s.seq " +
            "WHERE s.member_id = $member AND s.client_request_id = $request");
        using var reader = command.With("$member", memberId).With("$request", clientRequestId).ExecuteReader();
        return reader.Read()
            ? new SubmitOutcome(reader.GetString(0), reader.GetInt64(1), SqlHelpers.FromUnixMs(reader.GetInt64(2)), Duplicate: true)
            : null;
    }

    private static void ValidateItem(NewItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrEmpty(item.ItemId, nameof(item));
        ArgumentNullException.ThrowIfNull(item.OriginNode, nameof(item));
        ArgumentNullException.ThrowIfNull(item.Title, nameof(item));
        ArgumentNullException.ThrowIfNull(item.SearchText, nameof(item));
        ArgumentNullException.ThrowIfNull(item.Sectors, nameof(item));
        ArgumentNullException.ThrowIfNull(item.EnvelopeBytes, nameof(item));
        ArgumentNullException.ThrowIfNull(item.Delivery, nameof(item));
    }
}
