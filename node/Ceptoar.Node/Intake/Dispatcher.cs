using System.Security.Cryptography;
using System.Text;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Core.Receipts;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Intake;

/// <summary>An envelope to queue for one peer.</summary>
/// <param name="Urgent">Sent before any backlog to that peer: a mode change, or high or extreme severity (docs/MODES.md §6).</param>
internal sealed record Queued(string Peer, string DedupKey, string ItemId, byte[] Envelope, IReadOnlyList<string> Hops, DateTimeOffset ExpiresAt, bool Urgent = false);

/// <summary>A signed DELIVERED receipt for some items, queued for the peers toward their origin.</summary>
internal sealed record DeliveredReceipt(IReadOnlyList<string> ItemIds, IReadOnlyList<Queued> Queued);

/// <summary>
/// Turns forwarding decisions (pure policy) into queued envelopes: the CPU work (sealing, signing receipts) happens before
/// the writer transaction; <see cref="Enqueue"/> then writes them in the same transaction that stores the item.
/// </summary>
internal sealed class Dispatcher(TimeProvider time, EnvelopeSigner signer, NodeOptions node, FederationStore federationStore, NodeDirectory directory, ILogger<Dispatcher> logger)
{
    private static readonly TimeSpan ReceiptLifetime = TimeSpan.FromDays(30);

    /// <summary>What the origin sends for an item it just signed (clear to direct recipients, sealed through hubs).</summary>
    /// <param name="restriction">What the handling rules allow (nothing while the item is held).</param>
    /// <param name="clear">The signed envelope's bytes, serialised once by the caller.</param>
    public IReadOnlyList<Queued> ForOrigin(Item item, Envelope signed, byte[] clear, ForwardRestriction restriction)
    {
        var facts = RoutingFacts.FromItem(item);
        var plan = restriction.Apply(ForwardingPolicy.Decide(facts, directory.View(), [], null, time.GetUtcNow()));
        byte[]? sealedBytes = null;
        if (plan.SealTo.Count > 0)
        {
            var recipients = new List<SealRecipient>();
            foreach (var nodeId in plan.SealTo)
            {
                if (directory.Find(nodeId) is { } entry)
                {
                    recipients.Add(entry.Recipient);
                }
                else
                {
                    FederationLog.UnknownRecipient(logger, item.Id, nodeId);
                }
            }

            if (recipients.Count > 0)
            {
                sealedBytes = ItemSealer.Seal(signer, signed, item, recipients).ToByteArray();
            }
        }

        var queued = new List<Queued>();
        foreach (var forward in plan.Forwards)
        {
            var bytes = forward.Transport == Transport.Clear ? clear : sealedBytes;
            if (bytes is not null)
            {
                queued.Add(new Queued(forward.Peer, item.Id, item.Id, bytes, [node.Id], facts.ExpiresAt, facts.Urgent));
            }
        }

        return queued;
    }

    /// <summary>
    /// What a hub relays onward: the same bytes it received, never re-serialised; urgent onward when the item is (read in
    /// clear, or the sealed item's signed header says so), so the relay overtakes the backlog as the origin's send did.
    /// </summary>
    /// <param name="view">The routing view, when the caller already built one for a whole batch.</param>
    public IReadOnlyList<Queued> ForRelay(
        RoutingFacts facts, string dedupKey, byte[] envelope, IReadOnlyList<string> path, string cameFrom, ForwardRestriction? restriction = null, FederationView? view = null)
    {
        var plan = (restriction ?? ForwardRestriction.AsRouted).Apply(ForwardingPolicy.Decide(facts, view ?? directory.View(), path, cameFrom, time.GetUtcNow()));
        IReadOnlyList<string> hops = [.. path, node.Id];
        return [.. plan.Forwards.Select(f => new Queued(f.Peer, dedupKey, facts.ItemId, envelope, hops, facts.ExpiresAt, facts.Urgent))];
    }

    /// <summary>A signed receipt from this node to the item's origin, routed like a GREEN item addressed to the origin.</summary>
    public IReadOnlyList<Queued> Receipt(string itemId, string originNode, ReceiptKind kind, string acknowledgedBy = "", string reason = "", FederationView? view = null) =>
        originNode == node.Id
            ? []
            : Signed(new Receipt { ItemId = itemId, OriginNode = originNode, Kind = kind, AcknowledgedBy = acknowledgedBy, Reason = reason }, view);

    /// <summary>A signed ACKNOWLEDGED receipt the caller filled in (<see cref="AckReceipts"/>); none for this node's own items.</summary>
    public IReadOnlyList<Queued> Acknowledged(Receipt receipt) => receipt.OriginNode == node.Id ? [] : Signed(receipt, null);

    /// <summary>
    /// Signed DELIVERED receipts to one origin for items of one inbound batch stored here: one signature per
    /// <see cref="ReceiptRules.MaxItemsPerReceipt"/> items rather than one per item. A single item gets the one-item form
    /// every node understands, and a node that predates batched receipts still reads the first item of any.
    /// </summary>
    /// <param name="membersReached">For a drill (one item): how many members it reached here, carried in its receipt.</param>
    public IReadOnlyList<DeliveredReceipt> Delivered(string originNode, IReadOnlyList<string> itemIds, FederationView? view = null, uint? membersReached = null)
    {
        if (originNode == node.Id)
        {
            return [];
        }

        var result = new List<DeliveredReceipt>();
        foreach (var chunk in itemIds.Chunk(ReceiptRules.MaxItemsPerReceipt))
        {
            var receipt = new Receipt { ItemId = chunk[0], OriginNode = originNode, Kind = ReceiptKind.Delivered, ItemIds = { chunk[1..] } };
            if (membersReached is { } reached)
            {
                receipt.MembersReached = reached;
            }

            result.Add(new DeliveredReceipt(chunk, Signed(receipt, view)));
        }

        return result;
    }

    /// <summary>The receipt's dedup key in outboxes and at relays: "receipt:{item}:{recipient}:{kind}" for one item,
    /// "receipt:{item}:{recipient}:acknowledged:{hash of who}" for an acknowledgement (one per person),
    /// "receipt:{first item}+{others}:{recipient}:{kind}:{hash of the ids}" for several.</summary>
    public static string ReceiptKey(Receipt receipt)
    {
        var kind = receipt.Kind.ToString().ToLowerInvariant();
        if (receipt.Kind == ReceiptKind.Acknowledged)
        {
            // Every person's acknowledgement reaches the origin (PROTOCOL.md §7): two people of one node must not share a
            // key, or the outbox and the hubs would keep only the first.
            var who = SHA256.HashData(Encoding.UTF8.GetBytes(receipt.AcknowledgedBy + "\n" + receipt.AcknowledgerPseudonym));
            return $"receipt:{receipt.ItemId}:{receipt.RecipientNode}:{kind}:{Convert.ToHexStringLower(who.AsSpan(0, 8))}";
        }

        if (receipt.ItemIds.Count == 0)
        {
            return $"receipt:{receipt.ItemId}:{receipt.RecipientNode}:{kind}";
        }

        // Two receipts naming different sets must not share a key (the outbox and relays dedup on it): the hash tells
        // them apart, the first id and count let a person reading a queue see what it is about.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ReceiptRules.ItemsOf(receipt))));
        return $"receipt:{receipt.ItemId}+{receipt.ItemIds.Count}:{receipt.RecipientNode}:{kind}:{Convert.ToHexStringLower(digest.AsSpan(0, 8))}";
    }

    /// <summary>Receipts route as GREEN items from the recipient node to the origin node.</summary>
    public static RoutingFacts ReceiptFacts(Receipt receipt, DateTimeOffset expiresAt) =>
        new(ReceiptKey(receipt), receipt.RecipientNode, Tlp.Green, expiresAt, new Audience { Nodes = { receipt.OriginNode } }, null);

    private IReadOnlyList<Queued> Signed(Receipt receipt, FederationView? view)
    {
        var now = time.GetUtcNow();
        receipt.RecipientNode = node.Id;
        receipt.At = Timestamp.FromDateTimeOffset(now);
        var envelope = signer.Sign(PayloadTypes.Receipt, receipt.ToByteString()).ToByteArray();
        var key = ReceiptKey(receipt);
        var facts = ReceiptFacts(receipt, now + ReceiptLifetime);
        var plan = ForwardingPolicy.Decide(facts, view ?? directory.View(), [], null, now);
        return [.. plan.Forwards.Select(f => new Queued(f.Peer, key, key, envelope, [node.Id], facts.ExpiresAt))];
    }

    /// <summary>Queues the envelopes inside a unit of work.</summary>
    /// <param name="storedItem">
    /// The item this transaction stored, if any: an entry carrying exactly its stored envelope refers to it instead of
    /// keeping its own copy (a hub relaying to three peers writes the bytes once, not four times).
    /// </param>
    public void Enqueue(UnitOfWork work, IEnumerable<Queued> queued, NewItem? storedItem = null)
    {
        // The entries of one item share their hops list: serialise it once.
        IReadOnlyList<string>? lastHops = null;
        var hopsJson = "";
        foreach (var q in queued)
        {
            if (!ReferenceEquals(q.Hops, lastHops))
            {
                (lastHops, hopsJson) = (q.Hops, System.Text.Json.JsonSerializer.Serialize(q.Hops));
            }

            var same = storedItem is not null && q.ItemId == storedItem.ItemId
                && (ReferenceEquals(q.Envelope, storedItem.EnvelopeBytes) || q.Envelope.AsSpan().SequenceEqual(storedItem.EnvelopeBytes));
            federationStore.Enqueue(work, q.Peer, q.DedupKey, q.ItemId, same ? null : q.Envelope, hopsJson, q.ExpiresAt, q.Urgent);
        }
    }
}
