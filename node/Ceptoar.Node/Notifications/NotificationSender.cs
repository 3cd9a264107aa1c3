using System.Text;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Notifications;

/// <summary>
/// Sends the notification outbox after the commit (docs/NOTIFICATIONS.md §6): wakes when plans or rows are committed and
/// when the next plan or retry is due, expands due plans into rows (<see cref="NotificationExpander"/>), composes each message in its contact's language with <see cref="NotificationContent"/>, sends it
/// over e-mail (one connection) or webhook, and records sent, retry or given up. A row is marked only after its send, so
/// a node killed in between sends it again after its restart under the same key (the receiver deduplicates on it).
/// </summary>
internal sealed class NotificationSender(
    NotifyOutboxStore outbox, NotificationExpander expander, ContactBook contacts, ItemStore items, MemberStore members, EnvelopeVerifiers verifiers, MailChannel mail,
    WebhookChannel webhooks, IOptions<NotifyOptions> options, NodeOptions node, TimeProvider time, ILogger<NotificationSender> logger) : BackgroundService
{
    private const int BatchSize = 256;

    /// <summary>Longest sleep with nothing due: a safety net, the commit and the retry times wake the sender sooner.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromMinutes(1);

    /// <summary>How long the sender lets a commit that woke it finish its own work before expanding and sending.</summary>
    private static readonly TimeSpan AfterWakePause = TimeSpan.FromMilliseconds(50);

    private readonly RetrySchedule _schedule = RetrySchedule.From(options.Value);

    /// <summary>The zone a notification shows times in, with the offset: the node's (Node:TimeZone).</summary>
    private readonly TimeZoneInfo _zone = node.Zone;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Plans first: the rows they write are due at once and sent in this same round.
                await expander.ExpandDueAsync(stoppingToken);
                var due = await outbox.DueAsync(time.GetUtcNow(), BatchSize, stoppingToken);
                if (due.Count > 0)
                {
                    await SendAsync(due, stoppingToken);
                    continue;
                }

                var next = Earliest(await outbox.NextDueAsync(stoppingToken), await expander.NextDueAsync(stoppingToken));
                var wait = next is { } at ? at - time.GetUtcNow() : IdleWait;
                await outbox.WaitForWorkAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > IdleWait ? IdleWait : wait, stoppingToken);
                // Woken by an item's commit: that commit's own work (the submitter's answer, the member feeds) goes first; on a
                // small machine expanding and sending at once would take the cores from it (docs/NOTIFICATIONS.md §6).
                await Task.Delay(AfterWakePause, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store failing must not stop the node; the rows stay and are tried on the next round.
                NotifyLog.SenderFailed(logger, e);
                await outbox.WaitForWorkAsync(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }

    private async Task SendAsync(IReadOnlyList<NotificationRecord> due, CancellationToken cancellationToken)
    {
        var book = contacts.Current.ToDictionary(c => c.ContactId, StringComparer.Ordinal);
        var enabled = members.Enabled().ToDictionary(m => m.MemberId, StringComparer.Ordinal);
        var opened = new Dictionary<string, Item?>(StringComparer.Ordinal);
        // Each outcome is recorded while the next message goes out: the writer groups them, the sender never waits on a commit per message.
        // Recorded even when the node is stopping, so a message sent is not sent again after the restart.
        var marks = new List<Task>(due.Count);
        try
        {
            foreach (var row in due)
            {
                if (await PrepareAsync(row) is not { } ready)
                {
                    continue;
                }

                var result = await SendOneAsync(row, ready.Contact, ready.Item, cancellationToken, Escalation(row, ready.Contact, enabled));
                marks.Add(Record(row, ready.Contact, result));
            }
        }
        finally
        {
            await Task.WhenAll(marks);
        }

        // The contact, its member's standing and the item; a row that cannot be sent is given up (recorded with the others).
        async Task<(ContactRecord Contact, Item Item)?> PrepareAsync(NotificationRecord row)
        {
            if (!book.TryGetValue(row.ContactId, out var contact))
            {
                marks.Add(outbox.GiveUpAsync(row, null, null, $"contact {row.ContactId} was removed before the notification was sent", CancellationToken.None));
                return null;
            }

            if (contact.MemberId is { } member && !enabled.ContainsKey(member))
            {
                // A disabled member is cut off everywhere (docs/ARCHITECTURE.md §5, "open calls follow standing"); its people are no longer told either.
                marks.Add(outbox.GiveUpAsync(row, contact.Channel, contact.Address, $"member {member} was disabled before the notification was sent", CancellationToken.None));
                return null;
            }

            if (!opened.TryGetValue(row.ItemId, out var item))
            {
                item = opened[row.ItemId] = await OpenAsync(row.ItemId, cancellationToken);
            }

            if (item is null)
            {
                marks.Add(outbox.GiveUpAsync(row, contact.Channel, contact.Address, $"item {row.ItemId} is no longer on this node (purged) or cannot be read", CancellationToken.None));
                return null;
            }

            return (contact, item);
        }
    }

    /// <summary>Sends one row's message now (also `notify test`); the result says what became of it.</summary>
    public Task<DeliveryResult> SendOneAsync(NotificationRecord row, ContactRecord contact, Item item, CancellationToken cancellationToken, NotificationEscalation? escalation = null)
    {
        var language = contact.Language == "ja" ? NotificationLanguage.Japanese : NotificationLanguage.English;
        var nodeName = language == NotificationLanguage.Japanese ? Either(node.NameJa, node.NameEn) : Either(node.NameEn, node.NameJa);
        var reader = row.Reader == NotificationPlanner.StaffReader ? NotificationReader.Staff : NotificationReader.Member;
        var message = NotificationContent.Compose(item, new ReadingPlace(node.Id, nodeName, reader), language, _zone, escalation);
        return contact.Channel == ContactRecord.Webhook
            ? webhooks.SendAsync(new WebhookRequest(new Uri(contact.Address), Encoding.UTF8.GetBytes(contact.WebhookSecret ?? ""), row.Key, message.Fields), cancellationToken)
            : mail.SendAsync(new MailRequest(MailChannel.MessageIdFor(row.Key, node.Id), contact.Address, contact.Name, message), cancellationToken);
    }

    private Task Record(NotificationRecord row, ContactRecord contact, DeliveryResult result)
    {
        if (result.Outcome == DeliveryOutcome.Sent)
        {
            return outbox.MarkSentAsync(row.Id, contact.Channel, contact.Address, CancellationToken.None);
        }

        var now = time.GetUtcNow();
        var next = result.Outcome == DeliveryOutcome.Transient
            ? _schedule.NextAttempt(row.Attempts + 1, row.CreatedAt, now, Random.Shared.NextDouble(), result.RetryAfter)
            : null;
        if (next is { } at)
        {
            return outbox.RetryAsync(row.Id, at, contact.Channel, contact.Address, result.Reason, CancellationToken.None);
        }

        NotifyLog.GaveUp(logger, row.Key, row.ItemId, row.ContactId, result.Reason);
        return outbox.GiveUpAsync(row, contact.Channel, contact.Address, result.Reason, CancellationToken.None);
    }

    /// <summary>The item as stored here, its signature checked again before its content is read; null when gone or unreadable.</summary>
    private async Task<Item?> OpenAsync(string itemId, CancellationToken cancellationToken)
    {
        var stored = await items.GetAsync(itemId, cancellationToken);
        if (stored is null || stored.Sealed)
        {
            return null;
        }

        try
        {
            return ItemEnvelope.Open(verifiers.Item, Envelope.Parser.ParseFrom(stored.EnvelopeBytes)).Item?.Item;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>
    /// What an escalation row says beside the item (docs/NOTIFICATIONS.md §4): after how long, and to the duty roster which
    /// members have not acknowledged, named in the contact's language as this node knows them; null for a first notice.
    /// </summary>
    private NotificationEscalation? Escalation(NotificationRecord row, ContactRecord contact, IReadOnlyDictionary<string, MemberRecord> enabled)
    {
        var minutes = options.Value.EscalateAfterMinutes;
        switch (row.Purpose)
        {
            case NewNotification.EscalateMember:
                return new NotificationEscalation(EscalationStage.Member, minutes, []);
            case NewNotification.EscalateDuty:
                var ja = contact.Language == "ja";
                var names = (row.Unacknowledged ?? []).Select(id => enabled.TryGetValue(id, out var m) && (ja ? Either(m.NameJa, m.NameEn) : Either(m.NameEn, m.NameJa)) is { Length: > 0 } name
                    ? $"{name} ({id})"
                    : id);
                return new NotificationEscalation(EscalationStage.Duty, 2 * minutes, [.. names]);
            case NewNotification.Remind:
                return new NotificationEscalation(EscalationStage.Reminder, 0, []);
            default:
                return null;
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static string Either(string first, string second) => first.Length > 0 ? first : second;
}
