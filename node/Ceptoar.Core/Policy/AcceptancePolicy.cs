using System.Globalization;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>Whether to take an item from a peer: store it for this node (ForMe), relay it (hubs), or refuse with a reason.</summary>
public sealed record Acceptance(bool Accepted, bool ForMe, bool Relay, string Reason)
{
    public static Acceptance Refuse(string reason) => new(false, false, false, reason);
}

/// <summary>
/// What a node accepts from which peer (docs/TLP.md §3: an item arriving by a path its label forbids is rejected).
/// Pure. The sending peer is the one authenticated by mutual TLS; relay data (the hop list) is never trusted here.
/// RED, AMBER+STRICT and AMBER arrive either in clear straight from the origin to a recipient, or sealed from the origin
/// or a hub (only hubs relay, and recipients never pass them on); CLEAR and GREEN from any peer. A node takes an item
/// addressed to it; a hub also takes what it must relay. The times its origin signed must pass this node's time policy.
/// </summary>
public static class AcceptancePolicy
{
    public static Acceptance Decide(RoutingFacts item, FederationView view, string fromPeer, DateTimeOffset now, TimePolicy time)
    {
        ArgumentNullException.ThrowIfNull(time);

        var local = view.LocalNodeId;
        if (!view.DirectPeers.Contains(fromPeer))
        {
            return Acceptance.Refuse($"'{fromPeer}' is not a configured peer of {local}: add it to the peers of {local}, or send through a hub");
        }

        if (!TlpTransport.IsKnown(item.Tlp))
        {
            return Acceptance.Refuse(
                $"the item's TLP label ({(int)item.Tlp}) is not one of CLEAR, GREEN, AMBER, AMBER+STRICT or RED: its origin {item.OriginNode} must label it");
        }

        if (item.ExpiresAt == DateTimeOffset.MinValue)
        {
            return Acceptance.Refuse($"the item has no expiry time: its origin {item.OriginNode} must set one");
        }

        if (item.ExpiresAt <= now)
        {
            var expired = item.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            return Acceptance.Refuse($"the item expired at {expired} UTC and is no longer delivered");
        }

        if (item.CreatedAt is { } created && time.ItemProblem(created, item.ExpiresAt, now, item.OriginNode) is { } untimely)
        {
            return Acceptance.Refuse(untimely);
        }

        if (item.OriginNode == local)
        {
            return Acceptance.Refuse("the item originated at this node and came back: it is not accepted from a peer");
        }

        if (KindRefusal(item.Kind, item.OriginNode, view) is { } kindRefusal)
        {
            return Acceptance.Refuse(kindRefusal);
        }

        var forMe = FederationRecipients.Of(item, view).Contains(local);
        if (item.Kind == ItemKind.CrimeDamage && (!item.IsSealed || forMe) && RecipientRefusal(item.Kind, view) is { } crimeDamage)
        {
            // Only incident-handling nodes take a crime-damage report, and it never travels in clear past them (docs/MODES.md §3).
            return Acceptance.Refuse(crimeDamage);
        }

        var label = TlpTransport.Name(item.Tlp);
        if (TlpTransport.MustSealBeyondDirectPeers(item.Tlp))
        {
            if (!item.IsSealed)
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

            if (fromPeer != item.OriginNode && !view.IsHubPeer(fromPeer))
            {
                return Acceptance.Refuse(
                    $"sealed TLP:{label} item arrived from {fromPeer}, which is neither its origin {item.OriginNode} nor a hub: only hubs relay it, and recipients never pass it on");
            }
        }

        var relay = view.LocalIsHub;
        if (!forMe && !relay)
        {
            return Acceptance.Refuse($"the item is not addressed to {local}, and {local} is not a hub that relays");
        }

        return new Acceptance(true, forMe, relay, "");
    }

    /// <summary>
    /// Null when this node may be a recipient of an item of this kind; otherwise why not. A crime-damage report is for
    /// nodes certified incident-handling only (docs/MODES.md §3). Checked on arrival, and again on the opened item of a sealed copy.
    /// </summary>
    public static string? RecipientRefusal(ItemKind kind, FederationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return kind == ItemKind.CrimeDamage && view.Local?.Role != NodeRole.IncidentHandling
            ? $"a crime-damage report is for incident-handling nodes only; {view.LocalNodeId} is not certified as one"
            : null;
    }

    /// <summary>
    /// Null when the origin may issue an item of this kind to other nodes; otherwise why not. Only NISC and the Council
    /// drill the federation and control exercises (certified roles, docs/DRILLS.md §1, §7); a secretariat drills its own
    /// members, at its own node. Only NISC switches the federation's mode (docs/MODES.md §4). Checked on arrival, and again on the opened item of a sealed copy (its kind is inside).
    /// </summary>
    public static string? KindRefusal(ItemKind kind, string originNode, FederationView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (kind == ItemKind.ModeChange)
        {
            // Only NISC switches the federation's mode (docs/MODES.md §4), as a federation root certified it.
            return view.Nodes.TryGetValue(originNode, out var switcher) && switcher.Role == NodeRole.Nisc
                ? null
                : $"a mode change is signed by NISC; {originNode} is not certified as NISC";
        }

        if (kind is not (ItemKind.Drill or ItemKind.ExerciseScenario) || (view.Nodes.TryGetValue(originNode, out var origin) && origin.IsHub))
        {
            return null;
        }

        return kind == ItemKind.Drill
            ? $"a drill is started by NISC or the Council for other nodes; {originNode} is not certified as either: a secretariat drills its own members only"
            : $"an exercise scenario is sent by NISC or the Council; {originNode} is not certified as either";
    }
}
