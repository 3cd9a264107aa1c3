using System.Globalization;
using System.Text;
using Ceptoar.Federation.V1;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>The SQL behind ItemStore: inserting an item with its rows, and building filtered, visibility-checked queries.</summary>
internal static class ItemSql
{
    private const string SelectItems =
        "SELECT i.seq, i.item_id, i.origin_node, i.kind, i.tlp, i.exercise, i.title, i.created_at, i.expires_at, " +
        "i.received_at, i.submitted_by_member, e.envelope, i.sealed, w.state, w.by_item_id, w.reason, w.at FROM items i JOIN item_envelopes e ON e.seq = i.seq " +
        // The withdrawal applies only to an item of the withdrawing origin (docs/LIFECYCLE.md §1).
        "LEFT JOIN item_withdrawals w ON w.item_id = i.item_id AND w.origin_node = i.origin_node";

    // What a member may see (docs/TLP.md §4, as decided by policy at store time): its own submissions, items delivered
    // to all members, items naming it, items addressed to its sector.
    private const string Visible =
        "(i.submitted_by_member = $viewer_member OR i.deliver_all = 1 OR EXISTS (SELECT 1 FROM item_member_delivery d " +
        "WHERE d.seq = i.seq AND (d.member_id = $viewer_member OR d.sector = $viewer_sector)))";

    /// <summary>Inserts the item and its sector and delivery rows; null (and nothing written) if the item id exists.</summary>
    public static long? TryInsert(WriteQueue writer, SqliteTransaction transaction, NewItem item, long receivedAtMs)
    {
        var insert = writer.Prepared(transaction,
            "INSERT INTO items (item_id, origin_node, kind, tlp, exercise, title, created_at, expires_at, received_at, " +
            "submitted_by_member, deliver_all, search_text, sealed, retain_until) VALUES ($id, $origin, $kind, $tlp, $exercise, $title, $created, " +
            "$expires, $received, $submitter, $all, $search, $sealed, $retain) ON CONFLICT (item_id) DO NOTHING RETURNING seq");
        var result = insert.With("$id", item.ItemId).With("$origin", item.OriginNode).With("$kind", (int)item.Kind)
            .With("$tlp", (int)item.Tlp).With("$exercise", item.Exercise ? 1 : 0).With("$title", item.Title)
            .With("$created", SqlHelpers.UnixMs(item.CreatedAt)).With("$expires", SqlHelpers.UnixMs(item.ExpiresAt))
            .With("$received", receivedAtMs).With("$submitter", item.SubmittedByMember)
            .With("$all", item.Delivery.AllMembers ? 1 : 0).With("$search", NormalizeText(item.SearchText))
            .With("$sealed", item.Sealed ? 1 : 0).With("$retain", SqlHelpers.UnixMs(item.RetainUntil)).ExecuteScalar();
        if (result is null)
        {
            return null;
        }

        var seq = (long)result;
        writer.Prepared(transaction, "INSERT INTO item_envelopes (seq, envelope) VALUES ($seq, $envelope)")
            .With("$seq", seq).With("$envelope", item.EnvelopeBytes).ExecuteNonQuery();
        InsertEach(writer, transaction, seq, "INSERT INTO item_sectors (seq, sector) VALUES ($seq, $value)", item.Sectors);
        InsertEach(writer, transaction, seq, "INSERT INTO item_member_delivery (seq, member_id) VALUES ($seq, $value)", item.Delivery.Members);
        InsertEach(writer, transaction, seq, "INSERT INTO item_member_delivery (seq, sector) VALUES ($seq, $value)", item.Delivery.Sectors);
        return seq;
    }

    public static long ReadLastSeq(SqliteConnection connection)
    {
        // sqlite_sequence holds the highest seq ever assigned (AUTOINCREMENT never reuses one, even after deletion).
        using var command = SqlHelpers.Command(connection, null, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'items'), 0)");
        return (long)command.ExecuteScalar()!;
    }

    public static StoredItem? GetOne(SqliteConnection connection, string itemId, MemberViewer? viewer)
    {
        using var command = SqlHelpers.Command(connection, null, "");
        var sql = new StringBuilder(SelectItems).Append(" WHERE i.item_id = $id");
        command.With("$id", itemId);
        AppendVisibility(sql, command, viewer);
        command.CommandText = sql.ToString();
        return ReadAll(command).FirstOrDefault();
    }

    /// <summary>The items among the ids that exist and the viewer may see (any order): one statement instead of one per id.</summary>
    public static List<StoredItem> GetMany(SqliteConnection connection, IReadOnlyList<string> itemIds, MemberViewer? viewer)
    {
        using var command = SqlHelpers.Command(connection, null, "");
        var sql = new StringBuilder(SelectItems).Append(" WHERE i.item_id IN (");
        for (var i = 0; i < itemIds.Count; i++)
        {
            var name = "$id" + i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? name : ", " + name);
            command.With(name, itemIds[i]);
        }

        sql.Append(')');
        AppendVisibility(sql, command, viewer);
        command.CommandText = sql.ToString();
        return ReadAll(command);
    }

    public static List<StoredItem> List(SqliteConnection connection, MemberViewer? viewer, ItemQuery query)
    {
        using var command = SqlHelpers.Command(connection, null, "");
        var sql = new StringBuilder(SelectItems).Append(" WHERE 1 = 1");
        AppendVisibility(sql, command, viewer);
        AppendFilters(sql, command, query, includeSubmitter: viewer is null);
        sql.Append(" ORDER BY i.seq DESC LIMIT $limit");
        command.With("$limit", ClampLimit(query.Limit));
        command.CommandText = sql.ToString();
        return ReadAll(command);
    }

    public static List<StoredItem> Feed(SqliteConnection connection, MemberViewer viewer, long afterSeq, int limit)
    {
        using var command = SqlHelpers.Command(connection, null, "");
        var sql = new StringBuilder(SelectItems).Append(" WHERE i.seq > $after");
        command.With("$after", afterSeq).With("$limit", ClampLimit(limit));
        AppendVisibility(sql, command, viewer);
        command.CommandText = sql.Append(" ORDER BY i.seq LIMIT $limit").ToString();
        return ReadAll(command);
    }

    /// <summary>
    /// Text search is a case-insensitive substring match: both sides are NFKC-normalised (full-width Latin letters and
    /// digits become ASCII, half-width kana become full-width) and lower-cased with invariant rules, because SQLite's
    /// own LIKE folds only ASCII.
    /// </summary>
    public static string NormalizeText(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    private static int ClampLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return Math.Min(limit, ItemStore.MaxLimit);
    }

    private static void AppendVisibility(StringBuilder sql, SqliteCommand command, MemberViewer? viewer)
    {
        if (viewer is null)
        {
            return;
        }

        sql.Append(" AND ").Append(Visible);
        command.With("$viewer_member", viewer.MemberId).With("$viewer_sector", viewer.Sector);
    }

    private static void AppendFilters(StringBuilder sql, SqliteCommand command, ItemQuery query, bool includeSubmitter)
    {
        if (query.Kinds.Count > 0)
        {
            sql.Append(" AND ");
            SqlHelpers.AppendIn(sql, command, "i.kind", "kind", query.Kinds, kind => (int)kind);
        }

        if (query.Labels.Count > 0)
        {
            sql.Append(" AND ");
            SqlHelpers.AppendIn(sql, command, "i.tlp", "tlp", query.Labels, tlp => (int)tlp);
        }

        if (!string.IsNullOrEmpty(query.Sector))
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM item_sectors s WHERE s.seq = i.seq AND s.sector = $sector)");
            command.With("$sector", query.Sector);
        }

        if (query.CreatedFrom is { } from)
        {
            sql.Append(" AND i.created_at >= $from");
            command.With("$from", SqlHelpers.UnixMs(from));
        }

        if (query.CreatedTo is { } to)
        {
            sql.Append(" AND i.created_at < $to");
            command.With("$to", SqlHelpers.UnixMs(to));
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            // instr rather than LIKE: no wildcard characters to escape in what a person typed.
            sql.Append(" AND instr(i.search_text, $text) > 0");
            command.With("$text", NormalizeText(query.Text.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(query.Indicator))
        {
            // Indicator values are whole lines of search_text, so a line match finds "10.0.0.1" without "10.0.0.10".
            sql.Append(" AND instr(char(10) || i.search_text || char(10), char(10) || $indicator || char(10)) > 0");
            command.With("$indicator", NormalizeText(query.Indicator.Trim()));
        }

        if (query.ExcludeExercise)
        {
            sql.Append(" AND i.exercise = 0");
        }

        if (!string.IsNullOrEmpty(query.OriginNode))
        {
            sql.Append(" AND i.origin_node = $origin");
            command.With("$origin", query.OriginNode);
        }

        if (includeSubmitter && !string.IsNullOrEmpty(query.SubmittedByMember))
        {
            sql.Append(" AND i.submitted_by_member = $submitter");
            command.With("$submitter", query.SubmittedByMember);
        }

        if (query.BeforeSeq is { } before)
        {
            sql.Append(" AND i.seq < $before");
            command.With("$before", before);
        }
    }

    private static List<StoredItem> ReadAll(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var items = new List<StoredItem>();
        while (reader.Read())
        {
            items.Add(new StoredItem(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                (ItemKind)reader.GetInt32(3),
                (Tlp)reader.GetInt32(4),
                reader.GetInt64(5) != 0,
                reader.GetString(6),
                SqlHelpers.FromUnixMs(reader.GetInt64(7)),
                reader.GetTimeOrNull(8),
                SqlHelpers.FromUnixMs(reader.GetInt64(9)),
                reader.GetStringOrNull(10),
                reader.GetFieldValue<byte[]>(11),
                reader.GetInt64(12) != 0,
                reader.IsDBNull(13) ? null : new ItemWithdrawal(reader.GetString(1), reader.GetString(2), reader.GetString(13), reader.GetString(14), reader.GetString(15),
                    SqlHelpers.FromUnixMs(reader.GetInt64(16)))));
        }

        return items;
    }

    private static void InsertEach(WriteQueue writer, SqliteTransaction transaction, long seq, string sql, IReadOnlyList<string> values)
    {
        foreach (var value in values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal))
        {
            writer.Prepared(transaction, sql).With("$seq", seq).With("$value", value).ExecuteNonQuery();
        }
    }
}
