using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Query;

public sealed class QueryPolicyTests
{
    private const string Asker = "council";

    public static TheoryData<Tlp, bool, bool, bool, bool> Cases()
    {
        var data = new TheoryData<Tlp, bool, bool, bool, bool>();
        foreach (var tlp in new[] { Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red, Tlp.Unspecified })
        {
            foreach (var addressed in new[] { true, false })
            {
                foreach (var direct in new[] { true, false })
                {
                    foreach (var origin in new[] { true, false })
                    {
                        var community = tlp is Tlp.Clear or Tlp.Green;
                        var restricted = tlp is Tlp.Amber or Tlp.AmberStrict or Tlp.Red;
                        data.Add(tlp, addressed, direct, origin, community || (restricted && addressed && direct && origin));
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MayAnswer_LabelAddressedDirectAndOrigin_CommunityAlwaysRestrictedOnlyFromTheOriginToADirectRecipient(Tlp tlp, bool addressed, bool direct, bool origin, bool expected)
    {
        var facts = Facts(tlp, addressed ? ["council", "nisc"] : ["nisc"]) with { AnswererIsOrigin = origin };

        Assert.Equal(expected, QueryPolicy.MayAnswer(facts, Asker, direct));
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Red)]
    public void MayAnswer_HeldAsCiphertext_Never(Tlp tlp)
    {
        Assert.False(QueryPolicy.MayAnswer(Facts(tlp, [Asker]) with { HeldAsCiphertext = true }, Asker, askerIsDirectPeer: true));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Amber)]
    public void MayAnswer_HeldForApproval_Never(Tlp tlp)
    {
        Assert.False(QueryPolicy.MayAnswer(Facts(tlp, [Asker]) with { HeldForApproval = true }, Asker, askerIsDirectPeer: true));
    }

    [Theory]
    [InlineData(ItemKind.Receipt)]
    [InlineData(ItemKind.Drill)]
    [InlineData(ItemKind.ModeChange)]
    [InlineData(ItemKind.Release)]
    [InlineData(ItemKind.Revocation)]
    [InlineData(ItemKind.Unspecified)]
    public void MayAnswer_FederationOrUnknownKind_Never(ItemKind kind)
    {
        Assert.False(QueryPolicy.MayAnswer(Facts(Tlp.Green, [Asker]) with { Kind = kind }, Asker, askerIsDirectPeer: true));
    }

    [Theory]
    [InlineData(ItemKind.IncidentReport)]
    [InlineData(ItemKind.VulnerabilityInformation)]
    [InlineData(ItemKind.ResponseStatus)]
    public void MayAnswer_MemberKindGreen_Answered(ItemKind kind)
    {
        Assert.True(QueryPolicy.MayAnswer(Facts(Tlp.Green, []) with { Kind = kind }, Asker, askerIsDirectPeer: false));
    }

    [Fact]
    public void MayAnswer_EmptyAsker_Never()
    {
        Assert.False(QueryPolicy.MayAnswer(Facts(Tlp.Green, [""]), "", askerIsDirectPeer: true));
    }

    private static QueryItemFacts Facts(Tlp tlp, string[] addressed) =>
        new(ItemKind.IncidentReport, tlp, addressed.ToHashSet(StringComparer.Ordinal), HeldAsCiphertext: false, HeldForApproval: false, AnswererIsOrigin: true);
}
