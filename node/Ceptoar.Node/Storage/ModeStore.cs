using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Storage;

/// <summary>A verified NISC-signed mode change as this node keeps it (docs/MODES.md §4); scope empty = the whole federation.</summary>
public sealed record ModeChangeRecord(
    string ItemId, DateTimeOffset CreatedAt, FederationMode Mode, IReadOnlyList<string> ScopeSectors, uint ReportEveryMinutes, string Reason, string EndsPeriod, string OriginNode);

/// <summary>What recording a change did: nothing (a duplicate), or recorded it, and whether it is now the newest (the mode held).</summary>
public sealed record ModeRecordOutcome(bool Recorded, bool Newest);

/// <summary>
/// The mode changes this node acted on (docs/MODES.md §4). The mode held is the newest change's by its signed time, so a
/// change arriving after a newer one is kept for the record but switches nothing, and a duplicate writes nothing.
/// </summary>
public sealed class ModeStore(NodeDatabase database, AuditLog audit, NotifyPlanStore plans)
{
    private const string Columns = "item_id, created_at, mode, scope, report_every_minutes, reason, ends_period, origin_node";

    /// <summary>
    /// Records the change, audited as "mode.change", in one unit of work; when it is the newest, <paramref name="notice"/>
    /// (the duty roster's notification plan) is written with it, so a node killed after the commit still tells its people.
    /// </summary>
    public Task<ModeRecordOutcome> RecordAsync(ModeChangeRecord change, string actor, NewNotifyPlan? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return database.Writer.RunAsync(work =>
        {
            var inserted = database.Writer.Prepared(work.Transaction,
                    $"INSERT INTO mode_changes ({Columns}, recorded_at) VALUES ($id, $created, $mode, $scope, $every, $reason, $ends, $origin, $now) ON CONFLICT DO NOTHING")
                .With("$id", change.ItemId).With("$created", SqlHelpers.UnixMs(change.CreatedAt)).With("$mode", (int)change.Mode)
                .With("$scope", string.Join(',', change.ScopeSectors)).With("$every", (long)change.ReportEveryMinutes).With("$reason", change.Reason)
                .With("$ends", change.EndsPeriod).With("$origin", change.OriginNode).With("$now", SqlHelpers.UnixMs(database.Clock.GetUtcNow()))
                .ExecuteNonQuery() == 1;
            if (!inserted)
            {
                return new ModeRecordOutcome(false, false);
            }

            using var newest = SqlHelpers.Command(work.Connection, work.Transaction, "SELECT item_id FROM mode_changes ORDER BY created_at DESC, item_id DESC LIMIT 1");
            var isNewest = newest.ExecuteScalar() as string == change.ItemId;
            var scope = change.ScopeSectors.Count == 0 ? "whole federation" : string.Join(",", change.ScopeSectors);
            var detail = change.Mode == FederationMode.LargeScale
                ? $"large-scale, scope {scope}, report every {change.ReportEveryMinutes} min, from {change.OriginNode}"
                : $"normal, ends period {(change.EndsPeriod.Length == 0 ? "-" : change.EndsPeriod)}, from {change.OriginNode}";
            audit.Append(work, new AuditRecord(actor, "mode.change", change.ItemId, isNewest ? "switched" : "recorded: older than the change in force", detail));
            if (isNewest && notice is not null)
            {
                plans.Insert(work, [notice]);
            }

            return new ModeRecordOutcome(true, isNewest);
        }, cancellationToken);
    }

    /// <summary>Every recorded change, oldest first (by signed time, then id).</summary>
    public Task<IReadOnlyList<ModeChangeRecord>> AllAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ModeChangeRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, $"SELECT {Columns} FROM mode_changes ORDER BY created_at, item_id");
            using var reader = command.ExecuteReader();
            var result = new List<ModeChangeRecord>();
            while (reader.Read())
            {
                var scope = reader.GetString(3);
                result.Add(new ModeChangeRecord(
                    reader.GetString(0), SqlHelpers.FromUnixMs(reader.GetInt64(1)), (FederationMode)reader.GetInt32(2),
                    scope.Length == 0 ? [] : scope.Split(','), (uint)reader.GetInt64(4), reader.GetString(5), reader.GetString(6), reader.GetString(7)));
            }

            return result;
        }, cancellationToken);

    /// <summary>
    /// The mode changes stored as items after <paramref name="afterSeq"/>, by seq: a range of the primary key, so the watcher
    /// that asks after every commit reads only the new rows. Sealed rows (a hub's relayed ciphertext) are never among them.
    /// </summary>
    public Task<IReadOnlyList<(long Seq, string ItemId)>> ChangeItemsAfterAsync(long afterSeq, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<(long, string)>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT seq, item_id FROM items WHERE seq > $after AND kind = $kind ORDER BY seq");
            using var reader = command.With("$after", afterSeq).With("$kind", (int)ItemKind.ModeChange).ExecuteReader();
            var result = new List<(long, string)>();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            return result;
        }, cancellationToken);
}
