using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// A crime-damage report travels sealed on every link and is taken only by incident-handling nodes (docs/MODES.md §3); an
/// audience naming only roles or sector ministries names those nodes, never the whole federation (docs/MODES.md §1).
/// </summary>
public sealed class CrimeDamageTransportTests
{
    private const string Police = "npa";
    private const string Fsa = "fsa";

    /// <summary>The demo federation with the police (incident-handling) peered with the bank and both hubs, and the FSA behind the hubs.</summary>
    private static readonly Topology Fed = Demo()
        .Add(Police, NodeRole.IncidentHandling).Link(Police, Bank).Link(Police, Council).Link(Police, Nisc)
        .Add(Fsa, NodeRole.Ministry, "finance").Link(Fsa, Council).Link(Fsa, Nisc);

    private static RoutingFacts CrimeDamage(Tlp tlp, Audience audience) => Clear(tlp, Bank, audience) with { Kind = ItemKind.CrimeDamage };

    private static RoutingFacts SealedCrimeDamage(params string[] recipients) => Sealed(Tlp.Green, Bank, recipients) with { Kind = ItemKind.CrimeDamage };

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public void Decide_CrimeDamageToADirectPeer_GoesSealedEvenDirect(Tlp tlp)
    {
        var plan = ForwardingPolicy.Decide(CrimeDamage(tlp, new Audience { Roles = { "incident-handling" } }), Fed.ViewOf(Bank), [], null, Now);

        Assert.Equal($"{Police}:Sealed[{Police}] | seal:{Police}", Show(plan));
    }

    [Fact]
    public void Decide_CrimeDamageThroughAHub_HubGetsOnlyTheSealedCopy()
    {
        var fed = Demo().Add(Police, NodeRole.IncidentHandling).Link(Police, Council);

        var plan = ForwardingPolicy.Decide(CrimeDamage(Tlp.Green, new Audience { Nodes = { Police } }), fed.ViewOf(Bank), [], null, Now);

        Assert.Equal($"{Council}:Sealed[{Police}] | seal:{Police}", Show(plan));
    }

    [Fact]
    public void Decide_ClearCrimeDamageAtAHub_RelaysNothing()
    {
        var plan = ForwardingPolicy.Decide(CrimeDamage(Tlp.Green, new Audience { Nodes = { Police } }), Fed.ViewOf(Council), [Bank], Bank, Now);

        Assert.Same(ForwardPlan.Nothing, plan);
    }

    [Fact]
    public void Decide_ClearCrimeDamageAtANodeNotIncidentHandling_Refused()
    {
        var acceptance = AcceptancePolicy.Decide(CrimeDamage(Tlp.Green, new Audience { Nodes = { Fsa } }), Fed.ViewOf(Fsa), Nisc, Now, TimePolicy.Default);

        Assert.False(acceptance.Accepted);
        Assert.Contains("crime-damage report is for incident-handling nodes only; fsa is not certified as one", acceptance.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ClearCrimeDamageAtAHub_Refused()
    {
        var acceptance = AcceptancePolicy.Decide(CrimeDamage(Tlp.Green, new Audience { Nodes = { Police } }), Fed.ViewOf(Council), Bank, Now, TimePolicy.Default);

        Assert.False(acceptance.Accepted);
    }

    [Fact]
    public void Decide_SealedCrimeDamageAtAHub_RelayedNotOpened()
    {
        var acceptance = AcceptancePolicy.Decide(SealedCrimeDamage(Police), Fed.ViewOf(Council), Bank, Now, TimePolicy.Default);

        Assert.True(acceptance.Accepted, acceptance.Reason);
        Assert.False(acceptance.ForMe);
        Assert.True(acceptance.Relay);
    }

    [Fact]
    public void Decide_SealedCrimeDamageAtIncidentHandling_TakenForItself()
    {
        var acceptance = AcceptancePolicy.Decide(SealedCrimeDamage(Police), Fed.ViewOf(Police), Nisc, Now, TimePolicy.Default);

        Assert.True(acceptance.Accepted, acceptance.Reason);
        Assert.True(acceptance.ForMe);
    }

    [Fact]
    public void Decide_SealedCrimeDamageAddressedToANodeNotIncidentHandling_Refused()
    {
        var acceptance = AcceptancePolicy.Decide(SealedCrimeDamage(Fsa), Fed.ViewOf(Fsa), Nisc, Now, TimePolicy.Default);

        Assert.False(acceptance.Accepted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MayAnswer_GreenCrimeDamageEvenToItsRecipient_Never(bool answererIsOrigin)
    {
        var facts = new QueryItemFacts(ItemKind.CrimeDamage, Tlp.Green, new HashSet<string> { Police }, false, false, answererIsOrigin);

        Assert.False(QueryPolicy.MayAnswer(facts, Police, askerIsDirectPeer: true));
        Assert.False(QueryPolicy.MayAnswer(facts, Electricity, askerIsDirectPeer: true));
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    public void Of_GreenNamingOnlyRolesOrSectorMinistries_OnlyThoseNodes(Tlp tlp)
    {
        var toNisc = Clear(tlp, Bank, new Audience { Roles = { "nisc" } });
        var toFinanceMinistry = Clear(tlp, Bank, new Audience { SectorMinistries = { "finance" } });

        // Not the whole federation: an audience of roles names those nodes only.
        Assert.Equal([Nisc], Sorted(FederationRecipients.Of(toNisc, Fed.ViewOf(Bank))));
        Assert.Equal([Fsa], Sorted(FederationRecipients.Of(toFinanceMinistry, Fed.ViewOf(Bank))));
    }

    [Fact]
    public void Decide_MemberDeliveryOfGreenNamingOnlyRoles_NoMemberOfASecretariat()
    {
        var item = new Item { Tlp = Tlp.Green, Audience = new Audience { Roles = { "nisc" } } };

        var delivery = TlpMemberPolicy.Decide(item, Electricity);

        Assert.True(delivery.IsNone);
    }
}
