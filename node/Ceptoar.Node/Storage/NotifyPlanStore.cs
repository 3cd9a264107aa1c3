using Ceptoar.Core.Policy;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>
/// A plan to notify people about an item, written in the item's own commit (one row, whatever the number of contacts) and
/// expanded into outbox rows after it (docs/NOTIFICATIONS.md §6).
/// </summary>
/// <param name="Purpose">"notify" (the first notice), "escalate-member" or "escalate-duty" (docs/NOTIFICATIONS.md §4).</param>
/// <param name="Delivery">The members the item reached when it was planned (all, sectors, names).</param>
/// <param name="SkipMember">The member who submitted the item here: never told of its own report.</param>
/// <param name="Staff">Whether the duty roster is told (a "notify" plan of an item the secretariat reads in clear).</param>
/// <param name="Facts">What contacts' preferences are matched against.</param>
public sealed record NewNotifyPlan(
    string ItemId, string Purpose, DateTimeOffset DueAt, MemberDelivery Delivery, string? SkipMember, bool Staff, PlannedItemFacts Facts);

/// <summary>The item's kind, label, severity (the proto's numbers) and exercise flag, as a plan keeps them.</summary>
public sealed record PlannedItemFacts(int Kind, int Tlp, int Severity, bool Exercise);

/// <summary>A stored plan, as the expander reads it.</summary>
/// <param name="State">"planned" (waiting for <see cref="DueAt"/>) or "expanded".</param>
public sealed record NotifyPlanRecord(
    long Id, string ItemId, string Purpose, DateTimeOffset DueAt, MemberDelivery Delivery, string? SkipMember, bool Staff, PlannedItemFacts Facts,
    string State, DateTimeOffset CreatedAt, DateTimeOffset? ExpandedAt, string? Outcome);

/// <summary>What expanding one plan wrote: the rows it asked for, and a line for the plan's outcome column.</summary>
public sealed record PlanExpansion(IReadOnlyList<NewNotification> Rows, string Outcome);

/// <summary>
/// The notification plans (docs/NOTIFICATIONS.md §6): inserted with the item's delivery (one row per purpose), expanded
/// by the sender once due, in one transaction that writes the outbox rows and marks the plan, so a node killed at any
/// point neither loses a notification nor writes one twice.
/// </summary>
public sealed class NotifyPlanStore(NodeDatabase database, NotifyOutboxStore outbox)
{
    public const string Planned = "planned";
    public const string Expanded = "expanded";

    private const string Columns =
        "id, item_id, purpose, due_at, deliver_all, sectors, members, skip_member, staff, kind, tlp, severity, exercise, state, created_at, expanded_at, outcome";

    /// <summary>Inside the unit of work that delivers the item: one row per plan; the sender is woken after the commit.</summary>
    public void Insert(UnitOfWork work, IReadOnlyList<NewNotifyPlan> plans)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (plans.Count == 0)
        {
            return;
        }

        var now = SqlHelpers.UnixMs(database.Clock.GetUtcNow());
        foreach (var p in plans)
        {
            database.Writer.Prepared(work.Transaction,
                    "INSERT INTO notify_plans (item_id, purpose, due_at, deliver_all, sectors, members, skip_member, staff, kind, tlp, severity, exercise, state, created_at) " +
                    "VALUES ($item, $purpose, $due, $all, $sectors, $members, $skip, $staff, $kind, $tlp, $severity, $exercise, 'planned', $now)")
                .With("$item", p.ItemId).With("$purpose", p.Purpose).With("$due", SqlHelpers.UnixMs(p.DueAt)).With("$all", p.Delivery.AllMembers ? 1 : 0)
                .With("$sectors", string.Join(',', p.Delivery.Sectors)).With("$members", string.Join(',', p.Delivery.Members)).With("$skip", p.SkipMember)
                .With("$staff", p.Staff ? 1 : 0).With("$kind", p.Facts.Kind).With("$tlp", p.Facts.Tlp).With("$severity", p.Facts.Severity)
                .With("$exercise", p.Facts.Exercise ? 1 : 0).With("$now", now).ExecuteNonQuery();
        }

        database.Writer.AfterCommit(outbox.Wake);
    }

    /// <summary>Plans due by <paramref name="now"/> and not yet expanded, oldest first.</summary>
    public Task<IReadOnlyList<NotifyPlanRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<NotifyPlanRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, $"SELECT {Columns} FROM notify_plans WHERE state = 'planned' AND due_at <= $now ORDER BY due_at, id LIMIT $limit");
            return Read(command.With("$now", SqlHelpers.UnixMs(now)).With("$limit", limit));
        }, cancellationToken);

    /// <summary>When the next plan comes due; null when none waits.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT MIN(due_at) FROM notify_plans WHERE state = 'planned'");
            return command.ExecuteScalar() is long ms ? SqlHelpers.FromUnixMs(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <summary>The plans of one item, oldest first (what is still to come for it, and what each expansion wrote).</summary>
    public Task<IReadOnlyList<NotifyPlanRecord>> ListAsync(string itemId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<NotifyPlanRecord>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, $"SELECT {Columns} FROM notify_plans WHERE item_id = $item ORDER BY id");
            return Read(command.With("$item", itemId));
        }, cancellationToken);

    /// <summary>
    /// Expands one plan in one write transaction: reads which members acknowledged the item (inside the transaction, so
    /// an acknowledgement is either seen or comes after), asks <paramref name="expand"/> for the rows (it must be quick and
    /// pure: it runs in the writer), inserts them (a row for the same item, contact and purpose is kept as it was) and marks
    /// the plan expanded. False when the plan was already expanded: nothing is written again.
    /// </summary>
    public Task<bool> ExpandAsync(NotifyPlanRecord plan, Func<IReadOnlySet<string>, PlanExpansion> expand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(expand);
        return database.Writer.ExecuteAsync((connection, transaction) =>
        {
            var acknowledged = new HashSet<string>(StringComparer.Ordinal);
            using (var acks = SqlHelpers.Command(connection, transaction, "SELECT member_id FROM acknowledgements WHERE item_id = $item"))
            {
                using var reader = acks.With("$item", plan.ItemId).ExecuteReader();
                while (reader.Read())
                {
                    acknowledged.Add(reader.GetString(0));
                }
            }

            var expansion = expand(acknowledged);
            using (var mark = SqlHelpers.Command(connection, transaction,
                "UPDATE notify_plans SET state = 'expanded', expanded_at = $now, outcome = $outcome WHERE id = $id AND state = 'planned'"))
            {
                if (mark.With("$now", SqlHelpers.UnixMs(database.Clock.GetUtcNow())).With("$outcome", expansion.Outcome).With("$id", plan.Id).ExecuteNonQuery() == 0)
                {
                    return false;
                }
            }

            outbox.Insert(transaction, expansion.Rows);
            return true;
        }, cancellationToken);
    }

    private static List<NotifyPlanRecord> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<NotifyPlanRecord>();
        while (reader.Read())
        {
            var delivery = new MemberDelivery(reader.GetInt64(4) == 1, Split(reader.GetString(5)), Split(reader.GetString(6)));
            var facts = new PlannedItemFacts(reader.GetInt32(9), reader.GetInt32(10), reader.GetInt32(11), reader.GetInt64(12) == 1);
            result.Add(new NotifyPlanRecord(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), SqlHelpers.FromUnixMs(reader.GetInt64(3)), delivery, reader.GetStringOrNull(7),
                reader.GetInt64(8) == 1, facts, reader.GetString(13), SqlHelpers.FromUnixMs(reader.GetInt64(14)), reader.GetTimeOrNull(15), reader.GetStringOrNull(16)));
        }

        return result;
    }

    private static string[] Split(string list) => list.Length == 0 ? [] : list.Split(',');
}
