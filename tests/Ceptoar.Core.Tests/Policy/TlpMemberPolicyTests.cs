using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Policy;

public sealed class TlpMemberPolicyTests
{
    private const string Local = "gas-ceptoar";

    private static readonly Dictionary<string, Func<Audience?>> Shapes = new()
    {
        ["null"] = () => null,
        ["empty"] = () => new Audience(),
        ["whole"] = () => new Audience { WholeFederation = true },
        ["this node"] = () => new Audience { Nodes = { "water-ceptoar", Local } },
        ["other node"] = () => new Audience { Nodes = { "water-ceptoar" } },
        ["sectors"] = () => new Audience { Sectors = { "finance", "water" } },
        ["members here and there"] = () => new Audience { Members = { Member(Local, "tokyo-gas"), Member("water-ceptoar", "osaka-water") } },
        ["other node + sector"] = () => new Audience { Nodes = { "water-ceptoar" }, Sectors = { "finance" } },
        ["other node + member here"] = () => new Audience { Nodes = { "water-ceptoar" }, Members = { Member(Local, "tokyo-gas") } },
        ["whole + member here"] = () => new Audience { WholeFederation = true, Members = { Member(Local, "tokyo-gas") } },
        ["this node + member here"] = () => new Audience { Nodes = { Local }, Members = { Member(Local, "saibu-gas") } },
        ["duplicate members here"] = () => new Audience { Members = { Member(Local, "a-gas"), Member(Local, "a-gas"), Member(Local, "b-gas") } },
        ["members elsewhere only"] = () => new Audience { Members = { Member("water-ceptoar", "tokyo-gas"), Member("bank-ceptoar", "x-bank") } },
        ["member id differs only by node case"] = () => new Audience { Members = { Member("GAS-CEPTOAR", "tokyo-gas") } },
    };

    /// <summary>docs/TLP.md §2, "Which members of a receiving node see it", for the node "gas-ceptoar".</summary>
    private static readonly Dictionary<string, string> Community = new()
    {
        ["null"] = "all",
        ["empty"] = "all",
        ["whole"] = "all",
        ["this node"] = "all",
        ["other node"] = "none",
        ["sectors"] = "sectors:finance,water",
        ["members here and there"] = "members:tokyo-gas",
        ["other node + sector"] = "sectors:finance",
        ["other node + member here"] = "members:tokyo-gas",
        ["whole + member here"] = "all",
        ["this node + member here"] = "all",
        ["duplicate members here"] = "members:a-gas,b-gas",
        ["members elsewhere only"] = "none",
        ["member id differs only by node case"] = "none",
    };

    private static readonly Dictionary<string, string> Red = new()
    {
        ["null"] = "none",
        ["empty"] = "none",
        ["whole"] = "none",
        ["this node"] = "none",
        ["other node"] = "none",
        ["sectors"] = "none",
        ["members here and there"] = "members:tokyo-gas",
        ["other node + sector"] = "none",
        ["other node + member here"] = "members:tokyo-gas",
        ["whole + member here"] = "members:tokyo-gas",
        ["this node + member here"] = "members:saibu-gas",
        ["duplicate members here"] = "members:a-gas,b-gas",
        ["members elsewhere only"] = "none",
        ["member id differs only by node case"] = "none",
    };

    public static TheoryData<Tlp, string, string> Table
    {
        get
        {
            var data = new TheoryData<Tlp, string, string>();
            foreach (var shape in Shapes.Keys)
            {
                data.Add(Tlp.Clear, shape, Community[shape]);
                data.Add(Tlp.Green, shape, Community[shape]);
                data.Add(Tlp.Amber, shape, "none");
                data.Add(Tlp.AmberStrict, shape, "none");
                data.Add(Tlp.Red, shape, Red[shape]);
                data.Add(Tlp.Unspecified, shape, "none");
                data.Add((Tlp)6, shape, "none");
                data.Add((Tlp)(-1), shape, "none");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_LabelAndAudience_MatchesTheTable(Tlp tlp, string shape, string expected)
    {
        var item = new Item { Tlp = tlp, Audience = Shapes[shape]() };

        var delivery = TlpMemberPolicy.Decide(item, Local);

        Assert.Equal(expected, Describe(delivery));
    }

    [Fact]
    public void Decide_AmberNamingThisNodeAndItsSector_NoMembersByDefault()
    {
        var item = new Item { Tlp = Tlp.Amber, Audience = new Audience { Nodes = { Local }, Sectors = { "gas" } } };

        Assert.True(TlpMemberPolicy.Decide(item, Local).IsNone);
    }

    [Fact]
    public void Decide_DoesNotChangeTheItem()
    {
        var item = new Item { Tlp = Tlp.Green, Audience = Shapes["duplicate members here"]() };
        var before = item.Clone();

        TlpMemberPolicy.Decide(item, Local);

        Assert.Equal(before, item);
    }

    [Fact]
    public void Decide_SameItemAtAnotherNode_DecidesForThatNode()
    {
        var item = new Item { Tlp = Tlp.Red, Audience = Shapes["members here and there"]() };

        Assert.Equal("members:osaka-water", Describe(TlpMemberPolicy.Decide(item, "water-ceptoar")));
        Assert.Equal("none", Describe(TlpMemberPolicy.Decide(item, "bank-ceptoar")));
    }

    [Fact]
    public void Decide_BadArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => TlpMemberPolicy.Decide(null!, Local));
        Assert.Throws<ArgumentNullException>(() => TlpMemberPolicy.Decide(new Item { Tlp = Tlp.Green }, null!));
        Assert.Throws<ArgumentException>(() => TlpMemberPolicy.Decide(new Item { Tlp = Tlp.Green }, ""));
    }

    [Fact]
    public void None_IsNone()
    {
        Assert.True(MemberDelivery.None.IsNone);
        Assert.False(new MemberDelivery(true, [], []).IsNone);
        Assert.False(new MemberDelivery(false, ["finance"], []).IsNone);
        Assert.False(new MemberDelivery(false, [], ["tokyo-gas"]).IsNone);
    }

    /// <summary>"all", "none", "sectors:a,b", "members:a,b" or both joined by ";".</summary>
    internal static string Describe(MemberDelivery delivery)
    {
        if (delivery.AllMembers)
        {
            return delivery.Sectors.Count == 0 && delivery.Members.Count == 0 ? "all" : "all+extra";
        }

        var parts = new List<string>();
        if (delivery.Sectors.Count > 0)
        {
            parts.Add("sectors:" + string.Join(",", delivery.Sectors));
        }

        if (delivery.Members.Count > 0)
        {
            parts.Add("members:" + string.Join(",", delivery.Members));
        }

        return parts.Count == 0 ? "none" : string.Join(";", parts);
    }

    private static MemberRef Member(string node, string memberId) => new() { Node = node, MemberId = memberId };
}
