using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>Forwarding when the federation differs from the demo: direct links, partial descriptors, unknown nodes.</summary>
public sealed class ForwardingPolicyVariantTests
{
    public static TheoryData<Tlp> RestrictedLabels() => [.. Restricted];

    private static ForwardPlan Decide(Topology fed, RoutingFacts item, string at, string[]? path = null, string? cameFrom = null) =>
        ForwardingPolicy.Decide(item, fed.ViewOf(at), path ?? [], cameFrom, Now);

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedToADirectlyPeeredSecretariat_GoesClearToItAlone(Tlp tlp)
    {
        var fed = Demo().Link(Bank, Electricity);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Electricity)), Bank);

        Assert.Equal($"{Electricity}:Clear[{Electricity}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_AmberToASectorOfADirectPeer_GoesClearToItAlone()
    {
        var fed = Demo().Link(Bank, Electricity);

        var plan = Decide(fed, Clear(Tlp.Amber, Bank, Sectors("electricity")), Bank);

        Assert.Equal($"{Electricity}:Clear[{Electricity}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedToADirectPeerAndAnother_ClearToThePeerSealedThroughHubsForTheOther(Tlp tlp)
    {
        var fed = Demo().Link(Bank, Electricity);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Electricity, LocalGov)), Bank);

        Assert.Equal($"{Council}:Sealed[{LocalGov}]; {Electricity}:Clear[{Electricity}]; {Nisc}:Sealed[{LocalGov}] | seal:{LocalGov}", Show(plan));
    }

    [Fact]
    public void Decide_GreenWithADirectSecretariatLink_GoesStraightToItAndThroughHubsForTheRest()
    {
        var fed = Demo().Link(Bank, Electricity);

        var plan = Decide(fed, Clear(Tlp.Green, Bank, Whole()), Bank);

        Assert.Equal($"{Council}:Clear[{Council},{LocalGov}]; {Electricity}:Clear[{Electricity}]; {Nisc}:Clear[{LocalGov},{Nisc}] | seal:", Show(plan));
    }

    [Fact]
    public void Decide_DirectlyPeeredSecretariat_NeverRelaysForTheOther()
    {
        var fed = Demo().Link(Bank, Electricity).Link(Electricity, LocalGov);

        Assert.Same(ForwardPlan.Nothing, Decide(fed, Clear(Tlp.Green, Bank, Whole()), Electricity, [Bank], Bank));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_HubDescriptorMissingTheRecipient_RoutesOnlyThroughTheHubThatListsIt(Tlp tlp)
    {
        var fed = Demo().Describe(Nisc, Bank, LocalGov, Council);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Electricity)), Bank);

        Assert.Equal($"{Council}:Sealed[{Electricity}] | seal:{Electricity}", Show(plan));
    }

    [Fact]
    public void Decide_GreenWhenOneHubDescriptorMissesARecipient_StillReachesEveryoneThroughTheOther()
    {
        var fed = Demo().Describe(Nisc, Bank, LocalGov, Council);

        var plan = Decide(fed, Clear(Tlp.Green, Bank, Whole()), Bank);

        Assert.Equal($"{Council}:Clear[{Council},{Electricity},{LocalGov}]; {Nisc}:Clear[{LocalGov},{Nisc}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_NoHubDescriptorListsTheRecipient_RoutesThroughEveryHubPeer(Tlp tlp)
    {
        var fed = Demo().Describe(Nisc, Bank, LocalGov).Describe(Council, Bank);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Electricity)), Bank);

        Assert.Equal($"{Council}:Sealed[{Electricity}]; {Nisc}:Sealed[{Electricity}] | seal:{Electricity}", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RecipientUnknownToTheFederation_IsSealedThroughEveryHub(Tlp tlp)
    {
        var plan = Decide(Demo(), Clear(tlp, Bank, Nodes("gas-ceptoar")), Bank);

        Assert.Equal($"{Council}:Sealed[gas-ceptoar]; {Nisc}:Sealed[gas-ceptoar] | seal:gas-ceptoar", Show(plan));
    }

    [Fact]
    public void Decide_HubPeerWithoutADescriptor_IsNeitherARelayNorAWholeFederationRecipient()
    {
        var fed = Demo().Hide(Nisc, fromViewer: Bank);

        Assert.Equal($"{Council}:Clear[{Council},{Electricity},{LocalGov}] | seal:", Show(Decide(fed, Clear(Tlp.Green, Bank, Whole()), Bank)));
        Assert.Equal($"{Council}:Sealed[{Electricity}] | seal:{Electricity}", Show(Decide(fed, Clear(Tlp.Red, Bank, Nodes(Electricity)), Bank)));
    }

    [Fact]
    public void Decide_NamedPeerWithoutADescriptor_IsStillReachedDirectly()
    {
        var fed = Demo().Hide(Nisc, fromViewer: Bank);

        Assert.Equal($"{Nisc}:Clear[{Nisc}] | seal:", Show(Decide(fed, Clear(Tlp.Red, Bank, Nodes(Nisc)), Bank)));
    }

    [Fact]
    public void Decide_NodeWithADescriptorButNoLink_IsNotAPeer()
    {
        var fed = Demo().Unlink(Bank, Nisc);

        Assert.Equal($"{Council}:Sealed[{Nisc}] | seal:{Nisc}", Show(Decide(fed, Clear(Tlp.AmberStrict, Bank, Nodes(Nisc)), Bank)));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_SecretariatWithoutHubPeers_ReachesOnlyItsDirectPeers(Tlp tlp)
    {
        var fed = Demo().Unlink(Bank, Council).Unlink(Bank, Nisc).Link(Bank, Electricity);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Electricity, LocalGov)), Bank);

        Assert.Equal($"{Electricity}:Clear[{Electricity}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RecipientsBehindDifferentHubs_AreRelayedHubToHub(Tlp tlp)
    {
        // bank reaches only the Council, electricity only NISC: the Council must pass it to NISC.
        var fed = Demo().Unlink(Bank, Nisc).Unlink(Electricity, Council);
        var item = Clear(tlp, Bank, Nodes(Electricity));

        var atOrigin = Decide(fed, item, Bank);
        var atCouncil = Decide(fed, Sealed(tlp, Bank, Electricity), Council, [Bank], Bank);
        var atNisc = Decide(fed, Sealed(tlp, Bank, Electricity), Nisc, [Bank, Council], Council);

        Assert.Equal($"{Council}:Sealed[{Electricity}] | seal:{Electricity}", Show(atOrigin));
        Assert.Equal($"{Nisc}:Sealed[{Electricity}] | seal:", Show(atCouncil));
        Assert.Equal($"{Electricity}:Sealed[{Electricity}] | seal:", Show(atNisc));
    }

    [Fact]
    public void Decide_GreenBehindDifferentHubs_IsRelayedHubToHubInClear()
    {
        var fed = Demo().Unlink(Bank, Nisc).Unlink(Electricity, Council);

        var atCouncil = Decide(fed, Clear(Tlp.Green, Bank, Nodes(Electricity)), Council, [Bank], Bank);

        Assert.Equal($"{Nisc}:Clear[{Electricity}] | seal:", Show(atCouncil));
    }

    [Fact]
    public void Decide_HubToHubRelayThatCameBackFromTheOnlyOtherHub_HasNowhereToGo()
    {
        var fed = Demo().Unlink(Electricity, Council).Unlink(Electricity, Nisc);

        Assert.Empty(Decide(fed, Sealed(Tlp.Red, Bank, Electricity), Council, [Bank, Nisc], Nisc).Forwards);
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_HubAsOriginToItsPeers_GoesClearToEach(Tlp tlp)
    {
        var plan = Decide(Demo(), Clear(tlp, Council, Nodes(Bank, Electricity)), Council);

        Assert.Equal($"{Bank}:Clear[{Bank}]; {Electricity}:Clear[{Electricity}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_HubAsOriginToANonPeer_SealsThroughTheOtherHub(Tlp tlp)
    {
        var fed = Demo().Unlink(Council, LocalGov);

        var plan = Decide(fed, Clear(tlp, Council, Nodes(LocalGov, Nisc)), Council);

        Assert.Equal($"{Nisc}:Sealed[{LocalGov},{Nisc}] | seal:{LocalGov},{Nisc}", Show(plan));
    }

    [Fact]
    public void Decide_GreenAtASecondHubWhoseDescriptorsAreStale_StillRelaysToItsRealPeers()
    {
        // NISC routes on its real links, not on what descriptors say about itself.
        var fed = Demo().Describe(Nisc, Council);

        var plan = Decide(fed, Clear(Tlp.Green, Bank, Whole()), Nisc, [Bank], Bank);

        Assert.Equal($"{Council}:Clear[{Council}]; {Electricity}:Clear[{Electricity}]; {LocalGov}:Clear[{LocalGov}] | seal:", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_HubRecipientWhileAnotherHubRelays_GetsTheSealedEnvelopeSoItCanRelayToo(Tlp tlp)
    {
        // Bank's copy of the Council descriptor omits electricity and its copy of NISC's still lists it, though NISC lost
        // that link. NISC can only pass the item to the Council; had the Council received it in clear (as a recipient),
        // it would drop NISC's sealed copy as a duplicate and electricity would never get it.
        var fed = Demo().Unlink(Nisc, Electricity).Describe(Council, Bank, LocalGov, Nisc).Describe(Nisc, Bank, Electricity, LocalGov, Council);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Council, Electricity)), Bank);

        Assert.Equal($"{Council}:Sealed[{Council}]; {Nisc}:Sealed[{Electricity}] | seal:{Council},{Electricity}", Show(plan));
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_OriginSealingForSomeone_StillSendsClearToADirectSecretariatRecipient(Tlp tlp)
    {
        // Only hubs pass sealed copies around, so only a hub recipient needs the sealed envelope instead of the clear one.
        var fed = Demo().Link(Bank, Electricity).Describe(Nisc, Bank, Electricity, Council);

        var plan = Decide(fed, Clear(tlp, Bank, Nodes(Electricity, LocalGov, Nisc)), Bank);

        Assert.Equal($"{Council}:Sealed[{LocalGov}]; {Electricity}:Clear[{Electricity}]; {Nisc}:Sealed[{Nisc}] | seal:{LocalGov},{Nisc}", Show(plan));
    }
}
