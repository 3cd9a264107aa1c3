using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;

namespace Ceptoar.Core.Tests.Rules;

public sealed class ForwardRestrictionTests
{
    /// <summary>An origin's plan: water directly in clear, the council as hub for two recipients (sealed), nisc sealed for itself.</summary>
    private static readonly ForwardPlan Plan = new(
        [
            new Forward("water-ceptoar", Transport.Clear, ["water-ceptoar"]),
            new Forward("ceptoar-council", Transport.Sealed, ["ceptoar-council", "rail-ceptoar"]),
            new Forward("nisc", Transport.Sealed, ["nisc"]),
        ],
        ["ceptoar-council", "nisc", "rail-ceptoar"]);

    [Fact]
    public void Apply_AsRouted_PlanUnchanged() => Assert.Same(Plan, ForwardRestriction.AsRouted.Apply(Plan));

    [Fact]
    public void Apply_None_NothingSent() => Assert.Same(ForwardPlan.Nothing, ForwardRestriction.Nothing.Apply(Plan));

    [Fact]
    public void Apply_OnlyPeers_KeepsThoseSendsAndSealsOnlyToWhoIsStillSentTo()
    {
        var plan = ForwardRestriction.OnlyTo("ceptoar-council", "bank-ceptoar").Apply(Plan);

        Assert.Equal(["ceptoar-council"], plan.Forwards.Select(f => f.Peer));
        Assert.Equal(["ceptoar-council", "rail-ceptoar"], plan.SealTo);
    }

    [Fact]
    public void Apply_OnlyPeersNotInThePlan_NothingSent()
    {
        var plan = ForwardRestriction.OnlyTo("bank-ceptoar").Apply(Plan);

        Assert.Empty(plan.Forwards);
        Assert.Empty(plan.SealTo);
    }

    [Theory]
    [InlineData(ForwardScope.AsRouted, "nisc", true)]
    [InlineData(ForwardScope.OnlyPeers, "nisc", true)]
    [InlineData(ForwardScope.OnlyPeers, "water-ceptoar", false)]
    [InlineData(ForwardScope.None, "nisc", false)]
    public void Allows_ByScope(ForwardScope scope, string peer, bool expected) =>
        Assert.Equal(expected, new ForwardRestriction(scope, scope == ForwardScope.OnlyPeers ? ["nisc"] : []).Allows(peer));
}
