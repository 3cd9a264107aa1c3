using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>
/// The pure parts of the national drill benchmark (issue 13): member counts read from the 2014 roster's printed text, their
/// scaling, and the 27 nodes. The expected counts are the ones printed in the roster, added up here by hand.
/// </summary>
public sealed class NationalFederationTests
{
    [Fact]
    public void Roster2014_ScaleOne_GivesThePrintedMemberCounts()
    {
        var expected = new Dictionary<string, int>
        {
            ["t-ceptoar"] = 28,
            ["catv-ceptoar"] = 252,
            ["broadcast-ceptoar"] = 194,
            ["bank-ceptoar"] = 1_411,
            ["securities-ceptoar"] = 251 + 7,
            ["life-insurance-ceptoar"] = 43,
            ["nonlife-insurance-ceptoar"] = 30,
            ["aviation-ceptoar"] = 2 + 3,
            ["railway-ceptoar"] = 22 + 1 + 1,
            ["electricity-ceptoar"] = 12 + 2,
            ["gas-ceptoar"] = 10,
            ["local-gov-ceptoar"] = 47 + 1_742,
            ["medical-ceptoar"] = 1 + 2,
            ["water-ceptoar"] = 8,
            ["logistics-ceptoar"] = 16 + 6,
            ["chemical-ceptoar"] = 0,
            ["credit-ceptoar"] = 0,
            ["petroleum-ceptoar"] = 0,
        };

        var scaled = NationalFederation.Roster2014().ToDictionary(c => c.Id, c => NationalFederation.Scaled(c.Members, 1));

        Assert.Equal(expected, scaled);
        Assert.Equal(4_091, scaled.Values.Sum());
        Assert.Equal(15, scaled.Values.Count(v => v > 0));
    }

    [Theory]
    [InlineData("8 water utilities, relaying to about 1,350 member utilities", 8)]
    [InlineData("30 companies (3 observers)", 30)]
    [InlineData("1,411 (banks, shinkin banks, credit cooperatives)", 1_411)]
    [InlineData("47 prefectures and 1,742 municipalities", 1_789)]
    [InlineData("planned", 0)]
    public void MemberCount_PrintedText_CountsOwnMembersOnly(string text, int members) =>
        Assert.Equal(members, NationalFederation.MemberCount(text));

    [Theory]
    [InlineData(1_411, 0.25, 353)]
    [InlineData(194, 0.25, 49)]
    [InlineData(3, 0.1, 1)]
    [InlineData(0, 1.0, 0)]
    [InlineData(1_789, 2.0, 3_578)]
    public void Scaled_Count_RoundsHalfUpKeepingOneWhereAny(int members, double scale, int scaled) =>
        Assert.Equal(scaled, NationalFederation.Scaled(members, scale));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    public void Scaled_ScaleNotAboveZero_ThrowsNamingTheScale(double scale)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NationalFederation.Scaled(10, scale));
        Assert.Contains("member scale", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout2014_Nodes_AreThe27OfIssue13WithTheirRoles()
    {
        var layout = NationalFederation.Layout2014();

        Assert.Equal(27, layout.Count);
        Assert.Equal(27, layout.Select(n => n.Id).Distinct().Count());
        Assert.Equal(["council", "nisc"], layout.Where(n => n.IsHub).Select(n => n.Id).Order());
        Assert.Equal(18, layout.Count(n => n.Role == NodeRole.Secretariat));
        Assert.DoesNotContain(layout, n => n.Role == NodeRole.Agency);
        Assert.Equal(["fsa", "meti", "mhlw", "mic", "mlit"], layout.Where(n => n.Role == NodeRole.Ministry).Select(n => n.Id).Order());
        Assert.Equal(["cas-crisis"], layout.Where(n => n.Role == NodeRole.CabinetCrisis).Select(n => n.Id));
        Assert.Equal(["cao-disaster"], layout.Where(n => n.Role == NodeRole.DisasterManagement).Select(n => n.Id));
        Assert.Equal(["finance"], layout.Single(n => n.Id == "bank-ceptoar").Sectors);
    }

    [Fact]
    public void Links_NationalLayout_EveryNodeWithBothHubsBothWays()
    {
        var layout = NationalFederation.Layout2014();

        var links = TestCluster.Links(layout).ToList();

        // 25 nodes × 2 hubs × 2 directions, and the hubs with each other both ways.
        Assert.Equal((25 * 2 * 2) + 2, links.Count);
        Assert.Contains(("water-ceptoar", "nisc"), links);
        Assert.Contains(("council", "fsa"), links);
        Assert.Contains(("nisc", "council"), links);
        Assert.DoesNotContain(links, l => l.From != "nisc" && l.From != "council" && l.To != "nisc" && l.To != "council");
    }
}
