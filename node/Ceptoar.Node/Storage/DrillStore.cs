namespace Ceptoar.Node.Storage;

/// <summary>When and by whom a drill this node started was closed.</summary>
public sealed record DrillClosure(string ItemId, DateTimeOffset ClosedAt, string ClosedBy);

/// <summary>The drill at its origin's own members: how many it reaches now, and who acknowledged it here (members and staff).</summary>
public sealed record OwnDrillFacts(int MembersReached, IReadOnlyList<LocalAcknowledgement> Acknowledgements);

/// <summary>One acknowledgement made at this node: "member:&lt;id&gt;" (with the member's names) or "staff:&lt;name&gt;".</summary>
public sealed record LocalAcknowledgement(string By, string NameJa, string NameEn, DateTimeOffset At);

/// <summary>
/// What the origin of a drill keeps beyond the item and its receipts (docs/DRILLS.md §5): when it was closed. The first
/// close counts; closing again changes nothing.
/// </summary>
public sealed class DrillStore(NodeDatabase database, AuditLog audit)
{
    /// <summary>Closes the drill now, audited as "drill.close", unless it was closed before; returns the closure in force.</summary>
    public Task<DrillClosure> CloseAsync(string itemId, string closedBy, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var now = database.Clock.GetUtcNow();
            var inserted = database.Writer.Prepared(transaction, "INSERT INTO drill_closures (item_id, closed_at, closed_by) VALUES ($item, $at, $by) ON CONFLICT DO NOTHING")
                .With("$item", itemId).With("$at", SqlHelpers.UnixMs(now)).With("$by", closedBy).ExecuteNonQuery() == 1;
            if (inserted)
            {
                audit.Append(connection, transaction, new AuditRecord(closedBy, "drill.close", itemId, "ok", "later acknowledgements are recorded as late"));
            }

            using var command = SqlHelpers.Command(connection, transaction, "SELECT closed_at, closed_by FROM drill_closures WHERE item_id = $item");
            using var reader = command.With("$item", itemId).ExecuteReader();
            reader.Read();
            return new DrillClosure(itemId, SqlHelpers.FromUnixMs(reader.GetInt64(0)), reader.GetString(1));
        }, cancellationToken);

    /// <summary>The closures of these drills (those closed).</summary>
    public Task<IReadOnlyDictionary<string, DrillClosure>> ClosuresAsync(IReadOnlyList<string> itemIds, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, DrillClosure>>(connection =>
        {
            var result = new Dictionary<string, DrillClosure>(StringComparer.Ordinal);
            foreach (var chunk in itemIds.Distinct(StringComparer.Ordinal).Chunk(500))
            {
                using var command = SqlHelpers.Command(connection, null, "");
                var sql = new System.Text.StringBuilder("SELECT item_id, closed_at, closed_by FROM drill_closures WHERE ");
                SqlHelpers.AppendIn(sql, command, "item_id", "id", chunk, id => id);
                command.CommandText = sql.ToString();
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    result[reader.GetString(0)] = new DrillClosure(reader.GetString(0), SqlHelpers.FromUnixMs(reader.GetInt64(1)), reader.GetString(2));
                }
            }

            return result;
        }, cancellationToken);

    /// <summary>The drill at this node's own members (docs/DRILLS.md §5): the enabled members its delivery reaches now, and every acknowledgement made here.</summary>
    public Task<OwnDrillFacts> OwnMembersAsync(string itemId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var count = SqlHelpers.Command(connection, null,
                "SELECT COUNT(*) FROM members m, items i WHERE i.item_id = $id AND m.disabled = 0 AND (i.deliver_all = 1 OR EXISTS " +
                "(SELECT 1 FROM item_member_delivery d WHERE d.seq = i.seq AND (d.member_id = m.member_id OR d.sector = m.sector)))");
            var reached = Convert.ToInt32(count.With("$id", itemId).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            using var acks = SqlHelpers.Command(connection, null,
                "SELECT 'member:' || a.member_id, COALESCE(m.name_ja, ''), COALESCE(m.name_en, ''), a.at FROM acknowledgements a LEFT JOIN members m ON m.member_id = a.member_id WHERE a.item_id = $id " +
                "UNION ALL SELECT 'staff:' || s.staff_name, '', '', s.at FROM staff_acknowledgements s WHERE s.item_id = $id ORDER BY 4");
            using var reader = acks.With("$id", itemId).ExecuteReader();
            var list = new List<LocalAcknowledgement>();
            while (reader.Read())
            {
                list.Add(new LocalAcknowledgement(reader.GetString(0), reader.GetString(1), reader.GetString(2), SqlHelpers.FromUnixMs(reader.GetInt64(3))));
            }

            return new OwnDrillFacts(reached, list);
        }, cancellationToken);
}
