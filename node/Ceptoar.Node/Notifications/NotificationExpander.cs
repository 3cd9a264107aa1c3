using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Notifications;

/// <summary>
/// Turns due notification plans into outbox rows after the item's commit (docs/NOTIFICATIONS.md §6), so an item's commit
/// writes one plan whatever the number of contacts and the member feed never waits on notifications. Contacts and the
/// roster are read when a plan is expanded, and for an escalation which members acknowledged (docs/NOTIFICATIONS.md §4).
/// </summary>
internal sealed class NotificationExpander(NotifyPlanStore plans, ContactBook contacts, MemberStore members, TimeProvider time)
{
    /// <summary>The role that marks a member's emergency contact (緊急窓口), compared without regard to case.</summary>
    public const string EmergencyRole = "emergency";

    private const int BatchSize = 64;

    /// <summary>Expands the plans due now; returns how many were due (0: nothing to do).</summary>
    public async Task<int> ExpandDueAsync(CancellationToken cancellationToken)
    {
        var due = await plans.DueAsync(time.GetUtcNow(), BatchSize, cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var book = contacts.Current;
        IReadOnlyList<MemberFacts> roster = [.. members.Enabled().Select(m => new MemberFacts(m.MemberId, m.Sector, m.Tags))];
        // One after another, in short writes: the item commits queued meanwhile go between them (docs/NOTIFICATIONS.md §6).
        foreach (var plan in due)
        {
            await plans.ExpandAsync(plan, acknowledged => Expand(plan, book, roster, acknowledged), cancellationToken);
        }

        return due.Count;
    }

    /// <summary>When the next plan comes due (an escalation); null when none waits.</summary>
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => plans.NextDueAsync(cancellationToken);

    /// <summary>
    /// The rows of one plan. Pure but for the rows' fresh keys. "notify": every contact the first notice reaches.
    /// "escalate-member": the emergency contacts of each member the item reached that has not acknowledged it.
    /// "escalate-duty": the duty roster, naming those members, when there is any. "remind" (a drill at half its
    /// deadline, docs/DRILLS.md §3): every contact of each member the drill reached that has not acknowledged it.
    /// </summary>
    /// <param name="acknowledged">The members that acknowledged the item at this node.</param>
    public static PlanExpansion Expand(NotifyPlanRecord plan, IReadOnlyList<ContactRecord> contacts, IReadOnlyList<MemberFacts> roster, IReadOnlySet<string> acknowledged)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(contacts);
        var item = new Item
        {
            Id = plan.ItemId,
            Kind = (ItemKind)plan.Facts.Kind,
            Tlp = (Tlp)plan.Facts.Tlp,
            Exercise = plan.Facts.Exercise,
            Body = new Body { Severity = (Severity)plan.Facts.Severity },
        };
        if (plan.Purpose == NewNotification.Notify)
        {
            var rows = NotificationPlanner.Plan(contacts, item, plan.Delivery, new Lazy<IReadOnlyList<MemberFacts>>(roster), plan.SkipMember, plan.Staff);
            return new PlanExpansion(rows, $"{rows.Count} notifications");
        }

        var waiting = NotificationPlanner.Reached(plan.Delivery, roster);
        waiting.RemoveWhere(m => m == plan.SkipMember || acknowledged.Contains(m));
        if (waiting.Count == 0)
        {
            return new PlanExpansion([], "cancelled: every member the item reached has acknowledged it");
        }

        var names = waiting.Order(StringComparer.Ordinal).ToList();
        var escalated = new List<NewNotification>();
        foreach (var contact in contacts)
        {
            var wanted = plan.Purpose switch
            {
                NewNotification.EscalateDuty => contact.IsDutyRoster,
                // A drill's reminder goes to every person of a member that has not acknowledged it.
                NewNotification.Remind => contact.MemberId is { } reminded && waiting.Contains(reminded),
                _ => contact.MemberId is { } member && waiting.Contains(member) && string.Equals(contact.Role, EmergencyRole, StringComparison.OrdinalIgnoreCase),
            };
            if (wanted && ContactPreferences.Wants(contact, item))
            {
                escalated.Add(new NewNotification(Core.Items.UuidV7.NewId(), item.Id, contact.ContactId,
                    contact.IsDutyRoster ? NotificationPlanner.StaffReader : NotificationPlanner.MemberReader, plan.Purpose,
                    plan.Purpose == NewNotification.EscalateDuty ? names : null));
            }
        }

        return new PlanExpansion(escalated, $"{escalated.Count} {plan.Purpose} rows; not acknowledged by {string.Join(",", names)}");
    }
}
