using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>
/// Who gets a notification row for an item (pure planning before the commit): the contacts of the members the delivery
/// reaches and, when the secretariat sees it, the duty roster — each only for what they asked for.
/// </summary>
public sealed class NotificationPlannerTests
{
    private static readonly MemberFacts[] Roster =
    [
        new("mizuho-bank", "finance", []),
        new("resona-bank", "finance", []),
        new("tepco", "electricity", []),
    ];

    [Fact]
    public void Plan_AllMembers_EveryMembersContactButTheSubmitters_AndTheDutyRoster()
    {
        ContactRecord[] contacts = [Contact("c-mizuho", "mizuho-bank"), Contact("c-resona", "resona-bank"), Contact("c-tepco", "tepco"), Contact("c-duty", null)];

        var planned = Plan(contacts, Item(), new MemberDelivery(true, [], []), submitter: "mizuho-bank", staff: true);

        Assert.Equal(["c-duty:staff", "c-resona:member", "c-tepco:member"], planned);
    }

    [Fact]
    public void Plan_SectorDelivery_OnlyMembersOfThatSector()
    {
        ContactRecord[] contacts = [Contact("c-mizuho", "mizuho-bank"), Contact("c-tepco", "tepco")];

        var planned = Plan(contacts, Item(), new MemberDelivery(false, ["electricity"], []), submitter: null, staff: false);

        Assert.Equal(["c-tepco:member"], planned);
    }

    [Fact]
    public void Plan_NamedMember_OnlyThatMember()
    {
        ContactRecord[] contacts = [Contact("c-mizuho", "mizuho-bank"), Contact("c-resona", "resona-bank")];

        var planned = Plan(contacts, Item(), new MemberDelivery(false, [], ["resona-bank"]), submitter: null, staff: false);

        Assert.Equal(["c-resona:member"], planned);
    }

    [Fact]
    public void Plan_NoMemberDelivery_OnlyTheDutyRosterWhenStaffSeeIt()
    {
        ContactRecord[] contacts = [Contact("c-resona", "resona-bank"), Contact("c-duty", null)];

        Assert.Equal(["c-duty:staff"], Plan(contacts, Item(Tlp.Amber), MemberDelivery.None, submitter: null, staff: true));
        Assert.Empty(Plan(contacts, Item(Tlp.Amber), MemberDelivery.None, submitter: null, staff: false));
    }

    [Fact]
    public void Plan_MemberNotInTheRoster_Disabled_NotTold()
    {
        ContactRecord[] contacts = [Contact("c-gone", "gone-bank")];

        Assert.Empty(Plan(contacts, Item(), new MemberDelivery(true, [], []), submitter: null, staff: true));
    }

    [Theory]
    [InlineData("kinds", "early-warning", false)]
    [InlineData("kinds", "incident-report", true)]
    [InlineData("labels", "AMBER", false)]
    [InlineData("labels", "GREEN", true)]
    [InlineData("severity", "3", false)]
    [InlineData("severity", "2", true)]
    [InlineData("exercises", "no", false)]
    [InlineData("exercises", "yes", true)]
    public void Plan_ContactPreferences_FilterWhatTheyAreToldOf(string preference, string value, bool told)
    {
        var contact = Contact("c-resona", "resona-bank");
        contact = preference switch
        {
            "kinds" => contact with { Kinds = [value] },
            "labels" => contact with { Labels = [value] },
            "severity" => contact with { MinSeverity = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => contact with { Exercises = value == "yes" },
        };
        // A GREEN incident report of medium severity (2), an exercise.
        var item = Item();
        item.Exercise = true;

        var planned = Plan([contact], item, new MemberDelivery(true, [], []), submitter: null, staff: false);

        Assert.Equal(told ? ["c-resona:member"] : [], planned);
    }

    [Fact]
    public void Plan_EachRow_AFreshKeyForTheItem()
    {
        ContactRecord[] contacts = [Contact("c-1", "resona-bank"), Contact("c-2", "resona-bank")];
        var item = Item();

        var rows = NotificationPlanner.Plan(contacts, item, new MemberDelivery(true, [], []), new Lazy<IReadOnlyList<MemberFacts>>(Roster), null, false);

        Assert.All(rows, r => Assert.Equal(item.Id, r.ItemId));
        Assert.Equal(2, rows.Select(r => r.Key).Distinct().Count());
        Assert.All(rows, r => Assert.True(Core.Items.UuidV7.IsValid(r.Key), r.Key));
    }

    private static string[] Plan(IReadOnlyList<ContactRecord> contacts, Item item, MemberDelivery delivery, string? submitter, bool staff) =>
        [.. NotificationPlanner.Plan(contacts, item, delivery, new Lazy<IReadOnlyList<MemberFacts>>(Roster), submitter, staff)
            .Select(r => $"{r.ContactId}:{r.Reader}").Order(StringComparer.Ordinal)];

    private static Item Item(Tlp tlp = Tlp.Green) => new()
    {
        Id = Core.Items.UuidV7.NewId(),
        Kind = ItemKind.IncidentReport,
        Tlp = tlp,
        Body = new Body { Title = "t", Severity = Severity.Medium },
    };

    private static ContactRecord Contact(string id, string? member) =>
        new(id, member, "Name", ContactRecord.Email, "a@b.example", "en", "", [], [], 0, true, null, DateTimeOffset.UnixEpoch);
}
