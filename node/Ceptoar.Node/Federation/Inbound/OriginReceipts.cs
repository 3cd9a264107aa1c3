using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Receipts;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>One item a receipt addressed to this node names, judged: Refusal is null when the origin records it.</summary>
internal sealed record ReceiptVerdict(string ItemId, string? Refusal, string HereState);

/// <summary>
/// The origin's side of the receipts it is sent: before the writer, every item a receipt names is judged on the item as
/// stored here (<see cref="ReceiptPolicy"/>); in the writer transaction the allowed ones are recorded and every refused
/// one is audited and leaves no row. A batched DELIVERED receipt is judged item by item.
/// </summary>
internal sealed class OriginReceipts(FederationStore federationStore, AcknowledgementStore acknowledgements, NodeOptions node, AuditLog audit, ILogger logger)
{
    /// <summary>Gives every receipt addressed here its verdicts, reading the named items once for the whole batch.</summary>
    public async Task JudgeAsync(Inbound[] prepared, FederationView view, CancellationToken cancellationToken)
    {
        var ids = prepared.Where(p => p.Receipt is not null).SelectMany(p => ReceiptRules.ItemsOf(p.Receipt!)).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var own = await federationStore.OwnItemsAsync(ids, node.Id, cancellationToken);
        var subjects = own.ToDictionary(o => o.Key, o => Subject(o.Value.Envelope, o.Value.HeldState), StringComparer.Ordinal);
        for (var i = 0; i < prepared.Length; i++)
        {
            if (prepared[i].Receipt is not { } receipt)
            {
                continue;
            }

            prepared[i] = prepared[i] with
            {
                Verdicts = [.. ReceiptRules.ItemsOf(receipt).Select(id =>
                {
                    var subject = subjects.GetValueOrDefault(id);
                    var refusal = ReceiptPolicy.Refusal(id, subject, view, receipt.RecipientNode, receipt.Kind, receipt.AcknowledgedBy);
                    return new ReceiptVerdict(id, refusal, HereState(own, id, subject));
                })],
            };
        }
    }

    /// <summary>Inside the writer transaction: records what the verdicts allow, audits each refusal, answers for the envelope.</summary>
    public DeliveryResult Record(Inbound inbound, Receipt receipt, string peer, UnitOfWork work)
    {
        var kind = receipt.Kind switch { ReceiptKind.Acknowledged => "acknowledged", ReceiptKind.Rejected => "rejected", _ => "delivered" };
        var verdicts = inbound.Verdicts ?? [.. ReceiptRules.ItemsOf(receipt).Select(id => new ReceiptVerdict(id, "the receipt was not judged before the commit", "a defect of this node: receipts are judged before they are recorded"))];
        var refused = new List<string>();
        foreach (var verdict in verdicts)
        {
            var refusal = verdict.Refusal;
            if (refusal is null && !federationStore.RecordReceipt(work, verdict.ItemId, node.Id, receipt.RecipientNode, kind,
                    receipt.At.ToDateTimeOffset(), receipt.AcknowledgedBy, receipt.Reason, receipt.HasMembersReached ? (int)Math.Min(receipt.MembersReached, int.MaxValue) : null))
            {
                refusal = $"{node.Id} holds no item {verdict.ItemId} any more: a receipt is recorded only by the item's origin, for an item it sent";
            }

            if (refusal is null && receipt.Kind == ReceiptKind.Acknowledged)
            {
                // Every person counts, not only the first per node: one row per acknowledger, a repeat changes nothing.
                acknowledgements.RecordReceived(work, verdict.ItemId, Acknowledgement(receipt));
            }

            if (refusal is not null)
            {
                refused.Add(refusal);
                FederationLog.Rejected(logger, verdict.ItemId, peer, refusal);
                // The signer is named: a relaying hub only passes the receipt on, the signature is the signer's own.
                audit.Append(work, new AuditRecord("peer:" + peer, "receipt.receive", verdict.ItemId, "rejected",
                    $"{kind} receipt signed by {receipt.RecipientNode}: {refusal} (here: {verdict.HereState})"));
            }
        }

        var recorded = verdicts.Count - refused.Count;
        return refused.Count == 0 ? Result(inbound.Key, DeliveryOutcome.Accepted, "")
            : recorded > 0 ? Result(inbound.Key, DeliveryOutcome.Accepted, $"recorded for {recorded} of {verdicts.Count} items; refused for {refused.Count}, e.g. {refused[0]}")
            : refused.Count == 1 ? Result(inbound.Key, DeliveryOutcome.Rejected, refused[0])
            : Result(inbound.Key, DeliveryOutcome.Rejected, $"refused for all {refused.Count} items, e.g. {refused[0]}");
    }

    /// <summary>
    /// Who acknowledged, as this node tells people apart: the pseudonym for a member the signer does not name (so two
    /// members of a node that shares counts only are two, and one member twice is one), otherwise acknowledged_by.
    /// </summary>
    private static ReceivedAcknowledgement Acknowledgement(Receipt receipt) =>
        new(receipt.RecipientNode,
            receipt.AcknowledgerPseudonym.Length > 0 ? "pseudonym:" + receipt.AcknowledgerPseudonym : receipt.AcknowledgedBy,
            receipt.AcknowledgedBy, receipt.AcknowledgerNameJa, receipt.AcknowledgerNameEn, receipt.At.ToDateTimeOffset(), receipt.Note);

    /// <summary>The stored item as the receipt policy reads it; null when its envelope is not an item this node can read.</summary>
    private static ReceiptSubject? Subject(byte[] envelopeBytes, string? heldState)
    {
        try
        {
            var envelope = Envelope.Parser.ParseFrom(envelopeBytes);
            var facts = envelope.PayloadType switch
            {
                PayloadTypes.Item => RoutingFacts.FromItem(Item.Parser.ParseFrom(envelope.Payload)),
                PayloadTypes.Sealed => RoutingFacts.FromHeader(SealedItem.Parser.ParseFrom(envelope.Payload).Header),
                _ => null,
            };
            return facts is null ? null : new ReceiptSubject(facts, HeldStore.Withholds(heldState));
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>What this node knows of the item, for its own audit log only (the signer is told less).</summary>
    private static string HereState(IReadOnlyDictionary<string, (byte[] Envelope, string? HeldState)> own, string id, ReceiptSubject? subject) =>
        !own.TryGetValue(id, out var stored) ? "no item with this id originated here"
        : subject is null ? "the stored envelope is not readable"
        : HeldStore.Withholds(stored.HeldState) ? $"the item is {stored.HeldState} in the approval queue and never left"
        : $"a TLP:{TlpTransport.Name(subject.Facts.Tlp)} item sent from here";

    private static DeliveryResult Result(string key, DeliveryOutcome outcome, string reason) => new() { ItemId = key, Outcome = outcome, Reason = reason };
}
