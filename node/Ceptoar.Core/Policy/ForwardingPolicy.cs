using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>How an item travels to one peer.</summary>
public enum Transport
{
    /// <summary>The origin-signed item envelope itself.</summary>
    Clear,

    /// <summary>The origin-sealed envelope: hubs route on its header and never see the plaintext.</summary>
    Sealed,
}

/// <summary>Send the item to Peer, as Transport, on behalf of these recipients.</summary>
public sealed record Forward(string Peer, Transport Transport, IReadOnlyList<string> Recipients);

/// <summary>The origin's plan: where each envelope goes, and who the sealed envelope must be sealed to (empty = none needed).</summary>
public sealed record ForwardPlan(IReadOnlyList<Forward> Forwards, IReadOnlyList<string> SealTo)
{
    public static readonly ForwardPlan Nothing = new([], []);
}

/// <summary>
/// Where a node sends an item next (docs/PROTOCOL.md §11, docs/TLP.md §3). Pure. Rules:
/// a recipient that is a direct peer gets it directly; any other recipient is reached through the hub peers whose
/// descriptors list it (all hub peers when none does); never back to the peer it came from, nor to a node already on
/// its path, nor twice to one peer; nothing beyond <see cref="MaxHops"/>. RED, AMBER+STRICT and AMBER go in clear only
/// from the origin straight to a recipient; everything relayed is sealed to the recipients it is relayed for, and
/// whatever arrived sealed leaves sealed. When the origin seals at all, a hub that is a recipient gets the sealed
/// envelope (with itself among the recipients) rather than the clear one: hubs pass sealed copies to each other, and a
/// hub that first took a copy it cannot open, or a clear copy it may not relay, would drop the other as a duplicate.
/// Only hubs relay.
/// </summary>
public static class ForwardingPolicy
{
    public const int MaxHops = 4;

    /// <param name="item">The item's routing facts (sealed items carry explicit recipients).</param>
    /// <param name="view">This node, its peers and the verified directory.</param>
    /// <param name="path">Nodes the item already passed through (origin first; empty at the origin). Loop prevention only.</param>
    /// <param name="cameFrom">The peer it arrived from (authenticated by TLS); null at the origin.</param>
    /// <param name="now">Expired items go nowhere.</param>
    public static ForwardPlan Decide(RoutingFacts item, FederationView view, IReadOnlyList<string> path, string? cameFrom, DateTimeOffset now)
    {
        var local = view.LocalNodeId;
        var isOrigin = item.OriginNode == local && cameFrom is null;
        if (!TlpTransport.IsKnown(item.Tlp) || item.ExpiresAt <= now || path.Count >= MaxHops || (!isOrigin && !view.LocalIsHub))
        {
            return ForwardPlan.Nothing;
        }

        // A crime-damage report travels sealed on every link, whatever its label (docs/MODES.md §3): only its recipients read it.
        var sealAlways = item.Kind == ItemKind.CrimeDamage;
        var sealRequired = TlpTransport.MustSealBeyondDirectPeers(item.Tlp) || sealAlways;
        if (sealRequired && !isOrigin && !item.IsSealed)
        {
            // A clear AMBER/RED item is only ever delivered by its origin directly; it is never relayed.
            return ForwardPlan.Nothing;
        }

        var visited = new HashSet<string>(path, StringComparer.Ordinal) { local, item.OriginNode };
        if (cameFrom is not null)
        {
            visited.Add(cameFrom);
        }

        var recipients = FederationRecipients.Of(item, view).Where(r => !visited.Contains(r)).Order(StringComparer.Ordinal).ToList();
        var direct = recipients.Where(view.DirectPeers.Contains).ToList();
        var relayFor = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var recipient in recipients.Where(r => !view.DirectPeers.Contains(r)))
        {
            foreach (var hub in HubsFor(recipient, view, visited))
            {
                (relayFor.TryGetValue(hub, out var list) ? list : relayFor[hub] = []).Add(recipient);
            }
        }

        // The origin of a clear RED/AMBER item makes a sealed envelope exactly when some recipient is reached through a hub.
        var originSeals = sealRequired && !item.IsSealed && (relayFor.Count > 0 || sealAlways);
        var forwards = new List<Forward>();
        var sealTo = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var peer in direct.Concat(relayFor.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var isRecipient = direct.Contains(peer);
            var forOthers = relayFor.GetValueOrDefault(peer) ?? [];
            // What arrived sealed leaves sealed whatever its label: a relay cannot open it (GREEN may be sealed too, when the
            // origin asked for encryption in transit).
            var transport = item.IsSealed ? Transport.Sealed
                : !sealRequired ? Transport.Clear
                : sealAlways || forOthers.Count > 0 || (originSeals && view.IsHubPeer(peer)) ? Transport.Sealed
                : Transport.Clear;
            var on = isRecipient ? [peer, .. forOthers] : forOthers.ToList();
            forwards.Add(new Forward(peer, transport, on));
            if (transport == Transport.Sealed && isOrigin)
            {
                sealTo.UnionWith(on);
            }
        }

        return new ForwardPlan(forwards, [.. sealTo]);
    }

    private static IEnumerable<string> HubsFor(string recipient, FederationView view, HashSet<string> visited)
    {
        var hubs = view.DirectPeers.Where(p => !visited.Contains(p) && view.IsHubPeer(p)).Order(StringComparer.Ordinal).ToList();
        var listing = hubs.Where(h => view.Nodes[h].Peers.Contains(recipient)).ToList();
        return listing.Count > 0 ? listing : hubs;
    }
}
