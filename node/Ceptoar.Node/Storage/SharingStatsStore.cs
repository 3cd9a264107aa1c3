using System.Globalization;
using System.Text;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Storage;

/// <summary>One month of a statistics period: [Start, End) as instants, the month's bounds in the node's time zone.</summary>
public sealed record MonthRange(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// How many stored items share one combination of month (index into the period's months), origin node, kind, label and
/// flags. Only the columns a hub's routing header also gives are read (docs/TLP.md §2), never a title or an envelope.
/// </summary>
/// <param name="Withheld">Held or rejected in this node's approval queue.</param>
/// <param name="Revoked">Withdrawn by its origin (docs/LIFECYCLE.md §1).</param>
/// <param name="Sealed">Held only as the origin's sealed envelope (a hub relaying for others).</param>
public sealed record SharingCount(int Month, string OriginNode, ItemKind Kind, Tlp Tlp, bool Exercise, bool Sealed, bool Withheld, bool Revoked, long Count);

/// <summary>
/// The sharing statistics' one read (docs/CONSOLE.md §5): a single aggregate statement over the items of a period, so a
/// ten-year period costs one walk of the creation-time index, not one query per month.
/// </summary>
public sealed class SharingStatsStore(NodeDatabase database)
{
    /// <summary>The counts of every item created within the months, grouped by month and the columns statistics group by.</summary>
    public Task<IReadOnlyList<SharingCount>> CountAsync(IReadOnlyList<MonthRange> months, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(months);
        return database.ReadAsync<IReadOnlyList<SharingCount>>(connection =>
        {
            // The months go in as one JSON array: one statement whatever the period's length. CROSS JOIN keeps the months
            // as the outer loop (SQLite does not reorder it), so each month is one range of items_by_created.
            using var command = SqlHelpers.Command(connection, null,
                "WITH m(idx, start_ms, end_ms) AS (SELECT CAST(key AS INTEGER), json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each($months)) " +
                "SELECT m.idx, i.origin_node, i.kind, i.tlp, i.exercise, i.sealed, " +
                "CASE WHEN h.state IN ('held', 'rejected') THEN 1 ELSE 0 END, CASE WHEN w.item_id IS NULL THEN 0 ELSE 1 END, COUNT(*) " +
                "FROM m CROSS JOIN items i " +
                "LEFT JOIN held h ON h.seq = i.seq " +
                // The withdrawal applies only to an item of the withdrawing origin (docs/LIFECYCLE.md §1).
                "LEFT JOIN item_withdrawals w ON w.item_id = i.item_id AND w.origin_node = i.origin_node AND w.state = 'revoked' " +
                "WHERE i.created_at >= m.start_ms AND i.created_at < m.end_ms " +
                "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8");
            command.With("$months", MonthsJson(months));
            using var reader = command.ExecuteReader();
            var result = new List<SharingCount>();
            while (reader.Read())
            {
                result.Add(new SharingCount(
                    reader.GetInt32(0), reader.GetString(1), (ItemKind)reader.GetInt32(2), (Tlp)reader.GetInt32(3), reader.GetInt64(4) == 1,
                    reader.GetInt64(5) == 1, reader.GetInt64(6) == 1, reader.GetInt64(7) == 1, reader.GetInt64(8)));
            }

            return result;
        }, cancellationToken);
    }

    private static string MonthsJson(IReadOnlyList<MonthRange> months)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < months.Count; i++)
        {
            json.Append(i == 0 ? "[" : ",[")
                .Append(SqlHelpers.UnixMs(months[i].Start).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(SqlHelpers.UnixMs(months[i].End).ToString(CultureInfo.InvariantCulture)).Append(']');
        }

        return json.Append(']').ToString();
    }
}
