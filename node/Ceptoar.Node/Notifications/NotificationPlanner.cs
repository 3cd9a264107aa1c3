using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

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

        var severity = (int)(item.Body?.Severity ?? Severity.None);
        return (contact.Kinds.Count == 0 || contact.Kinds.Contains(NotificationContent.KindCode(item.Kind)))
            && (contact.Labels.Count == 0 || contact.Labels.Contains(TlpTransport.Name(item.Tlp)))
            && severity >= contact.MinSeverity
            && (contact.Exercises || !item.Exercise);
    }
}

/// <summary>
/// Plans the notifications of one item before its commit (CPU only): one row per contact of each member the item is
/// delivered to, and per duty-roster contact when the secretariat sees it, each filtered by what the contact wants.
/// Who is notified follows who may see the item (the member delivery decided in Core/Policy and the rules, docs/TLP.md
/// §2); what the message says is decided when it is sent (NotificationContent).
/// </summary>
internal sealed class NotificationPlanner(ContactBook book)
{
    public const string MemberReader = "member";
    public const string StaffReader = "staff";

    /// <param name="delivery">The members who see the item now.</param>
    /// <param name="roster">The enabled members (built only when some member contact may be reached).</param>
    /// <param name="submitter">The member who submitted it here: not notified of its own report.</param>
    /// <param name="staff">Whether the duty roster is told (an item reaching this node's secretariat in clear).</param>
    public IReadOnlyList<NewNotification> Plan(Item item, MemberDelivery delivery, Lazy<IReadOnlyList<MemberFacts>> roster, string? submitter, bool staff) =>
        Plan(book.Current, item, delivery, roster, submitter, staff);

    /// <summary>As the instance method, over the given contacts. Pure but for the rows' fresh keys.</summary>
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
    private static HashSet<string> Reached(MemberDelivery delivery, IReadOnlyList<MemberFacts> roster) =>
        [.. roster.Where(m => delivery.AllMembers || delivery.Members.Contains(m.MemberId) || delivery.Sectors.Contains(m.Sector)).Select(m => m.MemberId)];
}
