using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Federation.Topology;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>The view a node routes on, and the label facts every policy relies on.</summary>
public sealed class FederationViewTests
{
    [Fact]
    public void Constructor_LocalNodeAmongPeers_IsNotItsOwnPeer()
    {
        var view = new FederationView(Bank, [], [Council, Bank, Nisc, Council]);

        Assert.Equal([Council, Nisc], Facts.Sorted(view.DirectPeers));
    }

    [Fact]
    public void Constructor_SameNodeTwice_KeepsTheLastDescriptor()
    {
        var stale = new FederationNode(Nisc, NodeRole.Secretariat, [], []);
        var fresh = new FederationNode(Nisc, NodeRole.Nisc, [], [Bank]);

        var view = new FederationView(Bank, [stale, fresh], [Nisc]);

        Assert.Same(fresh, view.Nodes[Nisc]);
        Assert.True(view.IsHubPeer(Nisc));
    }

    [Theory]
    [InlineData(NodeRole.Council, true)]
    [InlineData(NodeRole.Nisc, true)]
    [InlineData(NodeRole.Secretariat, false)]
    [InlineData(NodeRole.Ministry, false)]
    [InlineData(NodeRole.Agency, false)]
    [InlineData(NodeRole.Unspecified, false)]
    public void IsHub_OnlyTheCouncilAndNisc(NodeRole role, bool hub)
    {
        var node = new FederationNode("x", role, [], []);
        var view = new FederationView("x", [node], ["y"]);

        Assert.Equal(hub, node.IsHub);
        Assert.Equal(hub, view.LocalIsHub);
    }

    [Fact]
    public void IsHubPeer_NeedsBothTheLinkAndAHubDescriptor()
    {
        var fed = Demo().Unlink(Bank, Nisc).Hide(Council, fromViewer: Bank).Link(Bank, Electricity);
        var view = fed.ViewOf(Bank);

        Assert.False(view.IsHubPeer(Council));
        Assert.False(view.IsHubPeer(Nisc));
        Assert.False(view.IsHubPeer(Electricity));
        Assert.True(Demo().ViewOf(Bank).IsHubPeer(Nisc));
    }

    [Fact]
    public void Local_WithoutItsOwnDescriptor_IsNullAndNotAHub()
    {
        var view = Demo().Hide(Council, fromViewer: Council).ViewOf(Council);

        Assert.Null(view.Local);
        Assert.False(view.LocalIsHub);
    }

    [Theory]
    [InlineData(Tlp.Clear, "CLEAR", true, false)]
    [InlineData(Tlp.Green, "GREEN", true, false)]
    [InlineData(Tlp.Amber, "AMBER", true, true)]
    [InlineData(Tlp.AmberStrict, "AMBER+STRICT", true, true)]
    [InlineData(Tlp.Red, "RED", true, true)]
    [InlineData(Tlp.Unspecified, "UNSPECIFIED", false, true)]
    [InlineData((Tlp)6, "UNSPECIFIED", false, true)]
    [InlineData((Tlp)(-1), "UNSPECIFIED", false, true)]
    public void TlpTransport_NameKnownAndSealing_PerLabel(Tlp tlp, string name, bool known, bool mustSeal)
    {
        Assert.Equal(name, TlpTransport.Name(tlp));
        Assert.Equal(known, TlpTransport.IsKnown(tlp));
        Assert.Equal(mustSeal, TlpTransport.MustSealBeyondDirectPeers(tlp));
    }
}
