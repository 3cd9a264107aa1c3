using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

public sealed class ItemValidatorAudienceTests
{
    private static readonly Dictionary<string, Func<Audience>> Shapes = new()
    {
        ["empty"] = () => new Audience(),
        ["whole"] = () => new Audience { WholeFederation = true },
        ["nodes"] = () => new Audience { Nodes = { "gas-ceptoar" } },
        ["sectors"] = () => new Audience { Sectors = { "finance" } },
        ["members"] = () => new Audience { Members = { Member("gas-ceptoar", "tokyo-gas") } },
        ["nodes+sectors"] = () => new Audience { Nodes = { "gas-ceptoar" }, Sectors = { "water" } },
        ["nodes+members"] = () => new Audience { Nodes = { "gas-ceptoar" }, Members = { Member("water-ceptoar", "osaka-water") } },
        ["whole+nodes"] = () => new Audience { WholeFederation = true, Nodes = { "gas-ceptoar" } },
        ["sectors+members"] = () => new Audience { Sectors = { "finance" }, Members = { Member("gas-ceptoar", "tokyo-gas") } },
    };

    /// <summary>docs/TLP.md §1 "Who the origin may address", per label and audience shape; "" = accepted.</summary>
    public static TheoryData<Tlp, string, string> Table => new()
    {
        { Tlp.Clear, "empty", "" }, { Tlp.Clear, "whole", "" }, { Tlp.Clear, "nodes", "" }, { Tlp.Clear, "sectors", "" },
        { Tlp.Clear, "members", "" }, { Tlp.Clear, "nodes+sectors", "" }, { Tlp.Clear, "nodes+members", "" },
        { Tlp.Clear, "whole+nodes", "" }, { Tlp.Clear, "sectors+members", "" },

        { Tlp.Green, "empty", "" }, { Tlp.Green, "whole", "" }, { Tlp.Green, "nodes", "" }, { Tlp.Green, "sectors", "" },
        { Tlp.Green, "members", "" }, { Tlp.Green, "nodes+sectors", "" }, { Tlp.Green, "nodes+members", "" },
        { Tlp.Green, "whole+nodes", "" }, { Tlp.Green, "sectors+members", "" },

        { Tlp.Amber, "empty", "audience" },
        { Tlp.Amber, "whole", "audience whole_federation" },
        { Tlp.Amber, "nodes", "" },
        { Tlp.Amber, "sectors", "" },
        { Tlp.Amber, "members", "audience members" },
        { Tlp.Amber, "nodes+sectors", "" },
        { Tlp.Amber, "nodes+members", "members" },
        { Tlp.Amber, "whole+nodes", "whole_federation" },
        { Tlp.Amber, "sectors+members", "members" },

        { Tlp.AmberStrict, "empty", "audience" },
        { Tlp.AmberStrict, "whole", "audience whole_federation" },
        { Tlp.AmberStrict, "nodes", "" },
        { Tlp.AmberStrict, "sectors", "audience sectors" },
        { Tlp.AmberStrict, "members", "audience members" },
        { Tlp.AmberStrict, "nodes+sectors", "sectors" },
        { Tlp.AmberStrict, "nodes+members", "members" },
        { Tlp.AmberStrict, "whole+nodes", "whole_federation" },
        { Tlp.AmberStrict, "sectors+members", "audience members sectors" },

        { Tlp.Red, "empty", "audience" },
        { Tlp.Red, "whole", "audience whole_federation" },
        { Tlp.Red, "nodes", "" },
        { Tlp.Red, "sectors", "audience sectors" },
        { Tlp.Red, "members", "" },
        { Tlp.Red, "nodes+sectors", "sectors" },
        { Tlp.Red, "nodes+members", "" },
        { Tlp.Red, "whole+nodes", "whole_federation" },
        { Tlp.Red, "sectors+members", "sectors" },
    };

    public static TheoryData<string> ShapeNames => [.. Shapes.Keys];

    public static TheoryData<string, Audience, string> BadEntries => new()
    {
        { "upper-case node", new Audience { Nodes = { "Gas-ceptoar" } }, "draft.audience.nodes[0]" },
        { "node starts with digit", new Audience { Nodes = { "1gas" } }, "draft.audience.nodes[0]" },
        { "node starts with dash", new Audience { Nodes = { "-gas" } }, "draft.audience.nodes[0]" },
        { "node one char", new Audience { Nodes = { "g" } }, "draft.audience.nodes[0]" },
        { "node 64 chars", new Audience { Nodes = { "g" + new string('a', 63) } }, "draft.audience.nodes[0]" },
        { "node underscore", new Audience { Nodes = { "gas_ceptoar" } }, "draft.audience.nodes[0]" },
        { "node empty", new Audience { Nodes = { "gas-ceptoar", "" } }, "draft.audience.nodes[1]" },
        { "node duplicate", new Audience { Nodes = { "gas-ceptoar", "water-ceptoar", "gas-ceptoar" } }, "draft.audience.nodes[2]" },
        { "nodes too many", new Audience { Nodes = { Enumerable.Range(0, 101).Select(i => $"node-{i}") } }, "draft.audience.nodes" },
        { "unknown sector", new Audience { Sectors = { "space" } }, "draft.audience.sectors[0]" },
        { "upper-case sector", new Audience { Sectors = { "Finance" } }, "draft.audience.sectors[0]" },
        { "Japanese sector name", new Audience { Sectors = { "金融" } }, "draft.audience.sectors[0]" },
        { "empty sector", new Audience { Sectors = { "finance", "" } }, "draft.audience.sectors[1]" },
        { "sector duplicate", new Audience { Sectors = { "finance", "finance" } }, "draft.audience.sectors[1]" },
        { "sectors too many", new Audience { Sectors = { Enumerable.Repeat("finance", 101) } }, "draft.audience.sectors" },
        { "member without node", new Audience { Members = { Member("", "tokyo-gas") } }, "draft.audience.members[0].node" },
        { "member bad node", new Audience { Members = { Member("Gas", "tokyo-gas") } }, "draft.audience.members[0].node" },
        { "member without id", new Audience { Members = { Member("gas-ceptoar", "") } }, "draft.audience.members[0].member_id" },
        { "member id one char", new Audience { Members = { Member("gas-ceptoar", "t") } }, "draft.audience.members[0].member_id" },
        { "member id 65 chars", new Audience { Members = { Member("gas-ceptoar", new string('t', 65)) } }, "draft.audience.members[0].member_id" },
        { "member id upper case", new Audience { Members = { Member("gas-ceptoar", "Tokyo-gas") } }, "draft.audience.members[0].member_id" },
        { "member id dot", new Audience { Members = { Member("gas-ceptoar", "tokyo.gas") } }, "draft.audience.members[0].member_id" },
        { "member duplicate", new Audience { Members = { Member("gas-ceptoar", "tokyo-gas"), Member("gas-ceptoar", "tokyo-gas") } }, "draft.audience.members[1]" },
        { "members too many", new Audience { Members = { Enumerable.Range(0, 101).Select(i => Member("gas-ceptoar", $"m-{i}")) } }, "draft.audience.members" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void ValidateDraft_LabelAndAudienceShape_MatchesTheTable(Tlp tlp, string shape, string expected)
    {
        var draft = TestItems.Draft(tlp);
        draft.Audience = Shapes[shape]();

        var fields = TestItems.Fields(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        var expectedFields = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f == "audience" ? "draft.audience" : "draft.audience." + f)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expectedFields, fields);
    }

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void ValidateDraft_UnsetOrUnknownLabel_OnlyTheLabelIsReported(string shape)
    {
        foreach (var tlp in new[] { Tlp.Unspecified, (Tlp)6, (Tlp)99 })
        {
            var draft = TestItems.Draft(tlp);
            draft.Audience = Shapes[shape]();

            Assert.Equal(["draft.tlp"], TestItems.Fields(TestItems.Validator().ValidateDraft(draft, TestItems.Now)));
        }
    }

    [Fact]
    public void ValidateDraft_NullAudienceForRed_RefusedLikeEmpty()
    {
        var draft = TestItems.Draft(Tlp.Red);
        draft.Audience = null;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.audience", violation.Field);
        Assert.Contains("audience.nodes", violation.Description);
    }

    [Theory]
    [MemberData(nameof(BadEntries))]
    public void ValidateDraft_BadAudienceEntry_ViolationOnExactField(string name, Audience audience, string field)
    {
        var draft = TestItems.Draft(Tlp.Green);
        draft.Audience = audience;

        var violations = TestItems.Validator().ValidateDraft(draft, TestItems.Now);

        Assert.True(violations.Count > 0, name);
        Assert.Equal([field], TestItems.Fields(violations));
    }

    [Fact]
    public void ValidateDraft_UnknownSector_DescriptionListsTheCodes()
    {
        var draft = TestItems.Draft(Tlp.Amber);
        draft.Audience.Sectors[0] = "banking";

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Contains("finance", violation.Description);
        Assert.Contains("petroleum", violation.Description);
    }

    [Fact]
    public void ValidateDraft_IdsAtTheirLengthLimits_Accepted()
    {
        var draft = TestItems.Draft(Tlp.Red);
        draft.Audience.Nodes.Add(["ab", "a" + new string('9', 62)]);
        draft.Audience.Members.Add(Member("ab", "12"));
        draft.Audience.Members.Add(Member("ab", new string('m', 64)));

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_SameMemberIdAtTwoNodes_NotADuplicate()
    {
        var draft = TestItems.Draft(Tlp.Red);
        draft.Audience.Members.Add(Member("gas-ceptoar", "example-bank"));

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_CustomAudienceLimit_Honoured()
    {
        var draft = TestItems.Draft(Tlp.AmberStrict);
        draft.Audience.Nodes.Add(["gas-ceptoar", "water-ceptoar"]);
        var validator = TestItems.Validator(new ItemLimits { MaxAudienceEntries = 2 });

        var violation = Assert.Single(validator.ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.audience.nodes", violation.Field);
        Assert.Contains("at most 2", violation.Description);
    }

    private static MemberRef Member(string node, string memberId) => new() { Node = node, MemberId = memberId };
}
