using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>
/// Which plans an item's commit writes (the first notice; for high and extreme items reaching members, two escalations),
/// and which rows each plan becomes when expanded: pure, over contacts and acknowledgements given here.
/// </summary>
public sealed class NotificationExpanderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    private static readonly MemberFacts[] Roster =
    [
        new("mizuho-bank", "finance", []),
        new("resona-bank", "finance", []),
        new("mufg-bank", "finance", []),
    ];

    private static readonly ContactRecord[] Contacts =
    [
        Contact("c-resona-csirt", "resona-bank", "CSIRT"),
        Contact("c-resona-emergency", "resona-bank", "emergency"),
        Contact("c-mufg-emergency", "mufg-bank", "Emergency"),
        Contact("c-mizuho-emergency", "mizuho-bank", "emergency"),
        Contact("c-duty", null, ""),
    ];

    [Theory]
    [InlineData(Severity.High)]
    [InlineData(Severity.Extreme)]
    public void Plans_HighOrExtremeItemReachingMembers_FirstNoticeNow_MemberEscalationAt45Min_DutyAt90Min(Severity severity)
    {
        var plans = Planner(escalateAfterMinutes: 45).Plans(Item(severity), new MemberDelivery(true, [], []), "mizuho-bank", staff: true);

        Assert.Equal(
            [("notify", Now, true), ("escalate-member", Now.AddMinutes(45), false), ("escalate-duty", Now.AddMinutes(90), true)],
            plans.Select(p => (p.Purpose, p.DueAt, p.Staff)));
        Assert.All(plans, p => Assert.Equal("mizuho-bank", p.SkipMember));
    }

    [Theory]
    [InlineData(Severity.Medium)]
    [InlineData(Severity.Low)]
    [InlineData(Severity.None)]
    public void Plans_BelowHigh_OnlyTheFirstNotice(Severity severity)
    {
        var plans = Planner(escalateAfterMinutes: 30).Plans(Item(severity), new MemberDelivery(true, [], []), null, staff: true);

        Assert.Equal(["notify"], plans.Select(p => p.Purpose));
    }

    [Fact]
    public void Plans_HighItemReachingNoMember_OnlyTheDutyRostersNotice()
    {
        var plans = Planner(escalateAfterMinutes: 30).Plans(Item(Severity.High), MemberDelivery.None, null, staff: true);

        Assert.Equal([("notify", true)], plans.Select(p => (p.Purpose, p.Staff)));
        Assert.Empty(Planner(escalateAfterMinutes: 30).Plans(Item(Severity.High), MemberDelivery.None, null, staff: false));
    }

    [Fact]
    public void Expand_MemberEscalation_ResonaAcknowledged_OnlyMufgsEmergencyContact()
    {
        var expansion = NotificationExpander.Expand(Plan("escalate-member", skip: "mizuho-bank"), Contacts, Roster, new HashSet<string> { "resona-bank" });

        var row = Assert.Single(expansion.Rows);
        Assert.Equal(("c-mufg-emergency", "escalate-member", "member"), (row.ContactId, row.Purpose, row.Reader));
        Assert.Null(row.Unacknowledged);
    }

    [Fact]
    public void Expand_DutyEscalation_NamesOnlyTheMembersThatHaveNotAcknowledged()
    {
        var expansion = NotificationExpander.Expand(Plan("escalate-duty", skip: "mizuho-bank"), Contacts, Roster, new HashSet<string> { "resona-bank" });

        var row = Assert.Single(expansion.Rows);
        Assert.Equal(("c-duty", "escalate-duty", "staff"), (row.ContactId, row.Purpose, row.Reader));
        Assert.Equal(["mufg-bank"], row.Unacknowledged!);
    }

    [Theory]
    [InlineData("escalate-member")]
    [InlineData("escalate-duty")]
    public void Expand_EveryReachedMemberAcknowledged_NoRow(string purpose)
    {
        var expansion = NotificationExpander.Expand(Plan(purpose, skip: "mizuho-bank"), Contacts, Roster, new HashSet<string> { "resona-bank", "mufg-bank" });

        Assert.Empty(expansion.Rows);
        Assert.StartsWith("cancelled", expansion.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_FirstNotice_EveryContactOfTheReachedMembersButTheSubmitters_AndTheDutyRoster()
    {
        var expansion = NotificationExpander.Expand(Plan("notify", skip: "mizuho-bank", staff: true), Contacts, Roster, new HashSet<string>());

        Assert.Equal(["c-duty:notify", "c-mufg-emergency:notify", "c-resona-csirt:notify", "c-resona-emergency:notify"],
            expansion.Rows.Select(r => $"{r.ContactId}:{r.Purpose}").Order(StringComparer.Ordinal));
    }

    private static NotificationPlanner Planner(int escalateAfterMinutes) =>
        new(Options.Create(new NotifyOptions { EscalateAfterMinutes = escalateAfterMinutes }), new FixedClock(Now));

    private static NotifyPlanRecord Plan(string purpose, string? skip, bool staff = false) =>
        new(1, "0193a7c2-0000-7000-8000-0000000000aa", purpose, Now, new MemberDelivery(true, [], []), skip, staff,
            new PlannedItemFacts((int)ItemKind.EarlyWarning, (int)Tlp.Amber, (int)Severity.High, false), "planned", Now, null, null);

    private static Item Item(Severity severity) => new()
    {
        Id = Core.Items.UuidV7.NewId(),
        Kind = ItemKind.EarlyWarning,
        Tlp = Tlp.Green,
        Body = new Body { Title = "t", Severity = severity },
    };

    private static ContactRecord Contact(string id, string? member, string role) =>
        new(id, member, "Name", ContactRecord.Email, "a@b.example", "en", role, [], [], 0, true, null, DateTimeOffset.UnixEpoch);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
