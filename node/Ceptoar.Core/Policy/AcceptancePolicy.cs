namespace Ceptoar.Core.Policy;

/// <summary>Whether to take an item from a peer: store it for this node (ForMe), relay it (hubs), or refuse with a reason.</summary>
public sealed record Acceptance(bool Accepted, bool ForMe, bool Relay, string Reason)
{
    public static Acceptance Refuse(string reason) => new(false, false, false, reason);
}

/// <summary>
/// What a node accepts from which peer (DESIGN.md §5: "an item arriving by a path its label forbids is rejected").
/// Pure. The sending peer is the one authenticated by mutual TLS; relay data (the hop list) is never trusted here.
/// </summary>
public static class AcceptancePolicy
{
    public static Acceptance Decide(RoutingFacts item, FederationView view, string fromPeer, DateTimeOffset now)
    {
        var local = view.LocalNodeId;
        if (!view.DirectPeers.Contains(fromPeer))
        {
            return Acceptance.Refuse($"'{fromPeer}' is not a configured peer of {local}");
        }

        if (!TlpTransport.IsKnown(item.Tlp))
        {
            return Acceptance.Refuse("the item has no valid TLP label");
        }

        if (item.ExpiresAt <= now)
        {
            return Acceptance.Refuse($"the item expired at {item.ExpiresAt:yyyy-MM-dd HH:mm:ss} UTC");
        }

        if (item.OriginNode == local)
        {
            return Acceptance.Refuse("the item originated at this node and came back: it is not accepted from a peer");
        }

        var forMe = FederationRecipients.Of(item, view).Contains(local);
        var label = TlpTransport.Name(item.Tlp);
        if (TlpTransport.MustSealBeyondDirectPeers(item.Tlp) && !item.IsSealed)
        {
            if (fromPeer != item.OriginNode)
            {
                return Acceptance.Refuse(
                    $"TLP:{label} item arrived in clear from {fromPeer}, which is not its origin {item.OriginNode}: such items travel in clear only from the origin to a named recipient, otherwise sealed");
            }

            return forMe
                ? new Acceptance(true, true, false, "")
                : Acceptance.Refuse($"TLP:{label} item is not addressed to {local}");
        }

        var relay = view.LocalIsHub;
        if (!forMe && !relay)
        {
            return Acceptance.Refuse($"the item is not addressed to {local}, and {local} is not a hub that relays");
        }

        return new Acceptance(true, forMe, relay, "");
    }
}
