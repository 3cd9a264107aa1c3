using Ceptoar.AdminCli.Demo;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The demo's sample federation: who peers with whom, and the command line each node is started with.</summary>
public sealed class DemoTopologyTests
{
    internal static readonly IReadOnlyList<DemoNode> Nodes =
    [
        new("nisc", NodeRole.Nisc, [], "127.0.0.1:7447", "127.0.0.1:7305", "/repo/certs-sample/nisc.node.json"),
        new("council", NodeRole.Council, [], "127.0.0.1:7446", "127.0.0.1:7304", "/repo/certs-sample/council.node.json"),
        new("bank-ceptoar", NodeRole.Secretariat, ["finance"], "127.0.0.1:7443", "127.0.0.1:7301", "/repo/certs-sample/bank-ceptoar.node.json"),
        new("electricity-ceptoar", NodeRole.Secretariat, ["electricity"], "127.0.0.1:7444", "127.0.0.1:7302", "/repo/certs-sample/electricity-ceptoar.node.json"),
        new("local-gov-ceptoar", NodeRole.Secretariat, ["government"], "127.0.0.1:7445", "127.0.0.1:7303", "/repo/certs-sample/local-gov-ceptoar.node.json"),
    ];

    [Fact]
    public void NodeArguments_Secretariat_ConfigDataDirAndBothHubsAsPeers()
    {
        var arguments = DemoTopology.NodeArguments(Node("bank-ceptoar"), Nodes, "/tmp/demo/bank-ceptoar");

        Assert.Equal(
            [
                "--config", "/repo/certs-sample/bank-ceptoar.node.json",
                "--Node:DataDir=/tmp/demo/bank-ceptoar",
                "--Node:Peers:0:Id=nisc", "--Node:Peers:0:Endpoint=https://127.0.0.1:7305",
                "--Node:Peers:1:Id=council", "--Node:Peers:1:Endpoint=https://127.0.0.1:7304",
            ],
            arguments);
    }

    [Fact]
    public void NodeArguments_Council_PeersWithNiscAndEverySecretariat()
    {
        var arguments = DemoTopology.NodeArguments(Node("council"), Nodes, "/tmp/demo/council");

        Assert.Equal(
            [
                "--config", "/repo/certs-sample/council.node.json",
                "--Node:DataDir=/tmp/demo/council",
                "--Node:Peers:0:Id=nisc", "--Node:Peers:0:Endpoint=https://127.0.0.1:7305",
                "--Node:Peers:1:Id=bank-ceptoar", "--Node:Peers:1:Endpoint=https://127.0.0.1:7301",
                "--Node:Peers:2:Id=electricity-ceptoar", "--Node:Peers:2:Endpoint=https://127.0.0.1:7302",
                "--Node:Peers:3:Id=local-gov-ceptoar", "--Node:Peers:3:Endpoint=https://127.0.0.1:7303",
            ],
            arguments);
    }

    [Fact]
    public void PeersOf_EveryPair_IsSymmetricAndSecretariatsOnlyReachHubs()
    {
        foreach (var a in Nodes)
        {
            var peers = DemoTopology.PeersOf(a, Nodes).Select(p => p.Id).ToList();
            Assert.DoesNotContain(a.Id, peers);
            foreach (var b in Nodes.Where(b => b.Id != a.Id))
            {
                var reverse = DemoTopology.PeersOf(b, Nodes).Select(p => p.Id);
                Assert.Equal(peers.Contains(b.Id), reverse.Contains(a.Id));
                Assert.Equal(a.IsHub || b.IsHub, peers.Contains(b.Id));
            }
        }
    }

    [Fact]
    public void Load_TheRepositorysSampleConfigs_MatchTheDocumentedFederation()
    {
        var root = DemoLayout.FindRepositoryRoot(AppContext.BaseDirectory)!;

        var nodes = SampleFederation.Load(Path.Combine(root, "certs-sample"));

        Assert.Equal(SampleFederation.NodeIds, nodes.Select(n => n.Id));
        Assert.Equal(
            [NodeRole.Nisc, NodeRole.Council, NodeRole.Secretariat, NodeRole.Secretariat, NodeRole.Secretariat,
             NodeRole.Ministry, NodeRole.Ministry, NodeRole.CabinetCrisis, NodeRole.DisasterManagement, NodeRole.IncidentHandling],
            nodes.Select(n => n.Role));
        Assert.Equal(
            ["127.0.0.1:7447", "127.0.0.1:7446", "127.0.0.1:7443", "127.0.0.1:7444", "127.0.0.1:7445",
             "127.0.0.1:7448", "127.0.0.1:7449", "127.0.0.1:7450", "127.0.0.1:7451", "127.0.0.1:7452"],
            nodes.Select(n => n.MemberListen));
        Assert.Equal(
            ["127.0.0.1:7305", "127.0.0.1:7304", "127.0.0.1:7301", "127.0.0.1:7302", "127.0.0.1:7303",
             "127.0.0.1:7306", "127.0.0.1:7307", "127.0.0.1:7308", "127.0.0.1:7309", "127.0.0.1:7310"],
            nodes.Select(n => n.FederationListen));
        Assert.Equal(["electricity"], nodes.Single(n => n.Id == "electricity-ceptoar").Sectors);
        // A sector ministry serves the sectors the 2014 roster gives it (docs/MODES.md §1).
        Assert.Equal(["finance"], nodes.Single(n => n.Id == "fsa").Sectors);
        Assert.Equal(["electricity", "gas", "chemical", "credit", "petroleum"], nodes.Single(n => n.Id == "meti").Sectors);
        Assert.All(nodes, n => Assert.Equal(Path.Combine(root, "certs-sample", n.Id + ".node.json"), n.ConfigPath));

        // Every sample member belongs to a node of the sample federation, in one of its sectors.
        Assert.All(DemoItems.Members, m => Assert.Contains(m.Sector, nodes.Single(n => n.Id == m.NodeId).Sectors));
    }

    [Fact]
    public void Load_ConfigOfAnotherNode_IsRefusedSayingWhich()
    {
        var dir = Directory.CreateTempSubdirectory("demo-").FullName;
        try
        {
            foreach (var id in SampleFederation.NodeIds)
            {
                File.WriteAllText(Path.Combine(dir, id + ".node.json"), """{"Node":{"Id":"council","Role":"council","MemberListen":"127.0.0.1:1","FederationListen":"127.0.0.1:2"}}""");
            }

            var e = Assert.Throws<DemoException>(() => SampleFederation.Load(dir));

            Assert.Equal(ExitCodes.Usage, e.ExitCode);
            Assert.Contains("nisc.node.json configures node 'council', not 'nisc'", e.Lines[0]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static DemoNode Node(string id) => Nodes.Single(n => n.Id == id);
}
