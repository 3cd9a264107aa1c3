using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>A node as this node knows it from its verified descriptor.</summary>
public sealed record FederationNode(string NodeId, NodeRole Role, IReadOnlyList<string> Sectors, IReadOnlyList<string> Peers)
{
    /// <summary>Hubs (the Council and NISC) relay items between secretariats; other nodes never relay.</summary>
    public bool IsHub => IsHubRole(Role);

    /// <summary>
    /// The certified roles of the hubs, the Council and NISC: they relay, drill other nodes and control exercises
    /// (docs/DRILLS.md §1); every other role does none of these.
    /// </summary>
    public static bool IsHubRole(NodeRole role) => role is NodeRole.Council or NodeRole.Nisc;
}

/// <summary>What a node knows when it routes: itself, its direct peers, and every node whose descriptor it verified.</summary>
public sealed class FederationView
{
    public FederationView(string localNodeId, IEnumerable<FederationNode> nodes, IEnumerable<string> directPeers)
    {
        LocalNodeId = localNodeId;
        Nodes = nodes.GroupBy(n => n.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        DirectPeers = directPeers.Where(p => p != localNodeId).ToHashSet(StringComparer.Ordinal);
    }

    public string LocalNodeId { get; }

    public IReadOnlyDictionary<string, FederationNode> Nodes { get; }

    public IReadOnlySet<string> DirectPeers { get; }

    public FederationNode? Local => Nodes.GetValueOrDefault(LocalNodeId);

    public bool LocalIsHub => Local?.IsHub == true;

    public bool IsHubPeer(string peer) => DirectPeers.Contains(peer) && Nodes.TryGetValue(peer, out var node) && node.IsHub;
}

/// <summary>
/// The routing facts of an item: the same whether it travels in clear (taken from the signed Item) or sealed (taken from
/// the signed routing header, whose recipients are explicit).
/// </summary>
public sealed record RoutingFacts(
    string ItemId,
    string OriginNode,
    Tlp Tlp,
    DateTimeOffset ExpiresAt,
    Audience Audience,
    IReadOnlyList<string>? SealedRecipients)
{
    public bool IsSealed => SealedRecipients is not null;

    /// <summary>When the origin created it, as signed; null when the facts are not an item's (a receipt's), then no item time check applies.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The item's kind: the signed item's, or for a sealed item its routing header's; unspecified for a receipt.</summary>
    public ItemKind Kind { get; init; }

    /// <summary>
    /// Whether the item goes before any backlog (docs/MODES.md §6): decided on the signed item in clear, and for a sealed
    /// item taken from its signed routing header (a hub cannot read the severity); false for a receipt.
    /// </summary>
    public bool Urgent { get; init; }

    public static RoutingFacts FromItem(Item item) => new(
        item.Id, item.OriginNode, item.Tlp, item.ExpiresAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue, item.Audience ?? new Audience(), null)
    {
        CreatedAt = TimePolicy.TimeOf(item.CreatedAt),
        Kind = item.Kind,
        Urgent = Urgency.IsUrgent(item),
    };

    public static RoutingFacts FromHeader(RoutingHeader header) => new(
        header.ItemId, header.OriginNode, header.Tlp, header.ExpiresAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue, new Audience(), [.. header.Recipients])
    {
        CreatedAt = TimePolicy.TimeOf(header.CreatedAt),
        // As its origin signed it in the header; the opened item's own kind is checked again where it is opened.
        Kind = header.Kind,
        Urgent = header.Urgent,
    };
}
