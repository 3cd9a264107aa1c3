using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Facts;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// Which stored copies a node of the demo federation hands a peer that asks by id. Each expectation is the path the
/// label allows, written out here: the origin gives what it sends each peer, a hub what it relays, a secretariat that
/// received an item gives nothing.
/// </summary>
public sealed class ServingPolicyTests
{
    private static readonly Topology Fed = Demo();

    public static TheoryData<Tlp> AllLabels() => [.. Labels];

    /// <summary>At the origin bank-ceptoar (peers: both hubs): label, audience, peer, and whether bank sends that peer the clear item.</summary>
    public static TheoryData<Tlp, string, string, bool> AtOrigin() => new()
    {
        { Tlp.Clear, "whole", Council, true },
        { Tlp.Green, "whole", Council, true },
        { Tlp.Green, "whole", Nisc, true },
        // Through the hubs to the sector's node: the hubs relay it, in clear.
        { Tlp.Green, "sectors:electricity", Council, true },
        { Tlp.Green, "nodes:council", Council, true },
        { Tlp.Green, "nodes:council", Nisc, false },
        { Tlp.AmberStrict, "nodes:council", Council, true },
        { Tlp.AmberStrict, "nodes:council", Nisc, false },
        { Tlp.Red, "nodes:nisc", Nisc, true },
        { Tlp.Red, "nodes:nisc", Council, false },
        { Tlp.Amber, "nodes:council", Council, true },
        // A hub that relays an AMBER/RED item for others gets the sealed envelope, even when it is a recipient itself.
        { Tlp.Amber, "nodes:council,electricity-ceptoar", Council, false },
        { Tlp.Amber, "nodes:council,electricity-ceptoar", Nisc, false },
        { Tlp.Amber, "sectors:electricity", Council, false },
        { Tlp.Red, "nodes:electricity-ceptoar", Nisc, false },
    };

    [Theory]
    [MemberData(nameof(AtOrigin))]
    public void MayServe_ClearCopyAtTheOrigin_OnlyToAPeerItSendsTheClearItem(Tlp tlp, string audience, string peer, bool served)
    {
        Assert.Equal(served, ServingPolicy.MayServe(Clear(tlp, Bank, AudienceOf(audience)), withheld: false, Fed.ViewOf(Bank), peer, Now));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void MayServe_WithheldAtTheOrigin_NeverEvenToARecipient(Tlp tlp)
    {
        Assert.False(ServingPolicy.MayServe(Clear(tlp, Bank, Nodes(Council)), withheld: true, Fed.ViewOf(Bank), Council, Now));
    }

    [Fact]
    public void MayServe_ExpiredItemAtTheOrigin_Never()
    {
        Assert.False(ServingPolicy.MayServe(Clear(Tlp.Green, Bank, Whole(), expiresAt: Now), withheld: false, Fed.ViewOf(Bank), Council, Now));
    }

    [Theory]
    [InlineData(Electricity, true)]
    [InlineData(LocalGov, true)]
    [InlineData(Nisc, true)]
    [InlineData(Bank, false)]
    public void MayServe_GreenForEveryoneAtAHub_ToEveryPeerButItsOrigin(string peer, bool served)
    {
        Assert.Equal(served, ServingPolicy.MayServe(Clear(Tlp.Green, Bank, Whole()), withheld: false, Fed.ViewOf(Council), peer, Now));
    }

    [Theory]
    [InlineData(Electricity)]
    [InlineData(Nisc)]
    public void MayServe_GreenForTheHubOnly_ToNoOtherPeer(string peer)
    {
        Assert.False(ServingPolicy.MayServe(Clear(Tlp.Green, Bank, Nodes(Council)), withheld: false, Fed.ViewOf(Council), peer, Now));
    }

    [Theory]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void MayServe_ClearRestrictedCopyAtAHubThatIsARecipient_ToNobody(Tlp tlp)
    {
        // The hub opened its sealed copy and keeps the clear item: only the origin ever sends such an item in clear.
        foreach (var peer in new[] { Electricity, LocalGov, Nisc, Bank })
        {
            Assert.False(ServingPolicy.MayServe(Clear(tlp, Bank, Nodes(Council, Electricity)), withheld: false, Fed.ViewOf(Council), peer, Now), peer);
        }
    }

    [Theory]
    [InlineData(Electricity, true)]
    [InlineData(LocalGov, false)]
    [InlineData(Nisc, false)]
    [InlineData(Bank, false)]
    public void MayServe_SealedCopyAtARelayingHub_OnlyToTheRecipientItIsRoutedTo(string peer, bool served)
    {
        Assert.Equal(served, ServingPolicy.MayServe(Sealed(Tlp.Amber, Bank, Electricity), withheld: false, Fed.ViewOf(Council), peer, Now));
    }

    [Fact]
    public void MayServe_SealedCopyWithheldAtAHub_Never()
    {
        Assert.False(ServingPolicy.MayServe(Sealed(Tlp.Red, Bank, Electricity), withheld: true, Fed.ViewOf(Council), Electricity, Now));
    }

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void MayServe_AtASecretariatThatReceivedIt_ToNobody(Tlp tlp)
    {
        foreach (var peer in new[] { Council, Nisc })
        {
            Assert.False(ServingPolicy.MayServe(Clear(tlp, Bank, Whole()), withheld: false, Fed.ViewOf(Electricity), peer, Now), peer);
            Assert.False(ServingPolicy.MayServe(Sealed(tlp, Bank, Electricity, Nisc), withheld: false, Fed.ViewOf(Electricity), peer, Now), peer);
        }
    }

    [Theory]
    [InlineData(Tlp.Unspecified)]
    [InlineData((Tlp)99)]
    public void MayServe_UnknownLabel_ToNobody(Tlp tlp)
    {
        Assert.False(ServingPolicy.MayServe(Clear(tlp, Bank, Nodes(Council)), withheld: false, Fed.ViewOf(Bank), Council, Now));
    }

    [Fact]
    public void MayServe_NodeThatIsNotAPeer_Never()
    {
        Assert.False(ServingPolicy.MayServe(Clear(Tlp.Green, Bank, Whole()), withheld: false, Fed.ViewOf(Bank), Electricity, Now));
    }

    /// <summary>"whole", or "nodes:a,b" / "sectors:s".</summary>
    private static Audience AudienceOf(string text) => text switch
    {
        "whole" => Whole(),
        _ when text.StartsWith("nodes:", StringComparison.Ordinal) => Nodes(text["nodes:".Length..].Split(',')),
        _ when text.StartsWith("sectors:", StringComparison.Ordinal) => Sectors(text["sectors:".Length..].Split(',')),
        _ => throw new ArgumentException($"unknown audience '{text}'", nameof(text)),
    };
}
