using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// A federation as it really is (nodes, symmetric peer links) plus what each node knows of it (which descriptors it holds,
/// and what each descriptor claims about its node's peers), so every node can be given its own <see cref="FederationView"/>.
/// </summary>
internal sealed class Topology
{
    public const string Bank = "bank-ceptoar";
    public const string Electricity = "electricity-ceptoar";
    public const string LocalGov = "local-gov-ceptoar";
    public const string Council = "council";
    public const string Nisc = "nisc";

    private readonly Dictionary<string, (NodeRole Role, string[] Sectors)> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedSet<string>> _links = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _describedPeers = new(StringComparer.Ordinal);
    private readonly HashSet<(string Viewer, string Node)> _hidden = [];

    public IEnumerable<string> Ids => _nodes.Keys.Order(StringComparer.Ordinal);

    /// <summary>The demo federation: three secretariats, each peered with both hubs; the hubs peer with everyone.</summary>
    public static Topology Demo() => new Topology()
        .Add(Bank, NodeRole.Secretariat, "finance")
        .Add(Electricity, NodeRole.Secretariat, "electricity")
        .Add(LocalGov, NodeRole.Secretariat, "government")
        .Add(Council, NodeRole.Council)
        .Add(Nisc, NodeRole.Nisc)
        .Link(Council, Nisc)
        .Link(Bank, Council).Link(Bank, Nisc)
        .Link(Electricity, Council).Link(Electricity, Nisc)
        .Link(LocalGov, Council).Link(LocalGov, Nisc);

    public Topology Add(string id, NodeRole role, params string[] sectors)
    {
        _nodes[id] = (role, sectors);
        _links.TryAdd(id, new SortedSet<string>(StringComparer.Ordinal));
        return this;
    }

    public Topology Link(string a, string b)
    {
        _links[a].Add(b);
        _links[b].Add(a);
        return this;
    }

    public Topology Unlink(string a, string b)
    {
        _links[a].Remove(b);
        _links[b].Remove(a);
        return this;
    }

    /// <summary>What the node's signed descriptor says its peers are (by default: exactly its real peers).</summary>
    public Topology Describe(string id, params string[] peers)
    {
        _describedPeers[id] = peers;
        return this;
    }

    /// <summary>The viewer holds no descriptor of the node.</summary>
    public Topology Hide(string node, string fromViewer)
    {
        _hidden.Add((fromViewer, node));
        return this;
    }

    public bool IsHub(string id) => _nodes.TryGetValue(id, out var node) && node.Role is NodeRole.Council or NodeRole.Nisc;

    public bool Exists(string id) => _nodes.ContainsKey(id);

    public IReadOnlySet<string> PeersOf(string id) => _links.TryGetValue(id, out var peers) ? peers : new SortedSet<string>();

    public bool Knows(string viewer, string node) => _nodes.ContainsKey(node) && !_hidden.Contains((viewer, node));

    public FederationNode Descriptor(string id) =>
        new(id, _nodes[id].Role, _nodes[id].Sectors, _describedPeers.TryGetValue(id, out var described) ? described : [.. PeersOf(id)]);

    /// <summary>Every node with its role, sectors, real peers, descriptor peers when they differ, and what it does not know.</summary>
    public override string ToString() => string.Join("\n", Ids.Select(id =>
    {
        var described = _describedPeers.TryGetValue(id, out var peers) ? $" described [{string.Join(",", peers)}]" : "";
        var unknown = Ids.Where(other => _hidden.Contains((id, other))).ToList();
        var hidden = unknown.Count > 0 ? $" unaware of [{string.Join(",", unknown)}]" : "";
        return $"{id} {_nodes[id].Role} ({string.Join(",", _nodes[id].Sectors)}) peers [{string.Join(",", PeersOf(id))}]{described}{hidden}";
    }));

    public FederationView ViewOf(string local) =>
        new(local, Ids.Where(id => Knows(local, id)).Select(Descriptor), PeersOf(local));
}
