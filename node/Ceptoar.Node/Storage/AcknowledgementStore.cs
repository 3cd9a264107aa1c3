namespace Ceptoar.Node.Storage;

/// <summary>An acknowledgement an origin recorded from a recipient node (one per person there; the first kept).</summary>
/// <param name="Acknowledger">Who, as the origin tells people apart: "member:&lt;id&gt;", "staff:&lt;name&gt;", "admin" or "pseudonym:&lt;hex&gt;".</param>
/// <param name="AcknowledgedBy">The receipt's acknowledged_by.</param>
public sealed record ReceivedAcknowledgement(
    string RecipientNode, string Acknowledger, string AcknowledgedBy, string NameJa, string NameEn, DateTimeOffset At, string Note);

/// <summary>
/// Acknowledgements beyond the member API's own table (docs/PROTOCOL.md §7): at the origin, every one recorded per recipient
/// node and person; at a recipient, those of the secretariat's named staff; and the secret that keeps members' pseudonyms
/// in receipts stable per item yet unlinkable.
/// </summary>
public sealed class AcknowledgementStore(NodeDatabase database)
{
    private const string PseudonymSecret = "receipt-pseudonym";
    private readonly Lazy<Task<byte[]>> _pseudonymKey = new(() => database.ReadAsync(connection =>
    {
        using var command = SqlHelpers.Command(connection, null, "SELECT value FROM node_secrets WHERE name = $name");
        return (byte[])command.With("$name", PseudonymSecret).ExecuteScalar()!;
    }, CancellationToken.None));

    /// <summary>The node-local key for member pseudonyms, made once by the migration that created the table (random, never sent).</summary>
    public Task<byte[]> PseudonymKeyAsync() => _pseudonymKey.Value;

    /// <summary>
    /// At the origin, inside the unit of work that records the receipt: one row per recipient node and acknowledger for
    /// the item; a later receipt from the same person changes nothing. False when the row was already there.
    /// </summary>
    public bool RecordReceived(UnitOfWork work, string itemId, ReceivedAcknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(acknowledgement);
        using var insert = SqlHelpers.Command(work.Connection, work.Transaction,
            "INSERT INTO receipt_acknowledgements (item_id, recipient_node, acknowledger, acknowledged_by, name_ja, name_en, at, note) " +
            "VALUES ($item, $node, $who, $by, $ja, $en, $at, $note) ON CONFLICT DO NOTHING");
        return insert.With("$item", itemId).With("$node", acknowledgement.RecipientNode).With("$who", acknowledgement.Acknowledger)
            .With("$by", acknowledgement.AcknowledgedBy).With("$ja", acknowledgement.NameJa).With("$en", acknowledgement.NameEn)
            .With("$at", SqlHelpers.UnixMs(acknowledgement.At)).With("$note", acknowledgement.Note).ExecuteNonQuery() == 1;
    }

    /// <summary>At the origin: every acknowledgement recorded for the item, by recipient node, oldest first.</summary>
    public Task<IReadOnlyList<ReceivedAcknowledgement>> ReceivedAsync(string itemId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ReceivedAcknowledgement>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT recipient_node, acknowledger, acknowledged_by, name_ja, name_en, at, note FROM receipt_acknowledgements " +
                "WHERE item_id = $item ORDER BY recipient_node, at, acknowledger");
            using var reader = command.With("$item", itemId).ExecuteReader();
            var result = new List<ReceivedAcknowledgement>();
            while (reader.Read())
            {
                result.Add(new ReceivedAcknowledgement(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), SqlHelpers.FromUnixMs(reader.GetInt64(5)), reader.GetString(6)));
            }

            return result;
        }, cancellationToken);

    /// <summary>The first staff acknowledgement of each of these items at this node (items nobody of the staff acknowledged are absent).</summary>
    public Task<IReadOnlyDictionary<string, DateTimeOffset>> FirstStaffAcknowledgementsAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, DateTimeOffset>>(connection =>
        {
            var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                using var command = SqlHelpers.Command(connection, null, "");
                var sql = new System.Text.StringBuilder("SELECT item_id, MIN(at) FROM staff_acknowledgements WHERE ");
                SqlHelpers.AppendIn(sql, command, "item_id", "id", chunk, id => id);
                command.CommandText = sql.Append(" GROUP BY item_id").ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result[reader.GetString(0)] = SqlHelpers.FromUnixMs(reader.GetInt64(1));
                }
            }

            return result;
        }, cancellationToken);

    /// <summary>
    /// At a recipient, inside a unit of work: a staff person's acknowledgement of a stored item, the first per person
    /// kept. Returns the time of that first one and whether it was already there; throws KeyNotFoundException for an
    /// item this node does not store.
    /// </summary>
    public AckOutcome AcknowledgeByStaff(UnitOfWork work, string itemId, string staffName, string note, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(work);
        using (var exists = SqlHelpers.Command(work.Connection, work.Transaction, "SELECT 1 FROM items WHERE item_id = $id"))
        {
            if (exists.With("$id", itemId).ExecuteScalar() is null)
            {
                throw new KeyNotFoundException($"No item {itemId} is stored at this node.");
            }
        }

        var at = SqlHelpers.TruncateToMs(now);
        using (var insert = SqlHelpers.Command(work.Connection, work.Transaction,
            "INSERT INTO staff_acknowledgements (item_id, staff_name, at, note) VALUES ($id, $name, $at, $note) ON CONFLICT DO NOTHING"))
        {
            if (insert.With("$id", itemId).With("$name", staffName).With("$at", SqlHelpers.UnixMs(at)).With("$note", note).ExecuteNonQuery() == 1)
            {
                return new AckOutcome(at, AlreadyAcknowledged: false);
            }
        }

        using var first = SqlHelpers.Command(work.Connection, work.Transaction, "SELECT at FROM staff_acknowledgements WHERE item_id = $id AND staff_name = $name");
        return new AckOutcome(SqlHelpers.FromUnixMs((long)first.With("$id", itemId).With("$name", staffName).ExecuteScalar()!), AlreadyAcknowledged: true);
    }

    /// <summary>
    /// The member's own acknowledgements at this node (the member API's table), newest first: who (the note the console
    /// writes names the person, docs/CONSOLE.md §3) and when.
    /// </summary>
    public Task<IReadOnlyList<MemberAcknowledgement>> OfMemberAsync(string memberId, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<MemberAcknowledgement>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT item_id, at, note FROM acknowledgements WHERE member_id = $member ORDER BY at DESC, item_id LIMIT $limit");
            using var reader = command.With("$member", memberId).With("$limit", limit).ExecuteReader();
            var result = new List<MemberAcknowledgement>();
            while (reader.Read())
            {
                result.Add(new MemberAcknowledgement(reader.GetString(0), SqlHelpers.FromUnixMs(reader.GetInt64(1)), reader.GetString(2)));
            }

            return result;
        }, cancellationToken);
}

/// <summary>One acknowledgement by a member of this node: the item, when, and its note.</summary>
public sealed record MemberAcknowledgement(string ItemId, DateTimeOffset At, string Note);
