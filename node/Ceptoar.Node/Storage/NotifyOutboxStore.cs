using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Storage;

/// <summary>A notification to write: one per (item, contact, purpose), under a stable key.</summary>
/// <param name="Key">The row's key: the e-mail's Message-ID left part and the webhook's Idempotency-Key, the same on every try.</param>
/// <param name="Reader">"member" (a member's contact) or "staff" (the duty roster): how the message tells them to read the item.</param>
/// <param name="Purpose">"notify" (the first notice), "escalate-member" or "escalate-duty" (docs/NOTIFICATIONS.md §4).</param>
/// <param name="Unacknowledged">An escalation to the duty roster: the members that had not acknowledged the item.</param>
public sealed record NewNotification(string Key, string ItemId, string ContactId, string Reader, string Purpose = NewNotification.Notify, IReadOnlyList<string>? Unacknowledged = null)
{
    public const string Notify = "notify";
    public const string EscalateMember = "escalate-member";
    public const string EscalateDuty = "escalate-duty";

    /// <summary>A drill's reminder at half its deadline, to the people of members that have not acknowledged it (docs/DRILLS.md §3).</summary>
    public const string Remind = "remind";
}

/// <summary>One row of the notification outbox, with the contact it is for (name and member, when the contact still exists).</summary>
/// <param name="State">"pending" (to send, at <see cref="NextAt"/>), "sent" or "failed" (given up).</param>
/// <param name="Channel">The channel and address of the last try; null before the first.</param>
/// <param name="Purpose">"notify", "escalate-member" or "escalate-duty".</param>
/// <param name="Unacknowledged">An escalation to the duty roster: the members it names as not having acknowledged.</param>
public sealed record NotificationRecord(
    long Id, string Key, string ItemId, string ContactId, string Reader, string State, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAt,
    DateTimeOffset? SentAt, string? Channel, string? Address, string? LastError, string? ContactName, string? MemberId,
    string Purpose = NewNotification.Notify, IReadOnlyList<string>? Unacknowledged = null);

/// <summary>
/// The durable notification outbox (docs/NOTIFICATIONS.md §6): rows are written when a plan (committed with the item's
/// delivery) is expanded after that commit, and sent by the sender. Nothing is deleted: the rows are also the record of
/// who was told what, when.
/// </summary>
public sealed class NotifyOutboxStore(NodeDatabase database, AuditLog audit)
{
    private const string Select =
        "SELECT o.id, o.key, o.item_id, o.contact_id, o.reader, o.state, o.attempts, o.created_at, o.next_at, o.sent_at, o.channel, o.address, o.last_error, " +
        "c.name, c.member_id, o.purpose, o.unacknowledged FROM notify_outbox o LEFT JOIN contacts c ON c.contact_id = o.contact_id ";

    private TaskCompletionSource _written = NewSignal();

    /// <summary>Inside a unit of work: one pending row per notification, due now; a row for the same (item, contact, purpose) is kept as it was.</summary>
    /// <param name="urgent">Sent before any other due row (docs/MODES.md §6): the item is a mode change, or of high or extreme severity.</param>
    public void Insert(UnitOfWork work, IReadOnlyList<NewNotification> notifications, bool urgent = false)
    {
        ArgumentNullException.ThrowIfNull(work);
        Insert(work.Transaction, notifications, urgent);
    }

    /// <summary>As <see cref="Insert(UnitOfWork, IReadOnlyList{NewNotification}, bool)"/>, inside the writer's transaction (a plan's expansion).</summary>
    internal void Insert(SqliteTransaction transaction, IReadOnlyList<NewNotification> notifications, bool urgent = false)
    {
        if (notifications.Count == 0)
        {
            return;
        }

        var now = SqlHelpers.UnixMs(database.Clock.GetUtcNow());
        foreach (var n in notifications)
        {
            database.Writer.Prepared(transaction,
                    "INSERT OR IGNORE INTO notify_outbox (key, item_id, contact_id, purpose, reader, state, created_at, next_at, unacknowledged, priority) " +
                    "VALUES ($key, $item, $contact, $purpose, $reader, 'pending', $now, $now, $unacknowledged, $priority)")
                .With("$key", n.Key).With("$item", n.ItemId).With("$contact", n.ContactId).With("$purpose", n.Purpose).With("$reader", n.Reader)
                .With("$now", now).With("$unacknowledged", n.Unacknowledged is { } members ? string.Join(',', members) : null)
                .With("$priority", urgent ? 1 : 0).ExecuteNonQuery();
        }

        database.Writer.AfterCommit(Wake);
    }

    /// <summary>Completes when rows were written (committed) since the last call, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _written);
        using (var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var delay = Task.Delay(timeout, database.Clock, timer.Token);
            await Task.WhenAny(signal.Task, delay);
            // The timer of a wait the commit ended is dropped now, not left to run out.
            await timer.CancelAsync();
        }

        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.CompareExchange(ref _written, NewSignal(), signal);
    }

    /// <summary>Pending rows due by <paramref name="now"/>: the urgent ones first (docs/MODES.md §6), each group oldest first.</summary>
    public Task<IReadOnlyList<NotificationRecord>> DueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<NotificationRecord>>(connection =>
        {
            // The literal "priority = 1" lets SQLite read the partial index notify_outbox_urgent_due: only urgent rows.
            const string Due = "WHERE o.state = 'pending' AND o.next_at <= $now AND ";
            using var urgent = SqlHelpers.Command(connection, null, Select + Due + "o.priority = 1 ORDER BY o.next_at, o.id LIMIT $limit");
            var rows = Read(urgent.With("$now", SqlHelpers.UnixMs(now)).With("$limit", limit));
            if (rows.Count < limit)
            {
                using var ordinary = SqlHelpers.Command(connection, null, Select + Due + "o.priority = 0 ORDER BY o.next_at, o.id LIMIT $limit");
                rows.AddRange(Read(ordinary.With("$now", SqlHelpers.UnixMs(now)).With("$limit", limit - rows.Count)));
            }

            return rows;
        }, cancellationToken);

    /// <summary>Rows waiting to be sent or retried, for the notification queue gauge (counted on the partial index notify_outbox_due).</summary>
    internal long PendingCount()
    {
        using var connection = database.OpenReader();
        using var command = SqlHelpers.Command(connection, null, "SELECT count(*) FROM notify_outbox WHERE state = 'pending'");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>When the next pending row is due; null when none is pending.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT MIN(next_at) FROM notify_outbox WHERE state = 'pending'");
            return command.ExecuteScalar() is long ms ? SqlHelpers.FromUnixMs(ms) : (DateTimeOffset?)null;
        }, cancellationToken);

    /// <summary>The rows about one item (or every item, null), only those not sent when <paramref name="outboxOnly"/>, newest first.</summary>
    public Task<IReadOnlyList<NotificationRecord>> ListAsync(string? itemId, bool outboxOnly, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<NotificationRecord>>(connection =>
        {
            var where = string.Join(" AND ", new[] { itemId is null ? null : "o.item_id = $item", outboxOnly ? "o.state <> 'sent'" : null }.OfType<string>());
            using var command = SqlHelpers.Command(connection, null, Select + (where.Length > 0 ? "WHERE " + where + " " : "") + "ORDER BY o.id DESC LIMIT $limit");
            return Read(command.With("$item", itemId).With("$limit", limit));
        }, cancellationToken);

    /// <summary>Records an accepted send.</summary>
    public Task MarkSentAsync(long id, string channel, string address, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var command = SqlHelpers.Command(connection, transaction,
                "UPDATE notify_outbox SET state = 'sent', attempts = attempts + 1, sent_at = $now, channel = $channel, address = $address, last_error = NULL WHERE id = $id AND state = 'pending'");
            return command.With("$now", SqlHelpers.UnixMs(database.Clock.GetUtcNow())).With("$channel", channel).With("$address", address).With("$id", id).ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Records a transient failure and when to try again.</summary>
    public Task RetryAsync(long id, DateTimeOffset nextAt, string channel, string address, string error, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var command = SqlHelpers.Command(connection, transaction,
                "UPDATE notify_outbox SET attempts = attempts + 1, next_at = $next, channel = $channel, address = $address, last_error = $error WHERE id = $id AND state = 'pending'");
            return command.With("$next", SqlHelpers.UnixMs(nextAt)).With("$channel", channel).With("$address", address).With("$error", error).With("$id", id).ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Gives a row up, with a "notify.giveup" audit entry naming the item, the contact and the last reason.</summary>
    public Task GiveUpAsync(NotificationRecord row, string? channel, string? address, string error, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
        {
            using var command = SqlHelpers.Command(connection, transaction,
                "UPDATE notify_outbox SET state = 'failed', attempts = attempts + 1, channel = $channel, address = $address, last_error = $error WHERE id = $id AND state = 'pending'");
            var changed = command.With("$channel", channel).With("$address", address).With("$error", error).With("$id", row.Id).ExecuteNonQuery();
            if (changed == 1)
            {
                audit.Append(connection, transaction, new AuditRecord("node", "notify.giveup", row.ItemId, "failed", $"contact {row.ContactId} ({row.Key}): {error}"));
            }

            return changed;
        }, cancellationToken);

    /// <summary>Wakes the sender (after a commit that wrote rows or plans).</summary>
    internal void Wake() => Volatile.Read(ref _written).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static List<NotificationRecord> Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        var result = new List<NotificationRecord>();
        while (reader.Read())
        {
            result.Add(new NotificationRecord(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetInt32(6),
                SqlHelpers.FromUnixMs(reader.GetInt64(7)), SqlHelpers.FromUnixMs(reader.GetInt64(8)), reader.GetTimeOrNull(9), reader.GetStringOrNull(10),
                reader.GetStringOrNull(11), reader.GetStringOrNull(12), reader.GetStringOrNull(13), reader.GetStringOrNull(14), reader.GetString(15),
                reader.GetStringOrNull(16) is { Length: > 0 } members ? members.Split(',') : null));
        }

        return result;
    }
}
