namespace Ceptoar.Core.Policy;

/// <summary>
/// What a node may hand a peer that asks for a stored item by id (docs/TLP.md §4, docs/PROTOCOL.md §12): exactly what it would have sent
/// that peer itself. Pure. Rules: nothing the secretariat withholds (held for approval or rejected here; revoked items,
/// once revocations exist, are withheld the same way); the peer must be a next hop <see cref="ForwardingPolicy"/> picks
/// for the item at this node, as its origin or as a hub relaying it (so never past its expiry, never from a node that
/// does not relay, never a clear RED/AMBER copy from anyone but its origin); and the copy held here must be the one that
/// hop gets: a clear copy never goes where a sealed one would, a sealed copy only where it is routed. A stored item no
/// longer knows its path, so its origin is taken as the only node it passed (the peer that sent it may ask again; it
/// already holds it).
/// </summary>
public static class ServingPolicy
{
    /// <param name="copy">The routing facts of the copy held here: from the item when clear, from the routing header when sealed.</param>
    /// <param name="withheld">The secretariat keeps the item on this node.</param>
    /// <param name="view">This node, its peers and the verified directory.</param>
    /// <param name="peer">The asking peer (authenticated by mutual TLS).</param>
    /// <param name="now">Expired items go nowhere.</param>
    public static bool MayServe(RoutingFacts copy, bool withheld, FederationView view, string peer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(copy);
        ArgumentNullException.ThrowIfNull(view);
        if (withheld || string.IsNullOrEmpty(peer))
        {
            return false;
        }

        IReadOnlyList<string> path = copy.OriginNode == view.LocalNodeId ? [] : [copy.OriginNode];
        var forward = ForwardingPolicy.Decide(copy, view, path, cameFrom: null, now).Forwards.FirstOrDefault(f => f.Peer == peer);
        return forward is not null && forward.Transport == (copy.IsSealed ? Transport.Sealed : Transport.Clear);
    }
}
