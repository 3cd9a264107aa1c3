using Ceptoar.Core.Policy;

namespace Ceptoar.Node.Storage;

/// <summary>What this node holds of the original when a revocation of it is stored: who saw it here, and whether the secretariat read it.</summary>
/// <param name="Delivery">The members the original reached here.</param>
/// <param name="Clear">Stored in clear (addressed here), not only relayed sealed.</param>
/// <param name="Submitter">The member who submitted it here, if one did.</param>
public sealed record OriginalReach(MemberDelivery Delivery, bool Clear, string? Submitter);

/// <summary>
/// Tombstones of revoked items and marks of superseded ones (docs/LIFECYCLE.md §1), written in the unit of work that stores
/// the revocation or correction. A row is kept by item id and origin whether or not the item is here yet, and hides only
/// an item of that origin (ItemSql joins on both).
/// </summary>
public sealed class WithdrawalStore(NodeDatabase database)
{
    /// <summary>The origin of the stored item with this id, or null when it is not here.</summary>
    public string? StoredOrigin(UnitOfWork work, string itemId)
    {
        using var command = SqlHelpers.Command(work.Connection, work.Transaction, "SELECT origin_node FROM items WHERE item_id = $id");
        return command.With("$id", itemId).ExecuteScalar() as string;
    }

    /// <summary>Whether the origin revoked this item before it arrived here (another path was faster): it is then not sent on.</summary>
    public bool IsRevoked(UnitOfWork work, string itemId, string origin)
    {
        using var command = SqlHelpers.Command(work.Connection, work.Transaction,
            "SELECT 1 FROM item_withdrawals WHERE item_id = $id AND origin_node = $origin AND state = 'revoked'");
        return command.With("$id", itemId).With("$origin", origin).ExecuteScalar() is not null;
    }

    /// <summary>
    /// Records a withdrawal. A revocation replaces a supersession mark (withdrawn outweighs corrected); nothing replaces a
    /// revocation; of two corrections the first to arrive here keeps the mark.
    /// </summary>
    public void Record(UnitOfWork work, ItemWithdrawal withdrawal)
    {
        using var command = SqlHelpers.Command(work.Connection, work.Transaction,
            "INSERT INTO item_withdrawals (item_id, origin_node, state, by_item_id, reason, at) VALUES ($id, $origin, $state, $by, $reason, $at) " +
            "ON CONFLICT (item_id, origin_node) DO UPDATE SET state = excluded.state, by_item_id = excluded.by_item_id, reason = excluded.reason, at = excluded.at " +
            "WHERE excluded.state = 'revoked' AND item_withdrawals.state <> 'revoked'");
        command.With("$id", withdrawal.ItemId).With("$origin", withdrawal.OriginNode).With("$state", withdrawal.State).With("$by", withdrawal.ByItemId)
            .With("$reason", withdrawal.Reason).With("$at", SqlHelpers.UnixMs(withdrawal.At)).ExecuteNonQuery();
    }

    /// <summary>
    /// The revocation stored at <paramref name="revocationSeq"/> is shown to exactly the members who saw the original here
    /// (its member delivery rows and its submitter), so it tells nobody about an item they could not see (docs/TLP.md).
    /// Null, changing nothing, when the original of this origin is not here.
    /// </summary>
    public OriginalReach? ShowLikeOriginal(UnitOfWork work, long revocationSeq, string originalId, string origin)
    {
        long seq;
        bool all;
        bool sealedCopy;
        string? submitter;
        using (var find = SqlHelpers.Command(work.Connection, work.Transaction,
            "SELECT seq, deliver_all, sealed, submitted_by_member FROM items WHERE item_id = $id AND origin_node = $origin"))
        {
            using var reader = find.With("$id", originalId).With("$origin", origin).ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            (seq, all, sealedCopy, submitter) = (reader.GetInt64(0), reader.GetInt64(1) != 0, reader.GetInt64(2) != 0, reader.GetStringOrNull(3));
        }

        var members = new List<string>();
        var sectors = new List<string>();
        using (var rows = SqlHelpers.Command(work.Connection, work.Transaction, "SELECT member_id, sector FROM item_member_delivery WHERE seq = $seq"))
        {
            using var reader = rows.With("$seq", seq).ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetStringOrNull(0) is { } member)
                {
                    members.Add(member);
                }

                if (reader.GetStringOrNull(1) is { } sector)
                {
                    sectors.Add(sector);
                }
            }
        }

        using (var copy = SqlHelpers.Command(work.Connection, work.Transaction,
            "INSERT INTO item_member_delivery (seq, member_id, sector) SELECT $rev, member_id, sector FROM item_member_delivery WHERE seq = $seq; " +
            "UPDATE items SET deliver_all = $all, submitted_by_member = COALESCE(submitted_by_member, $submitter) WHERE seq = $rev"))
        {
            copy.With("$rev", revocationSeq).With("$seq", seq).With("$all", all ? 1 : 0).With("$submitter", submitter).ExecuteNonQuery();
        }

        return new OriginalReach(new MemberDelivery(all, sectors, members), !sealedCopy, submitter);
    }

    /// <summary>The withdrawal of an item recorded by its origin, or null.</summary>
    public Task<ItemWithdrawal?> GetAsync(string itemId, string origin, CancellationToken cancellationToken) =>
        database.ReadAsync<ItemWithdrawal?>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT item_id, origin_node, state, by_item_id, reason, at FROM item_withdrawals WHERE item_id = $id AND origin_node = $origin");
            using var reader = command.With("$id", itemId).With("$origin", origin).ExecuteReader();
            return reader.Read()
                ? new ItemWithdrawal(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), SqlHelpers.FromUnixMs(reader.GetInt64(5)))
                : null;
        }, cancellationToken);
}
