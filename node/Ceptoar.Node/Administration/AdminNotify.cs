using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>The notifications part of the admin API: who was told what, when, over which channel; and a test message to one contact.</summary>
internal sealed class AdminNotify(NotifyOutboxStore outbox, NotificationExpander expander, ContactStore contacts, NotificationSender sender, AuditLog audit, TimeProvider time, ItemStore items, AcknowledgementStore acknowledgements)
{
    private const uint DefaultLimit = 200;
    private const uint MaxLimit = 1000;

    public async Task<NotifyStatusResponse> StatusAsync(GetNotifyStatusRequest request, CancellationToken cancellationToken)
    {
        var itemId = request.ItemId.Trim();
        if (itemId.Length > 0 && !UuidV7.IsValid(itemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", string.Format(CultureInfo.InvariantCulture, AdministrationText.NotifyItemIdInvalid, request.ItemId));
        }

        if (request.Limit > MaxLimit)
        {
            throw GrpcErrors.InvalidArgument("limit", string.Format(CultureInfo.InvariantCulture, AdministrationText.NotifyLimitTooLarge, MaxLimit));
        }

        // A plan committed a moment ago is expanded now rather than shown as nothing (the sender would within milliseconds;
        // expanding twice writes nothing twice, docs/NOTIFICATIONS.md §6).
        await expander.ExpandDueAsync(cancellationToken);
        var rows = await outbox.ListAsync(itemId.Length == 0 ? null : itemId, request.OutboxOnly, (int)(request.Limit == 0 ? DefaultLimit : request.Limit), cancellationToken);
        var response = new NotifyStatusResponse();
        response.Notifications.AddRange(rows.Select(View));
        await AddAcknowledgementsAsync(response.Notifications, cancellationToken);
        return response;
    }

    /// <summary>
    /// Sends a test message to one contact at once, over its channel, outside the outbox (nothing is retried); a CLEAR
    /// exercise in the contact's language, so it shows what a real one looks like. Audited as "notify.test".
    /// </summary>
    public async Task<TestNotifyResponse> TestAsync(TestNotifyRequest request, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetAsync(AdminContacts.ContactId(request.ContactId), cancellationToken) ?? throw AdminContacts.NotFound(request.ContactId);
        NotificationLanguages.TryParse(contact.Language, out var language);
        var id = UuidV7.NewId();
        var item = new Item
        {
            Id = id,
            Kind = ItemKind.RelatedInformation,
            Tlp = Tlp.Clear,
            Exercise = true,
            CreatedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            Body = new Body
            {
                Title = NotificationTexts.Get(language, "Test.Title"),
                Summary = NotificationTexts.Get(language, "Test.Summary", contact.Name),
            },
        };
        var row = new NotificationRecord(0, id, id, contact.ContactId, contact.IsDutyRoster ? NotificationPlanner.StaffReader : NotificationPlanner.MemberReader,
            "pending", 0, time.GetUtcNow(), time.GetUtcNow(), null, contact.Channel, contact.Address, null, contact.Name, contact.MemberId);
        var result = await sender.SendOneAsync(row, contact, item, cancellationToken);
        var outcome = result.Outcome.ToString().ToLowerInvariant();
        await audit.AppendAsync(new AuditRecord("admin", "notify.test", contact.ContactId, outcome, $"{contact.Channel}: {result.Reason}"), cancellationToken);
        return new TestNotifyResponse { Outcome = outcome, Detail = result.Reason };
    }

    /// <summary>
    /// Who acknowledged, beside who was told: a member contact's row shows its member's acknowledgement of the item here,
    /// a duty-roster row the first staff acknowledgement (`items ack`).
    /// </summary>
    private async Task AddAcknowledgementsAsync(IReadOnlyList<NotificationView> views, CancellationToken cancellationToken)
    {
        var itemIds = views.Select(v => v.ItemId).Distinct(StringComparer.Ordinal).ToList();
        var byStaff = await acknowledgements.FirstStaffAcknowledgementsAsync(itemIds, cancellationToken);
        var byMember = await items.GetAcknowledgementsAsync(itemIds, cancellationToken);
        foreach (var view in views)
        {
            var found = view.MemberId.Length == 0 ? byStaff.TryGetValue(view.ItemId, out var at) : byMember.TryGetValue((view.MemberId, view.ItemId), out at);
            if (found)
            {
                view.AcknowledgedAt = Timestamp.FromDateTimeOffset(at);
            }
        }
    }

    private static NotificationView View(NotificationRecord row)
    {
        var view = new NotificationView
        {
            Key = row.Key,
            ItemId = row.ItemId,
            ContactId = row.ContactId,
            ContactName = row.ContactName ?? "",
            MemberId = row.MemberId ?? "",
            State = row.State,
            Attempts = (uint)row.Attempts,
            Channel = row.Channel ?? "",
            Address = row.Address ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(row.CreatedAt),
            LastError = row.LastError ?? "",
            Purpose = row.Purpose,
        };
        if (row.State == "pending")
        {
            view.NextAttemptAt = Timestamp.FromDateTimeOffset(row.NextAt);
        }

        if (row.SentAt is { } sent)
        {
            view.SentAt = Timestamp.FromDateTimeOffset(sent);
        }

        return view;
    }
}
