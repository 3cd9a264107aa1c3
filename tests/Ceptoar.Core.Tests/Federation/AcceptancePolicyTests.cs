using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>What a node takes from which peer, and why it refuses the rest.</summary>
public sealed class AcceptancePolicyTests
{
    private static readonly Topology Fed = Demo();

    public static TheoryData<Tlp> AllLabels() => [.. Labels];

    public static TheoryData<Tlp> RestrictedLabels() => [.. Restricted];

    public static TheoryData<Tlp> CommunityLabels() => [.. Community];

    public static TheoryData<Tlp> InvalidLabels() => [.. Invalid];

    private static Acceptance Decide(RoutingFacts item, string at, string from, Topology? fed = null, DateTimeOffset? now = null) =>
        AcceptancePolicy.Decide(item, (fed ?? Fed).ViewOf(at), from, now ?? Now, TimePolicy.Default);

    private static void AssertAccepted(Acceptance acceptance, bool forMe, bool relay)
    {
        Assert.True(acceptance.Accepted, acceptance.Reason);
        Assert.Equal((forMe, relay), (acceptance.ForMe, acceptance.Relay));
        Assert.Equal("", acceptance.Reason);
    }

    private static void AssertRefused(Acceptance acceptance, params string[] reasonMentions)
    {
        Assert.False(acceptance.Accepted);
        Assert.False(acceptance.ForMe);
        Assert.False(acceptance.Relay);
        Assert.All(reasonMentions, m => Assert.Contains(m, acceptance.Reason, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_FromANodeThatIsNotAPeer_IsRefusedNamingThePeer(Tlp tlp)
    {
        AssertRefused(Decide(Clear(tlp, Bank, Nodes(Electricity)), Electricity, Bank), Bank, Electricity, "not a configured peer");
        AssertRefused(Decide(Sealed(tlp, Bank, Electricity), Electricity, "mallory"), "mallory", "not a configured peer");
    }

    [Fact]
    public void Decide_FromItself_IsRefused()
    {
        AssertRefused(Decide(Clear(Tlp.Green, Bank, Whole()), Council, Council), Council, "not a configured peer");
    }

    [Theory]
    [MemberData(nameof(InvalidLabels))]
    public void Decide_InvalidLabel_IsRefusedNamingTheValue(Tlp tlp)
    {
        var refusal = Decide(Clear(tlp, Bank, Whole()), Council, Bank);

        AssertRefused(refusal, "TLP", ((int)tlp).ToString(System.Globalization.CultureInfo.InvariantCulture));
        AssertRefused(Decide(Sealed(tlp, Bank, Council), Council, Bank));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_Expired_IsRefusedWithTheExpiryInUtc(Tlp tlp)
    {
        var expiry = new DateTimeOffset(2026, 3, 2, 18, 30, 5, TimeSpan.FromHours(9));

        var refusal = Decide(Clear(tlp, Bank, Nodes(Council), expiry), Council, Bank, now: expiry);

        AssertRefused(refusal, "expired", "2026-03-02 09:30:05 UTC");
        AssertRefused(Decide(Sealed(tlp, Bank, Council) with { ExpiresAt = Now.AddTicks(-1) }, Council, Bank));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_ExpiringJustAfterNow_IsAccepted(Tlp tlp)
    {
        Assert.True(Decide(Clear(tlp, Bank, Nodes(Council), Now.AddTicks(1)), Council, Bank).Accepted);
    }

    [Fact]
    public void Decide_NoExpiryAtAll_IsRefusedSayingSo()
    {
        var facts = RoutingFacts.FromItem(new Item { Id = "x", OriginNode = Bank, Tlp = Tlp.Green });

        AssertRefused(Decide(facts, Council, Bank), "no expiry");
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_CreatedBeyondTheClockSkew_IsRefusedNamingTheSetting(Tlp tlp)
    {
        foreach (var ahead in new[] { TimeSpan.FromSeconds(301), TimeSpan.FromDays(2), TimeSpan.FromDays(3652) })
        {
            var created = Now + ahead;

            AssertRefused(Decide(Clear(tlp, Bank, Nodes(Council), created.AddDays(1)) with { CreatedAt = created }, Council, Bank),
                "ahead of this node's clock", "Federation:MaxClockSkewSeconds", Bank);
            AssertRefused(Decide(Sealed(tlp, Bank, Council) with { CreatedAt = created, ExpiresAt = created.AddDays(1) }, Council, Bank),
                "ahead of this node's clock", "Federation:MaxClockSkewSeconds", Bank);
        }
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_CreatedJustWithinTheClockSkew_IsAccepted(Tlp tlp)
    {
        var created = Now.AddSeconds(300);

        var clear = Decide(Clear(tlp, Bank, Nodes(Council)) with { CreatedAt = created }, Council, Bank);
        var sealedCopy = Decide(Sealed(tlp, Bank, Council) with { CreatedAt = created }, Council, Bank);

        Assert.True(clear.Accepted && clear.ForMe, clear.Reason);
        Assert.True(sealedCopy.Accepted && sealedCopy.ForMe, sealedCopy.Reason);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_LivingLongerThanTheMaximumLifetime_IsRefusedNamingTheSetting(Tlp tlp)
    {
        var facts = Clear(tlp, Bank, Nodes(Council), Now.AddYears(200)) with { CreatedAt = Now.AddMinutes(-1) };

        AssertRefused(Decide(facts, Council, Bank), "Limits:MaxItemLifetimeDays", "3,650 days");
        AssertRefused(Decide(Sealed(tlp, Bank, Council) with { CreatedAt = Now, ExpiresAt = Now.AddDays(3650).AddTicks(1) }, Council, Bank), "Limits:MaxItemLifetimeDays");
        Assert.True(Decide(Sealed(tlp, Bank, Council) with { CreatedAt = Now, ExpiresAt = Now.AddDays(3650) }, Council, Bank).Accepted);
    }

    [Fact]
    public void Decide_ConfiguredSkewAndLifetime_AreTheOnesApplied()
    {
        var time = new TimePolicy(TimeSpan.FromSeconds(60), TimeSpan.FromDays(30));
        Acceptance Judge(DateTimeOffset created, DateTimeOffset expires) =>
            AcceptancePolicy.Decide(Clear(Tlp.Green, Bank, Whole(), expires) with { CreatedAt = created }, Fed.ViewOf(Council), Bank, Now, time);

        Assert.True(Judge(Now.AddSeconds(60), Now.AddDays(30)).Accepted);
        AssertRefused(Judge(Now.AddSeconds(61), Now.AddDays(30)), "beyond the 60 s tolerated");
        AssertRefused(Judge(Now, Now.AddDays(30).AddTicks(1)), "longer than the 30 days this node allows");
    }

    [Fact]
    public void Decide_FactsWithoutACreationTime_AreJudgedWithoutTheItemTimeCheck()
    {
        // A receipt's facts: its time is checked on its own, and its lifetime is the receiving node's choice.
        var acceptance = Decide(Clear(Tlp.Green, Bank, Nodes(Council), Now.AddYears(200)), Council, Bank);

        Assert.True(acceptance.Accepted && acceptance.ForMe, acceptance.Reason);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_ItemThatOriginatedHere_IsRefused(Tlp tlp)
    {
        AssertRefused(Decide(Clear(tlp, Bank, Nodes(Bank, Electricity)), Bank, Council), "originated at this node");
        AssertRefused(Decide(Sealed(tlp, Council, Council, Bank), Council, Nisc), "originated at this node");
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedInClearFromTheOriginToARecipient_IsForMeOnly(Tlp tlp)
    {
        AssertAccepted(Decide(Clear(tlp, Bank, Nodes(Council)), Council, Bank), forMe: true, relay: false);
        AssertAccepted(Decide(Clear(tlp, Council, Nodes(Electricity)), Electricity, Council), forMe: true, relay: false);
    }

    [Fact]
    public void Decide_AmberInClearToASectorOfThisNode_IsForMe()
    {
        var fed = Demo().Link(Bank, Electricity);

        AssertAccepted(Decide(Clear(Tlp.Amber, Bank, Sectors("electricity")), Electricity, Bank, fed), forMe: true, relay: false);
    }

    [Fact]
    public void Decide_RedInClearNamingAMemberOfThisNode_IsForMe()
    {
        AssertAccepted(Decide(Clear(Tlp.Red, Council, Members((Electricity, "tepco"))), Electricity, Council), forMe: true, relay: false);
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedInClearFromARelay_IsRefusedNamingLabelAndPeers(Tlp tlp)
    {
        var refusal = Decide(Clear(tlp, Bank, Nodes(Electricity)), Electricity, Council);

        AssertRefused(refusal, $"TLP:{TlpTransport.Name(tlp)}", Council, Bank, "in clear");
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedInClearFromTheOriginButNotAddressedHere_IsRefused(Tlp tlp)
    {
        AssertRefused(Decide(Clear(tlp, Bank, Nodes(Electricity)), Council, Bank), $"TLP:{TlpTransport.Name(tlp)}", "not addressed to", Council);
        AssertRefused(Decide(Clear(tlp, Bank, new Audience()), Council, Bank), "not addressed to", Council);
    }

    [Theory]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void Decide_StrictOrRedInClearToThisNodesSector_IsRefused(Tlp tlp)
    {
        var fed = Demo().Link(Bank, Electricity);

        AssertRefused(Decide(Clear(tlp, Bank, Sectors("electricity")), Electricity, Bank, fed), "not addressed to");
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_RestrictedInClearAtAHub_IsNeverRelayed(Tlp tlp)
    {
        AssertRefused(Decide(Clear(tlp, Bank, Nodes(Electricity)), Council, Bank), "not addressed to");
        AssertAccepted(Decide(Clear(tlp, Bank, Nodes(Council, Electricity)), Council, Bank), forMe: true, relay: false);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_SealedAtARecipientFromAHub_IsForMe(Tlp tlp)
    {
        AssertAccepted(Decide(Sealed(tlp, Bank, Electricity), Electricity, Council), forMe: true, relay: false);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_SealedAtARecipientFromItsOrigin_IsForMe(Tlp tlp)
    {
        var fed = Demo().Link(Bank, Electricity);

        AssertAccepted(Decide(Sealed(tlp, Bank, Electricity), Electricity, Bank, fed), forMe: true, relay: false);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_SealedAtAHubThatIsNotARecipient_IsRelayed(Tlp tlp)
    {
        AssertAccepted(Decide(Sealed(tlp, Bank, Electricity), Council, Bank), forMe: false, relay: true);
        AssertAccepted(Decide(Sealed(tlp, Bank, Electricity), Nisc, Council), forMe: false, relay: true);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_SealedAtAHubThatIsARecipient_IsForMeAndRelayed(Tlp tlp)
    {
        AssertAccepted(Decide(Sealed(tlp, Bank, Council, Electricity), Council, Bank), forMe: true, relay: true);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_SealedAtASecretariatThatIsNotARecipient_IsRefused(Tlp tlp)
    {
        AssertRefused(Decide(Sealed(tlp, Bank, Electricity), LocalGov, Council), "not addressed to", LocalGov, "not a hub");
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_SealedRestrictedRelayedByASecretariat_IsRefused(Tlp tlp)
    {
        // Only hubs relay; a secretariat passing on a sealed item it received is onward sharing its label forbids.
        var fed = Demo().Link(Electricity, LocalGov);

        var refusal = Decide(Sealed(tlp, Bank, Electricity, LocalGov), LocalGov, Electricity, fed);

        AssertRefused(refusal, $"TLP:{TlpTransport.Name(tlp)}", Electricity, Bank, "hub");
    }

    [Theory]
    [MemberData(nameof(RestrictedLabels))]
    public void Decide_SealedRestrictedFromAPeerWithoutADescriptor_IsRefused(Tlp tlp)
    {
        // Without the Council's descriptor this node cannot tell it is a hub.
        var fed = Demo().Hide(Council, fromViewer: Electricity);

        AssertRefused(Decide(Sealed(tlp, Bank, Electricity), Electricity, Council, fed), Council, "hub");
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Decide_CommunityFromAnyPeerToThisNode_IsForMe(Tlp tlp)
    {
        var fed = Demo().Link(Electricity, LocalGov);

        AssertAccepted(Decide(Clear(tlp, Bank, Whole()), Electricity, Council), forMe: true, relay: false);
        AssertAccepted(Decide(Clear(tlp, Bank, new Audience()), Electricity, Nisc), forMe: true, relay: false);
        AssertAccepted(Decide(Clear(tlp, Bank, Nodes(Electricity)), Electricity, Council), forMe: true, relay: false);
        AssertAccepted(Decide(Clear(tlp, Bank, Sectors("electricity")), Electricity, Council), forMe: true, relay: false);
        AssertAccepted(Decide(Clear(tlp, Bank, Members((Electricity, "tepco"))), Electricity, Council), forMe: true, relay: false);
        AssertAccepted(Decide(Clear(tlp, Bank, Whole()), Electricity, LocalGov, fed), forMe: true, relay: false);
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Decide_CommunityAtAHub_IsRelayedWhetherAddressedOrNot(Tlp tlp)
    {
        AssertAccepted(Decide(Clear(tlp, Bank, Whole()), Council, Bank), forMe: true, relay: true);
        AssertAccepted(Decide(Clear(tlp, Bank, Nodes(Electricity)), Council, Bank), forMe: false, relay: true);
        AssertAccepted(Decide(Clear(tlp, Bank, Sectors("government")), Nisc, Council), forMe: false, relay: true);
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Decide_CommunityAtASecretariatNotAddressed_IsRefused(Tlp tlp)
    {
        AssertRefused(Decide(Clear(tlp, Bank, Sectors("government")), Electricity, Council), "not addressed to", Electricity);
        AssertRefused(Decide(Clear(tlp, Bank, Nodes(LocalGov)), Electricity, Council), "not addressed to", Electricity);
    }

    [Theory]
    [MemberData(nameof(CommunityLabels))]
    public void Decide_CommunityToWholeFederationAtANodeMissingItsOwnDescriptor_IsStillForMe(Tlp tlp)
    {
        var fed = Demo().Hide(Electricity, fromViewer: Electricity);

        AssertAccepted(Decide(Clear(tlp, Bank, Whole()), Electricity, Council, fed), forMe: true, relay: false);
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Decide_EveryRefusal_IsASentenceNamingThisNodeOrThePeer(Tlp tlp)
    {
        var refusals = new[]
        {
            Decide(Clear(tlp, Bank, Nodes(Electricity)), Electricity, "mallory"),
            Decide(Clear(tlp, Bank, Nodes(Council), Now), Council, Bank),
            Decide(Clear(tlp, Council, Nodes(Council)), Council, Nisc),
            Decide(Clear(tlp, Bank, Nodes(LocalGov)), Electricity, Council),
            Decide(Sealed(tlp, Bank, LocalGov), Electricity, Council),
        };

        Assert.All(refusals, r =>
        {
            Assert.False(r.Accepted);
            Assert.True(r.Reason.Length > 20, r.Reason);
            Assert.DoesNotContain("{", r.Reason, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData(Nisc, Bank, Council)]
    [InlineData(Council, Electricity, Council)]
    [InlineData(Nisc, Council, Nisc)]
    public void Decide_DrillFromAHub_IsTaken(string origin, string at, string from)
    {
        var drill = Clear(Tlp.Green, origin, Whole()) with { Kind = ItemKind.Drill };

        var acceptance = Decide(drill, at, from);

        Assert.True(acceptance.Accepted, acceptance.Reason);
        Assert.True(acceptance.ForMe);
    }

    [Theory]
    [InlineData(Bank, Council, Bank)]
    [InlineData(Bank, Electricity, Council)]
    [InlineData(LocalGov, Nisc, LocalGov)]
    public void Decide_DrillFromASecretariat_IsRefused_OnlyNiscAndTheCouncilDrillOtherNodes(string origin, string at, string from)
    {
        // Certified roles in the topology: bank-ceptoar and local-gov-ceptoar are secretariats; only nisc and council are hubs.
        var drill = Clear(Tlp.Green, origin, Whole()) with { Kind = ItemKind.Drill };

        AssertRefused(Decide(drill, at, from), "a drill is started by NISC or the Council", origin);
    }
}
