using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Notifications;

/// <summary>What a contact asked to be told about (kinds, labels, minimum severity, exercises; drills reach every contact that takes exercises). Pure.</summary>
internal static class ContactPreferences
{
    public static bool Wants(ContactRecord contact, Item item)
    {
        if (item.Kind == ItemKind.Drill)
        {
            // A drill checks that the path reaches every person (docs/DRILLS.md §3): kinds, labels and severity filters do
            // not apply; a contact that opted out of exercises is still left out, as the "excluded where asked" wants.
            return contact.Exercises;
        }

        if (item.Kind == ItemKind.ModeChange)
        {
            // The federation's mode switched: the duty roster (the only contacts a mode change's plan reaches) is told
            // whatever kinds, labels or severity it filters on (docs/MODES.md §4).
            return true;
        }

        if (item.Kind == ItemKind.Revocation)
        {
            // Whoever was told of the original is told it is withdrawn, whatever kinds or severity they filter on; only its
            // label and the exercise flag (the original's own) still apply (docs/LIFECYCLE.md §1).
            return (contact.Labels.Count == 0 || contact.Labels.Contains(TlpTransport.Name(item.Tlp))) && (contact.Exercises || !item.Exercise);
        }

        var severity = (int)(item.Body?.Severity ?? Severity.None);
        return (contact.Kinds.Count == 0 || contact.Kinds.Contains(NotificationContent.KindCode(item.Kind)))
            && (contact.Labels.Count == 0 || contact.Labels.Contains(TlpTransport.Name(item.Tlp)))
            && severity >= contact.MinSeverity
            && (contact.Exercises || !item.Exercise);
    }
}

/// <summary>
/// Plans the notifications of one item before its commit (CPU only, docs/NOTIFICATIONS.md §6): the item's commit writes
/// one plan per purpose (the first notice, and for a high or extreme item reaching members the two escalations), and the
/// sender expands each plan into one row per contact once it is due, with <see cref="Plan(IReadOnlyList{ContactRecord}, Item, MemberDelivery, Lazy{IReadOnlyList{MemberFacts}}, string?, bool)"/>
/// for the first notice: the contacts of each member the item is delivered to, and the duty roster when the secretariat
/// sees it, each filtered by what the contact wants. Who is notified follows who may see the item (the member delivery
/// decided in Core/Policy and the rules, docs/TLP.md §2); what the message says is decided when it is sent (NotificationContent).
/// </summary>
internal sealed class NotificationPlanner(IOptions<NotifyOptions> options, TimeProvider time)
{
    public const string MemberReader = "member";
    public const string StaffReader = "staff";

    private readonly TimeSpan _escalateAfter = TimeSpan.FromMinutes(options.Value.EscalateAfterMinutes);

    /// <summary>Whether an item of this severity is escalated when nobody of a member it reached acknowledges it (docs/NOTIFICATIONS.md §4).</summary>
    public static bool Escalates(Severity severity) => severity is Severity.High or Severity.Extreme;

    /// <summary>
    /// The plans to write with the item's delivery: the first notice, due now; and when a high or extreme item reaches
    /// members, the escalation to their emergency contacts after Notify:EscalateAfterMinutes and to the duty roster after twice that.
    /// </summary>
    /// <param name="delivery">The members who see the item now.</param>
    /// <param name="submitter">The member who submitted it here: not notified of its own report, never escalated to.</param>
    /// <param name="staff">Whether the duty roster is told now (an item reaching this node's secretariat in clear).</param>
    public IReadOnlyList<NewNotifyPlan> Plans(Item item, MemberDelivery delivery, string? submitter, bool staff)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(delivery);
        if (delivery.IsNone && !staff)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var severity = item.Body?.Severity ?? Severity.None;
        var facts = new PlannedItemFacts((int)item.Kind, (int)item.Tlp, (int)severity, item.Exercise);
        var notify = new NewNotifyPlan(item.Id, NewNotification.Notify, now, delivery, submitter, staff, facts);
        if (!delivery.IsNone && item.Kind == ItemKind.Drill && item.Drill?.AcknowledgeBy is { } deadline && item.CreatedAt is { } created)
        {
            // Half way to the drill's deadline, members that have not acknowledged it are reminded (docs/DRILLS.md §3).
            var start = created.ToDateTimeOffset();
            var half = start + ((deadline.ToDateTimeOffset() - start) / 2);
            return [notify, new NewNotifyPlan(item.Id, NewNotification.Remind, half > now ? half : now, delivery, submitter, Staff: false, facts)];
        }

        if (delivery.IsNone || !Escalates(severity))
        {
            return [notify];
        }

        return
        [
            notify,
            new NewNotifyPlan(item.Id, NewNotification.EscalateMember, now + _escalateAfter, delivery, submitter, Staff: false, facts),
            new NewNotifyPlan(item.Id, NewNotification.EscalateDuty, now + (2 * _escalateAfter), delivery, submitter, Staff: true, facts),
        ];
    }

    /// <summary>The first notice's rows over the given contacts (a "notify" plan's expansion). Pure but for the rows' fresh keys.</summary>
    /// <param name="delivery">The members who see the item now.</param>
    /// <param name="roster">The enabled members (built only when some member contact may be reached).</param>
    /// <param name="submitter">The member who submitted it here: not notified of its own report.</param>
    /// <param name="staff">Whether the duty roster is told (an item reaching this node's secretariat in clear).</param>
    public static IReadOnlyList<NewNotification> Plan(
        IReadOnlyList<ContactRecord> contacts, Item item, MemberDelivery delivery, Lazy<IReadOnlyList<MemberFacts>> roster, string? submitter, bool staff)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(delivery);
        if (contacts.Count == 0)
        {
            return [];
        }

        HashSet<string>? reached = null;
        var planned = new List<NewNotification>();
        foreach (var contact in contacts)
        {
            if (contact.MemberId is { } member)
            {
                if (delivery.IsNone || member == submitter)
                {
                    continue;
                }

                reached ??= Reached(delivery, roster.Value);
                if (!reached.Contains(member))
                {
                    continue;
                }
            }
            else if (!staff)
            {
                continue;
            }

            if (ContactPreferences.Wants(contact, item))
            {
                planned.Add(new NewNotification(Core.Items.UuidV7.NewId(), item.Id, contact.ContactId, contact.IsDutyRoster ? StaffReader : MemberReader));
            }
        }

        return planned;
    }

    /// <summary>The enabled members the delivery names: all, by sector, or by id (a disabled member's contacts are not told).</summary>
    internal static HashSet<string> Reached(MemberDelivery delivery, IReadOnlyList<MemberFacts> roster) =>
        [.. roster.Where(m => delivery.AllMembers || delivery.Members.Contains(m.MemberId) || delivery.Sectors.Contains(m.Sector)).Select(m => m.MemberId)];
}
