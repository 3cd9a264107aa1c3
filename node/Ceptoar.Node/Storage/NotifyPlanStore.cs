using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
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
public sealed record PlannedItemFacts(int Kind, int Tlp, int Severity, bool Exercise)
{
    /// <summary>A mode change, or high or extreme severity: its plan is expanded and its rows sent before any backlog (docs/MODES.md §6).</summary>
    public bool Urgent => Urgency.IsUrgent((ItemKind)Kind, (Severity)Severity);
}

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

    /// <summary>Most outbox rows one write of an expansion inserts (≈ 7 µs each: a few milliseconds of the writer).</summary>
    public const int ChunkRows = 500;

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
                    "INSERT INTO notify_plans (item_id, purpose, due_at, deliver_all, sectors, members, skip_member, staff, kind, tlp, severity, exercise, state, created_at, priority) " +
                    "VALUES ($item, $purpose, $due, $all, $sectors, $members, $skip, $staff, $kind, $tlp, $severity, $exercise, 'planned', $now, $priority)")
                .With("$item", p.ItemId).With("$purpose", p.Purpose).With("$due", SqlHelpers.UnixMs(p.DueAt)).With("$all", p.Delivery.AllMembers ? 1 : 0)
                .With("$sectors", string.Join(',', p.Delivery.Sectors)).With("$members", string.Join(',', p.Delivery.Members)).With("$skip", p.SkipMember)
                .With("$staff", p.Staff ? 1 : 0).With("$kind", p.Facts.Kind).With("$tlp", p.Facts.Tlp).With("$severity", p.Facts.Severity)
                .With("$exercise", p.Facts.Exercise ? 1 : 0).With("$now", now).With("$priority", p.Facts.Urgent ? 1 : 0).ExecuteNonQuery();
        }

        database.Writer.AfterCommit(outbox.Wake);
    }

    /// <summary>Plans due by <paramref name="now"/> and not yet expanded: the urgent ones first (docs/MODES.md §6), each group oldest first.</summary>
    public Task<IReadOnlyList<NotifyPlanRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<NotifyPlanRecord>>(connection =>
        {
            // The literal "priority = 1" lets SQLite read the partial index notify_plans_urgent_due: only urgent plans.
            const string Due = "FROM notify_plans WHERE state = 'planned' AND due_at <= $now AND ";
            using var urgent = SqlHelpers.Command(connection, null, $"SELECT {Columns} {Due}priority = 1 ORDER BY due_at, id LIMIT $limit");
            var plans = Read(urgent.With("$now", SqlHelpers.UnixMs(now)).With("$limit", limit));
            if (plans.Count < limit)
            {
                using var ordinary = SqlHelpers.Command(connection, null, $"SELECT {Columns} {Due}priority = 0 ORDER BY due_at, id LIMIT $limit");
                plans.AddRange(Read(ordinary.With("$now", SqlHelpers.UnixMs(now)).With("$limit", limit - plans.Count)));
            }

            return plans;
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
    /// Expands one plan: reads whether the item is still stored and which members acknowledged it, asks
    /// <paramref name="expand"/> for the rows, and writes them in chunks of <see cref="ChunkRows"/>, each its own short
    /// write, so a plan of thousands of rows never holds the single writer (and the member feed's commits) for long. The
    /// last chunk marks the plan expanded in the same transaction. A row for the same item, contact and purpose is kept as
    /// it was (INSERT OR IGNORE), so a node killed between chunks, or two expansions of the same plan at once, write each
    /// row once under its first key; rows of an earlier chunk may be sent meanwhile, never twice. An item no longer stored
    /// (purged) gets no rows. False when the plan was already expanded (nothing is marked again).
    /// </summary>
    public async Task<bool> ExpandAsync(NotifyPlanRecord plan, Func<IReadOnlySet<string>, PlanExpansion> expand, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(expand);
        var (stored, acknowledged) = await database.ReadAsync(connection =>
        {
            using var exists = SqlHelpers.Command(connection, null, "SELECT 1 FROM items WHERE item_id = $item");
            var found = exists.With("$item", plan.ItemId).ExecuteScalar() is not null;
            var members = new HashSet<string>(StringComparer.Ordinal);
            using var acks = SqlHelpers.Command(connection, null, "SELECT member_id FROM acknowledgements WHERE item_id = $item");
            using var reader = acks.With("$item", plan.ItemId).ExecuteReader();
            while (reader.Read())
            {
                members.Add(reader.GetString(0));
            }

            return (found, members);
        }, cancellationToken);

        // An item purged (retention) before its plan came due: nobody is told of what the node no longer holds.
        var expansion = stored ? expand(acknowledged) : new PlanExpansion([], "cancelled: the item is no longer stored here");
        var chunks = expansion.Rows.Chunk(ChunkRows).ToList();
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            var chunk = chunks[i];
            var planned = await database.Writer.ExecuteAsync((connection, transaction) =>
            {
                if (!StillPlanned(connection, transaction, plan.Id))
                {
                    return false;
                }

                outbox.Insert(transaction, chunk, plan.Facts.Urgent);
                return true;
            }, cancellationToken);
            if (!planned)
            {
                return false;
            }
        }

        var last = chunks.Count == 0 ? [] : chunks[^1];
        return await database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var mark = SqlHelpers.Command(connection, transaction,
                "UPDATE notify_plans SET state = 'expanded', expanded_at = $now, outcome = $outcome WHERE id = $id AND state = 'planned'");
            if (mark.With("$now", SqlHelpers.UnixMs(database.Clock.GetUtcNow())).With("$outcome", expansion.Outcome).With("$id", plan.Id).ExecuteNonQuery() == 0)
            {
                return false;
            }

            outbox.Insert(transaction, last, plan.Facts.Urgent);
            return true;
        }, cancellationToken);
    }

    private static bool StillPlanned(SqliteConnection connection, SqliteTransaction transaction, long id)
    {
        using var command = SqlHelpers.Command(connection, transaction, "SELECT 1 FROM notify_plans WHERE id = $id AND state = 'planned'");
        return command.With("$id", id).ExecuteScalar() is not null;
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
