using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Tests.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>Audiences that name the action plan's actors by certified role, and "the ministry of these sectors" (docs/MODES.md §1).</summary>
public sealed class ActorAudienceTests
{
    private static readonly FederationView View = new(
        "bank-ceptoar",
        [
            new FederationNode("bank-ceptoar", NodeRole.Secretariat, ["finance"], ["nisc", "council"]),
            new FederationNode("power-ceptoar", NodeRole.Secretariat, ["electricity"], ["nisc", "council"]),
            new FederationNode("nisc", NodeRole.Nisc, [], []),
            new FederationNode("council", NodeRole.Council, [], []),
            new FederationNode("fsa", NodeRole.Ministry, ["finance"], ["nisc"]),
            new FederationNode("meti", NodeRole.Ministry, ["electricity", "gas"], ["nisc"]),
            new FederationNode("cao-disaster", NodeRole.DisasterManagement, [], ["nisc"]),
            new FederationNode("npa", NodeRole.IncidentHandling, [], ["nisc"]),
            new FederationNode("cas-crisis", NodeRole.CabinetCrisis, [], ["nisc"]),
        ],
        ["nisc", "council"]);

    public static TheoryData<string, Tlp, Audience, string[]> Addressed => new()
    {
        { "role nisc", Tlp.Green, new Audience { Roles = { "nisc" } }, ["nisc"] },
        { "disaster-management", Tlp.Amber, new Audience { Roles = { "disaster-management" } }, ["cao-disaster"] },
        { "two roles", Tlp.Red, new Audience { Roles = { "cabinet-crisis", "nisc" } }, ["cas-crisis", "nisc"] },
        { "incident-handling", Tlp.AmberStrict, new Audience { Roles = { "incident-handling" } }, ["npa"] },
        { "ministry of finance", Tlp.Green, new Audience { SectorMinistries = { "finance" } }, ["fsa"] },
        { "ministry of gas", Tlp.AmberStrict, new Audience { SectorMinistries = { "gas" } }, ["meti"] },
        { "ministries of two sectors", Tlp.Red, new Audience { SectorMinistries = { "finance", "electricity" } }, ["fsa", "meti"] },
        { "a secretariat is no ministry", Tlp.Green, new Audience { SectorMinistries = { "water" } }, [] },
        { "roles and nodes", Tlp.Amber, new Audience { Nodes = { "power-ceptoar" }, Roles = { "cabinet-crisis" } }, ["cas-crisis", "power-ceptoar"] },
        { "own role is not self", Tlp.Green, new Audience { Roles = { "secretariat" } }, ["power-ceptoar"] },
        { "a sector reaches its CEPTOARs, not its ministry", Tlp.Amber, new Audience { Sectors = { "electricity" } }, ["power-ceptoar"] },
        { "the sector and its ministry when both are named", Tlp.Green, new Audience { Sectors = { "electricity" }, SectorMinistries = { "electricity" } }, ["meti", "power-ceptoar"] },
        { "unknown role reaches nobody", Tlp.Green, new Audience { Roles = { "police" } }, [] },
    };

    [Theory]
    [MemberData(nameof(Addressed))]
    public void Of_RolesAndSectorMinistries_TheCertifiedNodesOnly(string caseName, Tlp tlp, Audience audience, string[] expected)
    {
        var item = new RoutingFacts("01890000-0000-7000-8000-000000000001", "bank-ceptoar", tlp, DateTimeOffset.MaxValue, audience, null);

        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(FederationRecipients.Of(item, View).Order(StringComparer.Ordinal)), caseName);
    }

    [Theory]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void ValidateDraft_RestrictedLabelNamingOnlyARoleOrSectorMinistry_HasNamedItsRecipients(Tlp tlp)
    {
        var byRole = TestItems.Draft(tlp);
        byRole.Audience = new Audience { Roles = { "nisc" } };
        var byMinistry = TestItems.Draft(tlp);
        byMinistry.Audience = new Audience { SectorMinistries = { "finance" } };

        Assert.Empty(TestItems.Validator().ValidateDraft(byRole, TestItems.Now));
        Assert.Empty(TestItems.Validator().ValidateDraft(byMinistry, TestItems.Now));
    }

    [Theory]
    [InlineData("police", "draft.audience.roles[0]")]
    [InlineData("NISC", "draft.audience.roles[0]")]
    [InlineData("unspecified", "draft.audience.roles[0]")]
    public void ValidateDraft_UnknownRole_ViolationNamingTheEntry(string role, string field)
    {
        var draft = TestItems.Draft();
        draft.Audience = new Audience { Roles = { role } };

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal(field, violation.Field);
        Assert.Contains("cabinet-crisis", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateDraft_RoleTwiceAndUnknownSectorMinistry_BothNamed()
    {
        var draft = TestItems.Draft();
        draft.Audience = new Audience { Roles = { "nisc", "nisc" }, SectorMinistries = { "banking" } };

        var fields = TestItems.Validator().ValidateDraft(draft, TestItems.Now).Select(v => v.Field).Order(StringComparer.Ordinal);

        Assert.Equal(["draft.audience.roles[1]", "draft.audience.sector_ministries[0]"], fields);
    }

    [Fact]
    public void RoleNames_EveryNameParsesToItsRoleAndBack()
    {
        Assert.Equal(9, RoleNames.All.Count);
        Assert.All(RoleNames.All, name => Assert.Equal(name, RoleNames.Name(RoleNames.Parse(name))));
        Assert.Equal(NodeRole.CabinetCrisis, RoleNames.Parse("cabinet-crisis"));
        Assert.Equal(NodeRole.Unspecified, RoleNames.Parse("Cabinet-Crisis"));
    }
}
