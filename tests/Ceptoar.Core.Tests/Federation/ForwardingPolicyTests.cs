using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>Where each node of the demo federation sends an item next (three secretariats, two hubs).</summary>
public sealed class ForwardingPolicyTests
{
    private static readonly Topology Fed = Demo();

    public static TheoryData<Tlp> AllLabels() => [.. Labels];

    public static TheoryData<Tlp> RestrictedLabels() => [.. Restricted];

    public static TheoryData<Tlp> InvalidLabels() => [.. Invalid];

    private static ForwardPlan Decide(RoutingFacts item, string at, string[]? path = null, string? cameFrom = null) =>
        ForwardingPolicy.Decide(item, Fed.ViewOf(at), path ?? [], cameFrom, Now);

    [Fact]
    public void Decide_GreenToWholeFederationAtOrigin_GoesClearToBothHubs()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Whole()), Bank);

        Assert.Equal($"{Council}:Clear[{Council},{Electricity},{LocalGov}]; {Nisc}:Clear[{Electricity},{LocalGov},{Nisc}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_GreenAtFirstHub_GoesClearToEveryOtherNodeButNeverBack()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Whole()), Council, [Bank], Bank);

        Assert.Equal($"{Electricity}:Clear[{Electricity}]; {LocalGov}:Clear[{LocalGov}]; {Nisc}:Clear[{Nisc}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_GreenAtSecondHub_GoesToTheSecretariatsOnly()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Whole()), Nisc, [Bank, Council], Council);

        Assert.Equal($"{Electricity}:Clear[{Electricity}]; {LocalGov}:Clear[{LocalGov}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_AtASecretariatThatReceivedIt_ForwardsNothing(Tlp tlp)
    {
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Whole()), Electricity, [Bank, Council], Council));
        Assert.Same(ForwardPlan.Nothing, Decide(Sealed(tlp, Bank, Electricity, LocalGov), Electricity, [Bank, Council], Council));
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(LocalGov)), Electricity, [], null));
    }

    [Fact]
    public void Decide_GreenToOneSectorAtOrigin_GoesThroughTheHubsWithoutThemBeingRecipients()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Sectors("electricity")), Bank);

        Assert.Equal($"{Council}:Clear[{Electricity}]; {Nisc}:Clear[{Electricity}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_AmberToSectorAtOrigin_IsSealedToTheSectorNodeThroughBothHubs()
    {
        var plan = Decide(Clear(Tlp.Amber, Bank, Sectors("electricity")), Bank);

        Assert.Equal($"{Council}:Sealed[{Electricity}]; {Nisc}:Sealed[{Electricity}] | seal:{Electricity}", Show(plan));
    }

    [Fact]
    public void Decide_AmberSealedAtAHub_GoesSealedToTheRecipientOnly()
    {
        var plan = Decide(Sealed(Tlp.Amber, Bank, Electricity), Council, [Bank], Bank);

        Assert.Equal($"{Electricity}:Sealed[{Electricity}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_AmberStrictToAHubPeer_GoesClearToThatHubOnly()
    {
        var plan = Decide(Clear(Tlp.AmberStrict, Bank, Nodes(Council)), Bank);

        Assert.Equal($"{Council}:Clear[{Council}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_RedToAHubAndASecretariat_GivesTheHubOneSealedEnvelopeForBoth()
    {
        var plan = Decide(Clear(Tlp.Red, Bank, Nodes(Council, Electricity)), Bank);

        Assert.Equal($"{Council}:Sealed[{Council},{Electricity}]; {Nisc}:Sealed[{Electricity}] | seal:{Council},{Electricity}", Show(plan));
    }

    [Fact]
    public void Decide_RedSealedAtTheHubThatIsAlsoARecipient_GoesOnToTheOtherRecipientOnly()
    {
        var plan = Decide(Sealed(Tlp.Red, Bank, Council, Electricity), Council, [Bank], Bank);

        Assert.Equal($"{Electricity}:Sealed[{Electricity}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_RedSealedAtTheOtherHub_ReachesBothRecipientsDirectly()
    {
        var plan = Decide(Sealed(Tlp.Red, Bank, Council, Electricity), Nisc, [Bank], Bank);

        Assert.Equal($"{Council}:Sealed[{Council}]; {Electricity}:Sealed[{Electricity}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_RecipientAlreadyOnThePath_IsNotSentAgain()
    {
        var plan = Decide(Sealed(Tlp.Red, Bank, Council, Electricity), Nisc, [Bank, Council], Council);

        Assert.Equal($"{Electricity}:Sealed[{Electricity}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedToSecretariatsOnly_SendsNothingInClear(Tlp tlp)
    {
        var plan = Decide(Clear(tlp, Bank, Nodes(Electricity, LocalGov)), Bank);

        Assert.Equal($"{Council}:Sealed[{Electricity},{LocalGov}]; {Nisc}:Sealed[{Electricity},{LocalGov}] | seal:{Electricity},{LocalGov}", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedToBothHubs_GoesClearToEach(Tlp tlp)
    {
        var plan = Decide(Clear(tlp, Bank, Nodes(Council, Nisc)), Bank);

        Assert.Equal($"{Council}:Clear[{Council}]; {Nisc}:Clear[{Nisc}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_HubHoldingAClearRestrictedItem_ForwardsNothing(Tlp tlp)
    {
        // The origin delivered it in clear because the hub is a recipient; a hub never relays what it holds in clear.
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(Council, Electricity)), Council, [Bank], Bank));
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(Council, Electricity)), Council, [], null));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_HubRelayingASealedItem_ForwardsSealedOnly(Tlp tlp)
    {
        // GREEN or CLEAR may travel sealed too (the origin asked for encryption in transit): a hub cannot open it either way.
        var plan = Decide(Sealed(tlp, Bank, Electricity, LocalGov, Nisc), Council, [Bank], Bank);

        Assert.Equal($"{Electricity}:Sealed[{Electricity}]; {LocalGov}:Sealed[{LocalGov}]; {Nisc}:Sealed[{Nisc}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_OriginHoldingSealedFacts_SealsEveryForward(Tlp tlp)
    {
        var plan = Decide(Sealed(tlp, Bank, Council, Electricity), Bank);

        Assert.Equal($"{Council}:Sealed[{Council},{Electricity}]; {Nisc}:Sealed[{Electricity}] | seal:{Council},{Electricity}", Show(plan));
    }

    [Theory]
    [MemberData(nameof(InvalidLabels))]
    public void Decide_InvalidLabel_ForwardsNothing(Tlp tlp)
    {
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Whole()), Bank));
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(Council)), Bank));
        Assert.Same(ForwardPlan.Nothing, Decide(Sealed(tlp, Bank, Electricity), Council, [Bank], Bank));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_Expired_ForwardsNothing(Tlp tlp)
    {
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(Council, Electricity), Now.AddTicks(-1)), Bank));
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(Council, Electricity), Now), Bank));
        Assert.Same(ForwardPlan.Nothing, Decide(Sealed(tlp, Bank, Electricity) with { ExpiresAt = Now }, Council, [Bank], Bank));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_ExpiringJustAfterNow_StillForwards(Tlp tlp)
    {
        Assert.NotEmpty(Decide(Clear(tlp, Bank, Nodes(Council, Electricity), Now.AddTicks(1)), Bank).Forwards);
    }

    [Fact]
    public void Decide_PathAtTheHopLimit_ForwardsNothing()
    {
        var path = new[] { Bank, "a", "b", "c" };
        Assert.Equal(ForwardingPolicy.MaxHops, path.Length);

        Assert.Same(ForwardPlan.Nothing, Decide(Clear(Tlp.Green, Bank, Whole()), Council, path, "c"));
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(Tlp.Green, Bank, Whole()), Council, [.. path, "d"], "d"));
    }

    [Fact]
    public void Decide_PathOneBelowTheHopLimit_StillForwards()
    {
        var path = new[] { Bank, "a", "b" };

        var plan = Decide(Clear(Tlp.Green, Bank, Whole()), Council, path, "b");

        Assert.Equal($"{Electricity}:Clear[{Electricity}]; {LocalGov}:Clear[{LocalGov}]; {Nisc}:Clear[{Nisc}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_NeverBackToCameFromEvenWhenItIsMissingFromThePath()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Whole()), Council, [Bank], LocalGov);

        Assert.Equal($"{Electricity}:Clear[{Electricity}]; {Nisc}:Clear[{Nisc}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_NeverToANodeOnThePath()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Whole()), Council, [Bank, Nisc, Electricity], Electricity);

        Assert.Equal($"{LocalGov}:Clear[{LocalGov}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_AtAHub_NeverToTheOriginEvenIfNotOnThePath(Tlp tlp)
    {
        var plan = Decide(Sealed(tlp, Bank, Bank, Electricity), Council, [], Nisc);

        Assert.Equal($"{Electricity}:Sealed[{Electricity}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_HubReforwardingWithoutCameFrom_RelaysLikeAnyHub()
    {
        var plan = Decide(Clear(Tlp.Green, Bank, Nodes(Electricity)), Council, [Bank], null);

        Assert.Equal($"{Electricity}:Clear[{Electricity}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_ItemOfThisNodeThatCameBack_IsNotTreatedAsFromTheOrigin(Tlp tlp)
    {
        Assert.Same(ForwardPlan.Nothing, Decide(Clear(tlp, Bank, Nodes(Council, Electricity)), Bank, [Bank, Council], Council));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedWithNoRecipient_ForwardsNothing(Tlp tlp)
    {
        Assert.Empty(Decide(Clear(tlp, Bank, Whole()), Bank).Forwards);
        Assert.Empty(Decide(Clear(tlp, Bank, Nodes(Bank)), Bank).Forwards);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_EveryPlanOfTheDemo_HasOneForwardPerPeerInPeerOrder(Tlp tlp)
    {
        foreach (var origin in Fed.Ids)
        {
            foreach (var audience in new[] { Whole(), new Audience(), Nodes([.. Fed.Ids]), Sectors("electricity", "government", "finance") })
            {
                var plan = Decide(Clear(tlp, origin, audience), origin);

                var peers = plan.Forwards.Select(f => f.Peer).ToList();
                Assert.Equal(Sorted(peers.Distinct()), peers);
                Assert.All(peers, p => Assert.Contains(p, Fed.PeersOf(origin)));
                Assert.All(plan.Forwards, f => Assert.NotEmpty(f.Recipients));
                Assert.DoesNotContain(origin, plan.Forwards.SelectMany(f => f.Recipients));
            }
        }
    }
}
