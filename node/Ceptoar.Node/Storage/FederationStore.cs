using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>A configured peer.</summary>
public sealed record PeerRecord(string NodeId, string Endpoint, DateTimeOffset AddedAt);

/// <summary>One envelope waiting for a peer. DedupKey is the item id, or "receipt:..." for receipts.</summary>
/// <param name="Urgent">Sent before any backlog (docs/MODES.md §6).</param>
public sealed record OutboxEntry(
    long Id, string Peer, string DedupKey, string ItemId, byte[] Envelope, IReadOnlyList<string> Hops, DateTimeOffset EnqueuedAt, DateTimeOffset ExpiresAt, bool Urgent = false);

/// <summary>
/// How far a link has read a peer's outbox on its current stream: urgent rows and ordinary rows are read apart, each in
/// the order they were queued, so an urgent row queued behind a backlog is the next one read (docs/MODES.md §6).
/// </summary>
public readonly record struct OutboxCursor(long UrgentAfter, long OrdinaryAfter)
{
    /// <summary>Nothing read yet: the start of both queues.</summary>
    public static readonly OutboxCursor Start = new(0, 0);

    /// <summary>The cursor past these entries, each queue moved by its own.</summary>
    public OutboxCursor Past(IReadOnlyList<OutboxEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var (urgent, ordinary) = (UrgentAfter, OrdinaryAfter);
        foreach (var entry in entries)
        {
            if (entry.Urgent)
            {
                urgent = Math.Max(urgent, entry.Id);
            }
            else
            {
                ordinary = Math.Max(ordinary, entry.Id);
            }
        }

        return new OutboxCursor(urgent, ordinary);
    }
}

/// <summary>A peer's answer about one outbox entry.</summary>
public sealed record PeerAnswer(long OutboxId, string ItemId, string Outcome, string Reason);

/// <summary>What the origin knows of one recipient node's copy of an item.</summary>
/// <param name="MembersReached">For a drill: how many members it reached at the recipient, as its DELIVERED receipt said.</param>
public sealed record ReceiptRecord(
    string ItemId, string RecipientNode, DateTimeOffset? DeliveredAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, string? RejectedReason, int? MembersReached = null);

/// <summary>Peers, verified descriptors, per-peer outboxes, peers' answers and receipts.</summary>
public sealed class FederationStore
{
    private readonly NodeDatabase _database;
    private readonly AuditLog _audit;
    private readonly Lock _signalsLock = new();
    private readonly Dictionary<string, TaskCompletionSource> _outboxSignals = new(StringComparer.Ordinal);

    public FederationStore(NodeDatabase database, AuditLog audit)
    {
        _database = database;
        _audit = audit;
    }

    public Task<IReadOnlyList<PeerRecord>> ListPeersAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<PeerRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT node_id, endpoint, added_at FROM peers ORDER BY node_id");
            using var reader = command.ExecuteReader();
            var peers = new List<PeerRecord>();
            while (reader.Read())
            {
                peers.Add(new PeerRecord(reader.GetString(0), reader.GetString(1), SqlHelpers.FromUnixMs(reader.GetInt64(2))));
            }

            return peers;
        }, cancellationToken);

    /// <summary>Adds a peer, or changes its endpoint; returns false when nothing changed.</summary>
    public Task<bool> UpsertPeerAsync(string nodeId, string endpoint, string actor, CancellationToken cancellationToken) =>
        _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var command = SqlHelpers.Command(connection, transaction,
                "INSERT INTO peers (node_id, endpoint, added_at) VALUES ($id, $endpoint, $at) " +
                "ON CONFLICT (node_id) DO UPDATE SET endpoint = excluded.endpoint WHERE endpoint <> excluded.endpoint");
            var changed = command.With("$id", nodeId).With("$endpoint", endpoint).With("$at", SqlHelpers.UnixMs(_database.Clock.GetUtcNow())).ExecuteNonQuery() == 1;
            if (changed)
            {
                _audit.Append(connection, transaction, new AuditRecord(actor, "peer.add", nodeId, "ok", endpoint));
            }

            return changed;
        }, cancellationToken);

    /// <summary>Removes a peer and drops what waited for it (audited with the count); false if unknown.</summary>
    public Task<bool> RemovePeerAsync(string nodeId, string actor, CancellationToken cancellationToken) =>
        _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var deletePeer = SqlHelpers.Command(connection, transaction, "DELETE FROM peers WHERE node_id = $id");
            if (deletePeer.With("$id", nodeId).ExecuteNonQuery() == 0)
            {
                return false;
            }

            using var deleteOutbox = SqlHelpers.Command(connection, transaction, "DELETE FROM outbox WHERE peer = $id");
            var dropped = deleteOutbox.With("$id", nodeId).ExecuteNonQuery();
            _audit.Append(connection, transaction, new AuditRecord(actor, "peer.remove", nodeId, "ok", $"{dropped} queued envelopes dropped"));
            return true;
        }, cancellationToken);

    /// <summary>Stores a verified descriptor unless a newer one (by issued_at) is already stored.</summary>
    public Task SaveDescriptorAsync(string nodeId, byte[] envelope, DateTimeOffset issuedAt, CancellationToken cancellationToken) =>
        _database.Writer.ExecuteAsync((connection, transaction) =>
            _database.Writer.Prepared(transaction,
                "INSERT INTO descriptors (node_id, envelope, issued_at, received_at) VALUES ($id, $envelope, $issued, $at) " +
                "ON CONFLICT (node_id) DO UPDATE SET envelope = excluded.envelope, issued_at = excluded.issued_at, received_at = excluded.received_at " +
                "WHERE excluded.issued_at > descriptors.issued_at")
            .With("$id", nodeId).With("$envelope", envelope).With("$issued", SqlHelpers.UnixMs(issuedAt))
            .With("$at", SqlHelpers.UnixMs(_database.Clock.GetUtcNow())).ExecuteNonQuery(), cancellationToken);

    public Task<IReadOnlyList<byte[]>> LoadDescriptorsAsync(CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<byte[]>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT envelope FROM descriptors");
            using var reader = command.ExecuteReader();
            var result = new List<byte[]>();
            while (reader.Read())
            {
                result.Add(reader.GetFieldValue<byte[]>(0));
            }

            return result;
        }, cancellationToken);

    /// <summary>Queues an envelope for a peer inside a writer operation; a second entry with the same (peer, key) is ignored.</summary>
    public void Enqueue(SqliteConnection connection, SqliteTransaction transaction, string peer, string dedupKey, string itemId, byte[] envelope, IReadOnlyList<string> hops, DateTimeOffset expiresAt, bool urgent = false) =>
        Enqueue(transaction, peer, dedupKey, itemId, envelope, JsonSerializer.Serialize(hops), expiresAt, urgent);

    /// <summary>
    /// As Enqueue, inside a unit of work, with the hops already as JSON; envelope null queues the envelope stored for
    /// itemId (stored in this unit of work or before), so the bytes are written once for all peers.
    /// </summary>
    /// <param name="urgent">Sent before any backlog to this peer (docs/MODES.md §6).</param>
    public void Enqueue(UnitOfWork work, string peer, string dedupKey, string itemId, byte[]? envelope, string hopsJson, DateTimeOffset expiresAt, bool urgent = false) =>
        Enqueue(work.Transaction, peer, dedupKey, itemId, envelope, hopsJson, expiresAt, urgent);

    /// <summary>
    /// As Enqueue, with the hops already as JSON; envelope null queues the envelope stored for itemId (which must be
    /// stored, in this transaction or before), read when the entry is sent, so the bytes are written once for all peers.
    /// </summary>
    internal void Enqueue(SqliteTransaction transaction, string peer, string dedupKey, string itemId, byte[]? envelope, string hopsJson, DateTimeOffset expiresAt, bool urgent = false)
    {
        var inserted = _database.Writer.Prepared(transaction,
                "INSERT INTO outbox (peer, dedup_key, item_id, envelope, hops, enqueued_at, expires_at, priority) VALUES ($peer, $key, $item, $envelope, $hops, $at, $expires, $priority) " +
                "ON CONFLICT (peer, dedup_key) DO NOTHING")
            .With("$peer", peer).With("$key", dedupKey).With("$item", itemId).With("$envelope", envelope)
            .With("$hops", hopsJson).With("$at", SqlHelpers.UnixMs(_database.Clock.GetUtcNow()))
            .With("$expires", SqlHelpers.UnixMs(expiresAt)).With("$priority", urgent ? 1 : 0).ExecuteNonQuery();
        if (inserted == 1)
        {
            _database.Writer.AfterCommit(() => Signal(peer));
        }
    }

    /// <summary>The entries for a peer after afterId in both queues (urgent first), at most limit entries and about maxBytes of envelopes.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string peer, long afterId, int limit, int maxBytes, CancellationToken cancellationToken) =>
        ReadOutboxAsync(peer, new OutboxCursor(afterId, afterId), limit, maxBytes, cancellationToken);

    /// <summary>
    /// The next entries for a peer past the cursor, at most limit entries and about maxBytes of envelopes: the urgent ones
    /// first, then the ordinary ones, each queue oldest first (docs/MODES.md §6).
    /// </summary>
    public Task<IReadOnlyList<OutboxEntry>> ReadOutboxAsync(string peer, OutboxCursor cursor, int limit, int maxBytes, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<OutboxEntry>>(connection =>
        {
            var entries = new List<OutboxEntry>();
            var bytes = 0;
            // The literal "priority = 1" lets SQLite use the partial index outbox_urgent: a few rows, however long the backlog.
            ReadQueue(connection, peer, "o.priority = 1", cursor.UrgentAfter, limit, maxBytes, entries, ref bytes);
            if (entries.Count < limit && bytes < maxBytes)
            {
                ReadQueue(connection, peer, "o.priority = 0", cursor.OrdinaryAfter, limit - entries.Count, maxBytes, entries, ref bytes);
            }

            return entries;
        }, cancellationToken);

    private static void ReadQueue(SqliteConnection connection, string peer, string queue, long after, int limit, int maxBytes, List<OutboxEntry> entries, ref int bytes)
    {
        using var command = SqlHelpers.Command(connection, null,
            "SELECT o.id, o.dedup_key, o.item_id, " +
            "COALESCE(o.envelope, (SELECT e.envelope FROM items i JOIN item_envelopes e ON e.seq = i.seq WHERE i.item_id = o.item_id)), " +
            $"o.hops, o.enqueued_at, o.expires_at, o.priority FROM outbox o WHERE o.peer = $peer AND {queue} AND o.id > $after ORDER BY o.id LIMIT $limit");
        using var reader = command.With("$peer", peer).With("$after", after).With("$limit", limit).ExecuteReader();
        while (reader.Read() && (entries.Count == 0 || bytes < maxBytes))
        {
            // Empty only if the stored envelope it referred to is gone (a defect): the link drops such an entry, audited.
            var envelope = reader.IsDBNull(3) ? [] : reader.GetFieldValue<byte[]>(3);
            bytes += envelope.Length;
            entries.Add(new OutboxEntry(reader.GetInt64(0), peer, reader.GetString(1), reader.GetString(2), envelope,
                JsonSerializer.Deserialize<string[]>(reader.GetString(4)) ?? [], SqlHelpers.FromUnixMs(reader.GetInt64(5)), SqlHelpers.FromUnixMs(reader.GetInt64(6)),
                reader.GetInt64(7) == 1));
        }
    }

    /// <summary>
    /// Applies a peer's answers: accepted, duplicate and rejected entries leave the outbox and their outcome is recorded
    /// (rejections audited with the reason); entries to retry stay. Expired entries are dropped with an audit entry.
    /// </summary>
    public Task CompleteAsync(string peer, IReadOnlyList<PeerAnswer> answers, IReadOnlyList<OutboxEntry> expired, CancellationToken cancellationToken) =>
        _database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var now = SqlHelpers.UnixMs(_database.Clock.GetUtcNow());
            foreach (var answer in answers.Where(a => a.Outcome != "retry"))
            {
                _database.Writer.Prepared(transaction, "DELETE FROM outbox WHERE id = $id").With("$id", answer.OutboxId).ExecuteNonQuery();
                _database.Writer.Prepared(transaction,
                        "INSERT INTO peer_results (item_id, peer, outcome, reason, at) VALUES ($item, $peer, $outcome, $reason, $at) " +
                        "ON CONFLICT (item_id, peer) DO UPDATE SET outcome = excluded.outcome, reason = excluded.reason, at = excluded.at")
                    .With("$item", answer.ItemId).With("$peer", peer).With("$outcome", answer.Outcome).With("$reason", answer.Reason).With("$at", now)
                    .ExecuteNonQuery();
                if (answer.Outcome == "rejected")
                {
                    _audit.Append(connection, transaction, new AuditRecord("peer:" + peer, "item.rejected-by-peer", answer.ItemId, "rejected", answer.Reason));
                }
            }

            foreach (var entry in expired)
            {
                _database.Writer.Prepared(transaction, "DELETE FROM outbox WHERE id = $id").With("$id", entry.Id).ExecuteNonQuery();
                var why = entry.Envelope.Length == 0 ? $"its stored envelope is gone; not sent to {peer}" : $"expired before {peer} took it";
                _audit.Append(connection, transaction, new AuditRecord("node", "outbox.expired", entry.ItemId, "dropped", why));
            }

            return true;
        }, cancellationToken);

    public Task<(long Depth, DateTimeOffset? Oldest)> OutboxStatsAsync(string peer, CancellationToken cancellationToken) =>
        _database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT count(*), min(enqueued_at) FROM outbox WHERE peer = $peer");
            using var reader = command.With("$peer", peer).ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetTimeOrNull(1));
        }, cancellationToken);

    /// <summary>
    /// The outbox gauges at scrape time (docs/OPERATIONS.md §4): per peer, the entries waiting (counted on the index
    /// outbox_by_peer) and when the first of them, in queue order, was queued. Peers with nothing waiting read (0, null).
    /// </summary>
    internal IReadOnlyList<(string Peer, long Depth, DateTimeOffset? Oldest)> OutboxGauges(IEnumerable<string> peers)
    {
        using var connection = _database.OpenReader();
        using var count = SqlHelpers.Command(connection, null, "SELECT count(*) FROM outbox WHERE peer = $peer");
        using var first = SqlHelpers.Command(connection, null, "SELECT enqueued_at FROM outbox WHERE peer = $peer ORDER BY id LIMIT 1");
        var result = new List<(string, long, DateTimeOffset?)>();
        foreach (var peer in peers)
        {
            count.Parameters.Clear();
            first.Parameters.Clear();
            var depth = (long)count.With("$peer", peer).ExecuteScalar()!;
            var oldest = depth > 0 && first.With("$peer", peer).ExecuteScalar() is long ms ? SqlHelpers.FromUnixMs(ms) : (DateTimeOffset?)null;
            result.Add((peer, depth, oldest));
        }

        return result;
    }

    /// <summary>Peers' answers about an item this node sent.</summary>
    public Task<IReadOnlyList<(string Peer, string Outcome, string Reason, DateTimeOffset At)>> PeerResultsAsync(string itemId, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<(string, string, string, DateTimeOffset)>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT peer, outcome, reason, at FROM peer_results WHERE item_id = $id ORDER BY peer");
            using var reader = command.With("$id", itemId).ExecuteReader();
            var result = new List<(string, string, string, DateTimeOffset)>();
            while (reader.Read())
            {
                result.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), SqlHelpers.FromUnixMs(reader.GetInt64(3))));
            }

            return result;
        }, cancellationToken);

    /// <summary>As RecordReceipt below, inside a unit of work.</summary>
    public bool RecordReceipt(UnitOfWork work, string itemId, string originNode, string recipient, string kind, DateTimeOffset at, string by, string reason, int? membersReached = null) =>
        RecordReceipt(work.Connection, work.Transaction, itemId, originNode, recipient, kind, at, by, reason, membersReached);

    /// <summary>
    /// Records a receipt at the origin inside a writer operation, once the receipt policy allowed it; the first
    /// delivered/acknowledged time is kept. False, writing nothing, when no item with that id from originNode is stored
    /// (purged since it was judged): a receipt row never exists without its item.
    /// </summary>
    public bool RecordReceipt(
        SqliteConnection connection, SqliteTransaction transaction, string itemId, string originNode, string recipient, string kind, DateTimeOffset at, string by, string reason,
        int? membersReached = null)
    {
        var stored = _database.Writer.Prepared(transaction, "SELECT 1 FROM items WHERE item_id = $item AND origin_node = $origin")
            .With("$item", itemId).With("$origin", originNode).ExecuteScalar();
        if (stored is null)
        {
            return false;
        }

        var ms = SqlHelpers.UnixMs(at);
        _database.Writer.Prepared(transaction, "INSERT INTO receipts (item_id, recipient_node) VALUES ($item, $node) ON CONFLICT DO NOTHING")
            .With("$item", itemId).With("$node", recipient).ExecuteNonQuery();
        var sql = kind switch
        {
            "delivered" => "UPDATE receipts SET delivered_at = COALESCE(delivered_at, $at), members_reached = COALESCE($reached, members_reached) WHERE item_id = $item AND recipient_node = $node",
            "acknowledged" => "UPDATE receipts SET acknowledged_at = COALESCE(acknowledged_at, $at), acknowledged_by = COALESCE(acknowledged_by, $by), " +
                              "delivered_at = COALESCE(delivered_at, $at) WHERE item_id = $item AND recipient_node = $node",
            _ => "UPDATE receipts SET rejected_reason = $reason WHERE item_id = $item AND recipient_node = $node",
        };
        _database.Writer.Prepared(transaction, sql).With("$at", ms).With("$by", by).With("$reason", reason).With("$item", itemId).With("$node", recipient)
            .With("$reached", membersReached).ExecuteNonQuery();
        return true;
    }

    /// <summary>
    /// The items among itemIds that originNode (this node) made: each one's stored envelope and approval queue state
    /// (null when never queued), for judging receipts before the writer records them.
    /// </summary>
    public Task<IReadOnlyDictionary<string, (byte[] Envelope, string? HeldState)>> OwnItemsAsync(IReadOnlyList<string> itemIds, string originNode, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyDictionary<string, (byte[], string?)>>(connection =>
        {
            var result = new Dictionary<string, (byte[], string?)>(StringComparer.Ordinal);
            foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                using var command = SqlHelpers.Command(connection, null, "");
                command.With("$origin", originNode);
                var sql = new System.Text.StringBuilder(
                    "SELECT i.item_id, e.envelope, h.state FROM items i JOIN item_envelopes e ON e.seq = i.seq LEFT JOIN held h ON h.seq = i.seq WHERE i.origin_node = $origin AND ");
                SqlHelpers.AppendIn(sql, command, "i.item_id", "id", chunk, id => id);
                command.CommandText = sql.ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result[reader.GetString(0)] = (reader.GetFieldValue<byte[]>(1), reader.GetStringOrNull(2));
                }
            }

            return result;
        }, cancellationToken);

    public Task<IReadOnlyList<ReceiptRecord>> ReceiptsAsync(string itemId, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyList<ReceiptRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT recipient_node, delivered_at, acknowledged_at, acknowledged_by, rejected_reason, members_reached FROM receipts WHERE item_id = $id ORDER BY recipient_node");
            using var reader = command.With("$id", itemId).ExecuteReader();
            var result = new List<ReceiptRecord>();
            while (reader.Read())
            {
                result.Add(new ReceiptRecord(
                    itemId, reader.GetString(0), reader.GetTimeOrNull(1), reader.GetTimeOrNull(2), reader.GetStringOrNull(3), reader.GetStringOrNull(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5)));
            }

            return result;
        }, cancellationToken);

    /// <summary>True the first time a relayed receipt key is seen (inside a unit of work).</summary>
    public bool FirstRelayOfReceipt(UnitOfWork work, string dedupKey) => FirstRelayOfReceipt(work.Connection, work.Transaction, dedupKey);

    /// <summary>True the first time a relayed receipt key is seen (inside a writer operation).</summary>
    public bool FirstRelayOfReceipt(SqliteConnection connection, SqliteTransaction transaction, string dedupKey) =>
        _database.Writer.Prepared(transaction, "INSERT INTO relayed_receipts (dedup_key, received_at) VALUES ($key, $at) ON CONFLICT DO NOTHING")
            .With("$key", dedupKey).With("$at", SqlHelpers.UnixMs(_database.Clock.GetUtcNow())).ExecuteNonQuery() == 1;

    /// <summary>The stored envelope bytes of these item ids (those held), for byte-exact duplicate detection.</summary>
    public Task<IReadOnlyDictionary<string, byte[]>> StoredEnvelopesAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken) =>
        _database.ReadAsync<IReadOnlyDictionary<string, byte[]>>(connection =>
        {
            var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                using var command = SqlHelpers.Command(connection, null, "");
                var sql = new System.Text.StringBuilder("SELECT i.item_id, e.envelope FROM items i JOIN item_envelopes e ON e.seq = i.seq WHERE ");
                SqlHelpers.AppendIn(sql, command, "i.item_id", "id", chunk, id => id);
                command.CommandText = sql.ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result[reader.GetString(0)] = reader.GetFieldValue<byte[]>(1);
                }
            }

            return result;
        }, cancellationToken);

    /// <summary>Completes when something is queued for the peer after this call (or on cancellation).</summary>
    public Task WaitForOutboxAsync(string peer, CancellationToken cancellationToken)
    {
        lock (_signalsLock)
        {
            if (!_outboxSignals.TryGetValue(peer, out var signal))
            {
                _outboxSignals[peer] = signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    private void Signal(string peer)
    {
        TaskCompletionSource? signal;
        lock (_signalsLock)
        {
            _outboxSignals.Remove(peer, out signal);
        }

        signal?.TrySetResult();
    }
}
