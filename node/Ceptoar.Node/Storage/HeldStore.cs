using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>An item in the approval queue.</summary>
public sealed record HeldRecord(long Seq, string ItemId, string Rule, string Explanation, DateTimeOffset HeldAt, string State, string? DecidedBy, DateTimeOffset? DecidedAt, string? Reason);

/// <summary>The approval queue: items a handling rule held until the secretariat decides.</summary>
public sealed class HeldStore(NodeDatabase database)
{
    /// <summary>
    /// Whether a queue state keeps the item on this node: waiting for a decision, or rejected. Every door that hands an
    /// item or its trace to a peer asks this one question (fetch by id, query answers, the origin's receipts); revoked
    /// items are withheld by fetch and query from their tombstone (StoredItem.Withdrawn, docs/LIFECYCLE.md §1).
    /// </summary>
    public static bool Withholds(string? state) => state is "held" or "rejected";

    /// <summary>Queues an item inside the writer operation that stores it.</summary>
    public void Insert(SqliteConnection connection, SqliteTransaction transaction, long seq, string rule, string explanation)
    {
        using var command = SqlHelpers.Command(connection, transaction,
            "INSERT INTO held (seq, rule, explanation, held_at, state) VALUES ($seq, $rule, $explanation, $at, 'held')");
        command.With("$seq", seq).With("$rule", rule).With("$explanation", explanation).With("$at", SqlHelpers.UnixMs(database.Clock.GetUtcNow())).ExecuteNonQuery();
    }

    /// <summary>Queues an item inside the unit of work that stores it.</summary>
    public void Insert(UnitOfWork work, long seq, string rule, string explanation) => Insert(work.Connection, work.Transaction, seq, rule, explanation);

    /// <summary>Records the secretariat's decision inside a unit of work; false if the item was not waiting (any more).</summary>
    public bool Decide(UnitOfWork work, long seq, string state, string decidedBy, string reason) =>
        Decide(work.Connection, work.Transaction, seq, state, decidedBy, reason);

    /// <summary>Records the secretariat's decision inside a writer operation; false if the item was not waiting (any more).</summary>
    public bool Decide(SqliteConnection connection, SqliteTransaction transaction, long seq, string state, string decidedBy, string reason)
    {
        using var command = SqlHelpers.Command(connection, transaction,
            "UPDATE held SET state = $state, decided_by = $by, decided_at = $at, reason = $reason WHERE seq = $seq AND state = 'held'");
        return command.With("$state", state).With("$by", decidedBy).With("$at", SqlHelpers.UnixMs(database.Clock.GetUtcNow()))
            .With("$reason", reason).With("$seq", seq).ExecuteNonQuery() == 1;
    }

    public Task<HeldRecord?> GetAsync(string itemId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT h.seq, i.item_id, h.rule, h.explanation, h.held_at, h.state, h.decided_by, h.decided_at, h.reason FROM held h JOIN items i ON i.seq = h.seq WHERE i.item_id = $id");
            command.With("$id", itemId);
            return Read(command).FirstOrDefault();
        }, cancellationToken);

    public Task<IReadOnlyList<HeldRecord>> ListAsync(bool all, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<HeldRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT h.seq, i.item_id, h.rule, h.explanation, h.held_at, h.state, h.decided_by, h.decided_at, h.reason FROM held h JOIN items i ON i.seq = h.seq " +
                (all ? "" : "WHERE h.state = 'held' ") + "ORDER BY h.seq");
            return Read(command);
        }, cancellationToken);

    /// <summary>Queue states of the given items (those not in the queue are absent).</summary>
    public Task<IReadOnlyDictionary<string, HeldRecord>> StatesAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, HeldRecord>>(connection =>
        {
            var result = new Dictionary<string, HeldRecord>(StringComparer.Ordinal);
            foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                using var command = SqlHelpers.Command(connection, null, "");
                var sql = new System.Text.StringBuilder(
                    "SELECT h.seq, i.item_id, h.rule, h.explanation, h.held_at, h.state, h.decided_by, h.decided_at, h.reason FROM held h JOIN items i ON i.seq = h.seq WHERE ");
                SqlHelpers.AppendIn(sql, command, "i.item_id", "id", chunk, id => id);
                command.CommandText = sql.ToString();
                foreach (var record in Read(command))
                {
                    result[record.ItemId] = record;
                }
            }

            return result;
        }, cancellationToken);

    private static List<HeldRecord> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<HeldRecord>();
        while (reader.Read())
        {
            result.Add(new HeldRecord(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), SqlHelpers.FromUnixMs(reader.GetInt64(4)),
                reader.GetString(5), reader.GetStringOrNull(6), reader.GetTimeOrNull(7), reader.GetStringOrNull(8)));
        }

        return result;
    }
}
