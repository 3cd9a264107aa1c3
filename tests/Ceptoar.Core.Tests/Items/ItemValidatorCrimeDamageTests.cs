using System.Globalization;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

/// <summary>A crime-damage report (docs/MODES.md §3): voluntary, and addressed only to incident-handling nodes.</summary>
public sealed class ItemValidatorCrimeDamageTests
{
    private static ItemDraft Draft(Tlp tlp = Tlp.Green)
    {
        var draft = TestItems.Draft(tlp);
        draft.Kind = ItemKind.CrimeDamage;
        draft.Voluntary = true;
        draft.Audience = new Audience { Roles = { "incident-handling" } };
        return draft;
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void ValidateDraft_VoluntaryToIncidentHandling_NoViolations(Tlp tlp)
    {
        Assert.Empty(TestItems.Validator().ValidateDraft(Draft(tlp), TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_ToANamedNode_NoViolations()
    {
        var draft = Draft();
        draft.Audience = new Audience { Nodes = { "npa" } };

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_NotVoluntary_RefusedOnVoluntaryInBothLanguages()
    {
        var draft = Draft();
        draft.Voluntary = false;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.voluntary", violation.Field);
        Assert.Equal("Report crime damage only at your own judgement: set voluntary to true", violation.Description);
        Assert.Equal("犯罪被害等の通報は自らの判断で行うものです: voluntary を true にしてください", violation.DescriptionIn(CultureInfo.GetCultureInfo("ja-JP")));
    }

    [Fact]
    public void ValidateDraft_VoluntaryOnAnotherKind_RefusedOnVoluntary()
    {
        var draft = TestItems.Draft();
        draft.Voluntary = true;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.voluntary", violation.Field);
    }

    public static TheoryData<string, string> Elsewhere() => new()
    {
        { "whole", "draft.audience.whole_federation" },
        { "sectors", "draft.audience.sectors" },
        { "sector_ministries", "draft.audience.sector_ministries" },
        { "members", "draft.audience.members" },
        { "role nisc", "draft.audience.roles[1]" },
        { "nothing", "draft.audience" },
    };

    [Theory]
    [MemberData(nameof(Elsewhere))]
    public void ValidateDraft_AddressedElsewhere_RefusedOnTheField(string what, string field)
    {
        var draft = Draft();
        var audience = draft.Audience;
        switch (what)
        {
            case "whole": audience.WholeFederation = true; break;
            case "sectors": audience.Sectors.Add("finance"); break;
            case "sector_ministries": audience.SectorMinistries.Add("finance"); break;
            case "members": audience.Members.Add(new MemberRef { Node = "bank-ceptoar", MemberId = "example-bank" }); break;
            case "role nisc": audience.Roles.Add("nisc"); break;
            default: audience.Roles.Clear(); break;
        }

        var violations = TestItems.Validator().ValidateDraft(draft, TestItems.Now);

        Assert.Contains(violations, v => v.Field == field);
    }

    [Fact]
    public void ValidateItem_CrimeDamageNotVoluntary_RefusedOnVoluntary()
    {
        var item = TestItems.CrimeDamage();
        item.Voluntary = false;

        var violation = Assert.Single(TestItems.Validator().ValidateItem(item));

        Assert.Equal("item.voluntary", violation.Field);
    }
}
