namespace Ceptoar.Node.Storage;

/// <summary>A checkpoint of another node's audit chain as a hub keeps it.</summary>
public sealed record HeldCheckpoint(string NodeId, long Seq, string Hash, DateTimeOffset SignedAt, byte[] Envelope);

/// <summary>A stored item a peer may be sent again after it was restored from a backup (docs/LIFECYCLE.md §5).</summary>
public sealed record CatchUpCandidate(long Seq, string ItemId, byte[] Envelope, string? HeldState, DateTimeOffset? ExpiresAt);

/// <summary>
/// What tamper evidence and restores keep (docs/LIFECYCLE.md §4, §5): other nodes' signed audit checkpoints at a hub, the
/// local chain's hash at a seq, the restore marker a backup copy carries, and the items to resend to a restored peer.
/// </summary>
public sealed class LifecycleStore(NodeDatabase database)
{
    /// <summary>Most checkpoints a hub keeps per node: the newest; older ones are dropped as new ones arrive.</summary>
    public const int MaxCheckpointsPerNode = 1000;

    /// <summary>Keeps a verified checkpoint (the same seq twice keeps the first); returns false when it was already held.</summary>
    public Task<bool> KeepCheckpointAsync(HeldCheckpoint checkpoint, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var inserted = SqlHelpers.Command(connection, transaction,
                    "INSERT INTO audit_checkpoints (node_id, seq, hash, signed_at, received_at, envelope) VALUES ($node, $seq, $hash, $signed, $at, $envelope) " +
                    "ON CONFLICT (node_id, seq) DO NOTHING")
                .With("$node", checkpoint.NodeId).With("$seq", checkpoint.Seq).With("$hash", checkpoint.Hash)
                .With("$signed", SqlHelpers.UnixMs(checkpoint.SignedAt)).With("$at", SqlHelpers.UnixMs(database.Clock.GetUtcNow()))
                .With("$envelope", checkpoint.Envelope).ExecuteNonQuery();
            using (var prune = SqlHelpers.Command(connection, transaction,
                "DELETE FROM audit_checkpoints WHERE node_id = $node AND seq NOT IN (SELECT seq FROM audit_checkpoints WHERE node_id = $node ORDER BY seq DESC LIMIT $keep)"))
            {
                prune.With("$node", checkpoint.NodeId).With("$keep", MaxCheckpointsPerNode).ExecuteNonQuery();
            }

            return inserted == 1;
        }, cancellationToken);

    /// <summary>The checkpoints held for a node, oldest first, as their signed envelopes.</summary>
    public Task<IReadOnlyList<byte[]>> CheckpointsOfAsync(string nodeId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<byte[]>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT envelope FROM audit_checkpoints WHERE node_id = $node ORDER BY seq").With("$node", nodeId);
            using var reader = command.ExecuteReader();
            var result = new List<byte[]>();
            while (reader.Read())
            {
                result.Add(reader.GetFieldValue<byte[]>(0));
            }

            return result;
        }, cancellationToken);

    /// <summary>The local audit chain's head (seq, hash); (0, genesis) for an empty chain.</summary>
    public Task<(long Seq, string Hash)> AuditHeadAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, AuditChain.ReadHeadSql);
            using var reader = command.ExecuteReader();
            return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0L, Migrations.GenesisHash);
        }, cancellationToken);

    /// <summary>The stored hash of each local audit entry asked for (absent when the chain has no such entry).</summary>
    public Task<IReadOnlyDictionary<long, string>> AuditHashesAsync(IReadOnlyCollection<long> seqs, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<long, string>>(connection =>
        {
            var result = new Dictionary<long, string>();
            using var command = SqlHelpers.Command(connection, null, "SELECT hash FROM audit WHERE seq = $seq");
            var parameter = command.CreateParameter();
            parameter.ParameterName = "$seq";
            command.Parameters.Add(parameter);
            foreach (var seq in seqs.Distinct())
            {
                parameter.Value = seq;
                if (command.ExecuteScalar() is string hash)
                {
                    result[seq] = hash;
                }
            }

            return result;
        }, cancellationToken);

    /// <summary>The time a restored node asks its peers to resend from, when this database is a restored backup not yet caught up.</summary>
    public Task<DateTimeOffset?> PendingCatchUpAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT since FROM restore_catch_up WHERE id = 1");
            return command.ExecuteScalar() is long since ? SqlHelpers.FromUnixMs(since) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <summary>Every peer has resent what this node missed: the marker goes, audited in the same commit.</summary>
    public Task CatchUpDoneAsync(AuditLog audit, AuditRecord record, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            SqlHelpers.Execute(connection, transaction, "DELETE FROM restore_catch_up");
            audit.Append(connection, transaction, record);
            return true;
        }, cancellationToken);

    /// <summary>Stored items received (or originated) at or after since, past afterSeq, oldest first, at most limit.</summary>
    public Task<IReadOnlyList<CatchUpCandidate>> StoredSinceAsync(DateTimeOffset since, long afterSeq, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<CatchUpCandidate>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                    "SELECT i.seq, i.item_id, e.envelope, h.state, i.expires_at FROM items i JOIN item_envelopes e ON e.seq = i.seq " +
                    "LEFT JOIN held h ON h.seq = i.seq WHERE i.seq > $after AND i.received_at >= $since ORDER BY i.seq LIMIT $limit")
                .With("$after", afterSeq).With("$since", SqlHelpers.UnixMs(since)).With("$limit", limit);
            using var reader = command.ExecuteReader();
            var result = new List<CatchUpCandidate>();
            while (reader.Read())
            {
                result.Add(new CatchUpCandidate(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), reader.GetStringOrNull(3), reader.GetTimeOrNull(4)));
            }

            return result;
        }, cancellationToken);
}
