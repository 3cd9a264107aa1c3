using Ceptoar.Core.Policy;
using Ceptoar.Core.Protocol;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Federation;

/// <summary>Whether this node may hand a stored envelope to a peer that asks for it by id: exactly when the peer's own acceptance rules would take it from us.</summary>
internal static class FetchPolicy
{
    public static bool MayServe(StoredItem stored, Envelope envelope, string peer, FederationView view, DateTimeOffset now, TimePolicy time)
    {
        RoutingFacts facts;
        if (stored.Sealed)
        {
            facts = RoutingFacts.FromHeader(SealedItem.Parser.ParseFrom(envelope.Payload).Header);
        }
        else
        {
            facts = RoutingFacts.FromItem(Item.Parser.ParseFrom(envelope.Payload));
        }

        // Judge from the peer's side: it receives from us (this node is its direct peer).
        var peerNode = view.Nodes.GetValueOrDefault(peer);
        if (peerNode is null)
        {
            return false;
        }

        var peerView = new FederationView(peer, view.Nodes.Values, [view.LocalNodeId]);
        var acceptance = AcceptancePolicy.Decide(facts, peerView, view.LocalNodeId, now, time);
        return acceptance.Accepted && (acceptance.ForMe || acceptance.Relay) && envelope.PayloadType is PayloadTypes.Item or PayloadTypes.Sealed;
    }
}
