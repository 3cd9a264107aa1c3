using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// Whether this node may hand a stored envelope to a peer that asks for it by id: exactly when it would have sent that
/// peer this very copy itself (<see cref="ServingPolicy"/>), and never what the secretariat withholds.
/// </summary>
internal static class FetchPolicy
{
    /// <summary>Most item ids one Fetch call may name (a peer's, or this node's own when an admin fetches from a peer).</summary>
    public const int MaxIds = 1000;

    /// <returns>Null when the envelope may be served; otherwise why not, for this node's audit log only.</returns>
    public static string? Refusal(Envelope envelope, string? heldState, string peer, FederationView view, DateTimeOffset now)
    {
        if (HeldStore.Withholds(heldState))
        {
            return heldState;
        }

        RoutingFacts? copy;
        try
        {
            copy = envelope.PayloadType switch
            {
                PayloadTypes.Item => RoutingFacts.FromItem(Item.Parser.ParseFrom(envelope.Payload)),
                PayloadTypes.Sealed => RoutingFacts.FromHeader(SealedItem.Parser.ParseFrom(envelope.Payload).Header),
                _ => null,
            };
        }
        catch (InvalidProtocolBufferException)
        {
            copy = null;
        }

        return copy is null ? "not an item envelope"
            : ServingPolicy.MayServe(copy, withheld: false, view, peer, now) ? null
            : $"{peer} is not where {view.LocalNodeId} sends this copy";
    }
}
