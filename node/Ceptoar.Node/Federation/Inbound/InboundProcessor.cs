using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Core.Receipts;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Storage;
using Google.Protobuf;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// Takes a batch from a peer: checks every envelope (dedup by exact bytes, then verify before parse, schema, TLP path
/// policy, unseal when addressed), commits everything accepted in one transaction together with what must go onward
/// and the receipts, and only then answers with one result per envelope.
/// </summary>
internal sealed class InboundProcessor(FederationStore federationStore, TimeProvider time, IStoreWriter writer, EnvelopeVerifiers verifiers, ItemValidator validator, TimePolicy timePolicy, NodeOptions node, NodeCredentials credentials, FederationOptions federationOptions, AuditLog audit, NodeDirectory directory, RevocationBook revocations, Dispatcher dispatcher, ItemIntake intake, AcknowledgementStore acknowledgements, NodeMetrics metrics, ILogger<InboundProcessor> logger)
{
    private const string Accepted = "accepted";
    private readonly OriginReceipts _receipts = new(federationStore, acknowledgements, node, audit, logger);

    public async Task<BatchAck> ProcessAsync(string peer, BatchFrame batch, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(peer, batch, cancellationToken);
        return await CommitAsync(prepared, cancellationToken);
    }

    /// <summary>
    /// The checks, before any write: the batch's descriptors are taken, then every envelope is checked (on all cores).
    /// Nothing is stored; a stream can prepare its next batch while the writer commits the previous one. Each envelope is
    /// parsed here once, from the bytes its sender sent; an envelope that does not parse fails the batch as a whole, as
    /// a Batch that does not parse would (InvalidProtocolBufferException).
    /// </summary>
    public async Task<PreparedBatch> PrepareAsync(string peer, BatchFrame batch, CancellationToken cancellationToken)
    {
        foreach (var descriptor in batch.Descriptors)
        {
            var check = await directory.AcceptAsync(descriptor, cancellationToken);
            if (!check.Valid)
            {
                FederationLog.DescriptorDropped(logger, "peer:" + peer, check.Problem);
            }
        }

        // Before any envelope: an item signed by a key this list revokes is refused in this very batch (docs/LIFECYCLE.md §3).
        if (batch.RevocationList is { } list)
        {
            await revocations.AcceptAsync(list, "peer:" + peer, cancellationToken);
        }

        var envelopes = batch.Envelopes;
        var hinted = envelopes.Select(e => e.ItemId).Where(id => id.Length > 0).ToList();
        var stored = await federationStore.StoredEnvelopesAsync(hinted, cancellationToken);
        var view = directory.View();
        var now = time.GetUtcNow();
        // Built from the member cache, and only if some item's delivery needs it (tags or mixed grants).
        var roster = intake.Roster();
        var parsed = new Envelope?[envelopes.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            parsed[i] = envelopes[i].Envelope.IsEmpty ? null : Envelope.Parser.ParseFrom(envelopes[i].Envelope);
        }

        var prepared = new Inbound[envelopes.Count];
        Parallel.For(0, envelopes.Count, i => prepared[i] = Prepare(peer, envelopes[i], parsed[i], stored, view, now, roster));
        await _receipts.JudgeAsync(prepared, view, cancellationToken);
        return new PreparedBatch(peer, batch.BatchId, prepared, DeliveredReceipts(prepared, view));
    }

    /// <summary>
    /// One signed DELIVERED receipt per origin for the items of this batch addressed here, instead of one per item:
    /// signing was a third of a hub's CPU per relayed item, and the origin's hub verified each one again.
    /// </summary>
    /// A drill gets a receipt of its own that says how many members it reached here (docs/DRILLS.md §4).
    private IReadOnlyList<DeliveredReceipt> DeliveredReceipts(Inbound[] prepared, FederationView view) =>
        [.. prepared.Where(p => p.DeliveredTo is not null && p.Intended?.MembersReached is null)
            .GroupBy(p => p.DeliveredTo!, StringComparer.Ordinal)
            .SelectMany(origin => dispatcher.Delivered(origin.Key, [.. origin.Select(p => p.Key).Distinct(StringComparer.Ordinal)], view)),
         .. prepared.Where(p => p.DeliveredTo is not null && p.Intended?.MembersReached is not null)
            .DistinctBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => dispatcher.Delivered(p.DeliveredTo!, [p.Key], view, (uint)p.Intended!.MembersReached!.Value))];

    /// <summary>
    /// Queues the prepared batch's one writer transaction (the writer runs them in the order they are queued) and
    /// completes with the acknowledgement after its durable commit. An envelope checked before an earlier batch with
    /// the same item committed is still stored once: the insert finds the item and answers DUPLICATE.
    /// </summary>
    public async Task<BatchAck> CommitAsync(PreparedBatch batch, CancellationToken cancellationToken)
    {
        var (peer, prepared) = (batch.Peer, batch.Envelopes);
        var outcomes = await writer.RunAsync(work =>
        {
            var results = new DeliveryResult[prepared.Length];
            var stored = new HashSet<string>(StringComparer.Ordinal);
            // Urgent items first (docs/MODES.md §6): stored before the rest of the batch, they come first in member feeds and
            // in the outboxes onward, whatever order the sender put them in. The answers keep the batch's order.
            foreach (var i in UrgentFirst(prepared))
            {
                results[i] = Commit(prepared[i], peer, work);
                if (prepared[i].DeliveredTo is not null && results[i].Outcome == DeliveryOutcome.Accepted)
                {
                    stored.Add(prepared[i].Key);
                }
            }

            // Durable with the items. A receipt is sent if this batch stored any of its items; one that an earlier batch
            // stored first (checked concurrently) was delivered all the same, and the origin keeps the first time.
            foreach (var receipt in batch.Receipts.Where(r => r.ItemIds.Any(stored.Contains)))
            {
                dispatcher.Enqueue(work, receipt.Queued);
            }

            return results;
        }, cancellationToken);

        Count(prepared, outcomes);
        var ack = new BatchAck { BatchId = batch.BatchId };
        ack.Results.AddRange(outcomes);
        FederationLog.BatchDone(logger, outcomes.Length, peer,
            outcomes.Count(o => o.Outcome == DeliveryOutcome.Accepted), outcomes.Count(o => o.Outcome == DeliveryOutcome.Duplicate),
            outcomes.Count(o => o.Outcome == DeliveryOutcome.Rejected), outcomes.Count(o => o.Outcome == DeliveryOutcome.Retry));
        return ack;
    }

    /// <summary>
    /// The batch's items in the metrics, after its commit (docs/OPERATIONS.md §4): each item stored anew is received
    /// (addressed here, with the rule that decided it), relayed (queued onward) or both; each refused item by its stable reason.
    /// </summary>
    private void Count(Inbound[] prepared, DeliveryResult[] outcomes)
    {
        for (var i = 0; i < prepared.Length; i++)
        {
            var inbound = prepared[i];
            if (outcomes[i].Outcome == DeliveryOutcome.Accepted && inbound.Intended is { } intended)
            {
                metrics.FromPeer(intended.Stored.Tlp, inbound.DeliveredTo is not null, intended.Onward.Count > 0);
                if (intended.Decision is { } decision)
                {
                    // Addressed here: the rules decided who sees it (a relay-only item has no decision).
                    metrics.RuleHit(decision.Rule.Name);
                }
            }
            else if (outcomes[i].Outcome == DeliveryOutcome.Rejected && (inbound.RejectCode ?? (inbound.Intended is null ? null : NodeMetrics.RejectReasons.WithdrawalRefused)) is { } code)
            {
                metrics.Rejected(code, inbound.Intended?.Stored.Tlp ?? inbound.Label);
            }
        }
    }

    private Inbound Prepare(string peer, RelayedEnvelopeFrame relayed, Envelope? envelope, IReadOnlyDictionary<string, byte[]> stored, FederationView view, DateTimeOffset now, Lazy<IReadOnlyList<MemberFacts>> roster)
    {
        var hint = relayed.ItemId;
        if (envelope is null)
        {
            return Inbound.Reject(hint, "the relayed envelope is empty", NodeMetrics.RejectReasons.EnvelopeInvalid);
        }

        if (hint.Length > 0 && stored.TryGetValue(hint, out var known) && relayed.Envelope.Span.SequenceEqual(known))
        {
            return Inbound.Duplicate(hint);
        }

        // The bytes as sent: stored, relayed and served as they are (the origin's signature covers the payload inside).
        var bytes = relayed.Envelope.ToByteArray();
        var path = relayed.Hops.Append(peer).Distinct(StringComparer.Ordinal).ToList();
        return envelope.PayloadType switch
        {
            PayloadTypes.Item => PrepareItem(peer, envelope, bytes, view, path, now, roster),
            PayloadTypes.Sealed => PrepareSealed(peer, envelope, bytes, view, path, now, roster),
            PayloadTypes.Receipt => PrepareReceipt(peer, envelope, bytes, view, path, now),
            _ => Inbound.Reject(hint, $"payload type '{Truncate(envelope.PayloadType)}' is not one this node accepts", NodeMetrics.RejectReasons.EnvelopeInvalid),
        };
    }

    private Inbound PrepareItem(string peer, Envelope envelope, byte[] bytes, FederationView view, List<string> path, DateTimeOffset now, Lazy<IReadOnlyList<MemberFacts>> roster)
    {
        var (verified, result) = ItemEnvelope.Open(verifiers.Item, envelope);
        if (verified is null)
        {
            return Failed(result);
        }

        var item = verified.Item;
        var invalid = validator.ValidateItem(item);
        if (invalid.Count > 0)
        {
            return Invalid(item.Id, invalid) with { Label = item.Tlp };
        }

        var facts = RoutingFacts.FromItem(item);
        var acceptance = AcceptancePolicy.Decide(facts, view, peer, now, timePolicy);
        if (!acceptance.Accepted)
        {
            return RejectVerified(item.Id, item.OriginNode, acceptance.Reason, view) with { Label = item.Tlp };
        }

        var onward = Relay(acceptance, facts, bytes, path, peer, view);
        return (acceptance.ForMe
            ? Inbound.Store(item.Id, intake.Receive(item, bytes, peer, roster, onward)) with { DeliveredTo = item.OriginNode }
            : Inbound.Store(item.Id, intake.Relay(item, bytes, onward(null)))) with { Urgent = facts.Urgent };
    }

    private Inbound PrepareSealed(string peer, Envelope envelope, byte[] bytes, FederationView view, List<string> path, DateTimeOffset now, Lazy<IReadOnlyList<MemberFacts>> roster)
    {
        var (sealedItem, result) = ItemSealer.OpenOuter(verifiers.Sealed, envelope);
        if (sealedItem is null)
        {
            return Failed(result);
        }

        var header = sealedItem.Header;
        var facts = RoutingFacts.FromHeader(header);
        var acceptance = AcceptancePolicy.Decide(facts, view, peer, now, timePolicy);
        if (!acceptance.Accepted)
        {
            return RejectVerified(header.ItemId, header.OriginNode, acceptance.Reason, view) with { Label = header.Tlp };
        }

        // The sealed copy is what this node relays, under the rules' decision when the item is addressed here too.
        var onward = Relay(acceptance, facts, bytes, path, peer, view);
        if (!acceptance.ForMe)
        {
            // A hub keeps only the ciphertext: no title, no searchable text, no member delivery.
            return Inbound.Store(header.ItemId, intake.RelaySealed(header, bytes, onward(null))) with { Urgent = facts.Urgent };
        }

        try
        {
            var (inner, innerBytes, innerResult) = ItemSealer.OpenInnerWithBytes(verifiers.Item, sealedItem, node.Id, DecryptionKeyFor(sealedItem));
            if (inner is null)
            {
                return Failed(innerResult, header.ItemId) with { Label = header.Tlp };
            }

            var invalid = validator.ValidateItem(inner.Item);
            if (invalid.Count > 0)
            {
                return Invalid(header.ItemId, invalid) with { Label = header.Tlp };
            }

            // The header may say another kind than the item inside: who may issue a drill or a scenario is checked on the item.
            if ((AcceptancePolicy.KindRefusal(inner.Item.Kind, inner.Item.OriginNode, view) ?? AcceptancePolicy.RecipientRefusal(inner.Item.Kind, view)) is { } kindRefusal)
            {
                return RejectVerified(header.ItemId, header.OriginNode, kindRefusal, view) with { Label = header.Tlp };
            }

            // Members here read the inner envelope, stored as the origin sealed it; a rule that holds or narrows forwarding applies to the sealed copy relayed on.
            return Inbound.Store(header.ItemId, intake.Receive(inner.Item, innerBytes, peer, roster, onward)) with
            {
                DeliveredTo = header.OriginNode,
                // Read in clear here: an urgent item from an origin that predates the header's flag is committed first too.
                Urgent = facts.Urgent || Urgency.IsUrgent(inner.Item),
            };
        }
        catch (SealingException e)
        {
            return Inbound.Reject(header.ItemId, "cannot open the sealed item: " + e.Message, NodeMetrics.RejectReasons.SealedUnreadable) with { Label = header.Tlp };
        }
    }

    private Inbound PrepareReceipt(string peer, Envelope envelope, byte[] bytes, FederationView view, List<string> path, DateTimeOffset now)
    {
        var result = verifiers.Receipt.Verify(envelope);
        if (!result.IsValid)
        {
            return Failed(result);
        }

        Receipt receipt;
        try
        {
            receipt = Receipt.Parser.ParseFrom(envelope.Payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return Inbound.Reject("", "the receipt does not parse");
        }

        if (ReceiptRules.Problem(receipt) is { } problem)
        {
            return Inbound.Reject("", problem);
        }

        var key = Dispatcher.ReceiptKey(receipt);
        if (receipt.RecipientNode != result.Signer!.NodeId || receipt.At is null)
        {
            return Inbound.Reject(key, $"receipt signed by {result.Signer.NodeId} speaks for {Truncate(receipt.RecipientNode)}");
        }

        // A receipt is one more signature check: signed at or after its key's revocation, it is refused (docs/LIFECYCLE.md §3).
        if (result.Signer.RevokedAt is { } revokedAt && receipt.At.ToDateTimeOffset() >= revokedAt)
        {
            return Inbound.Reject(key, $"key '{result.Signer.KeyId}' was revoked at {revokedAt:O} and the receipt was signed at {receipt.At.ToDateTimeOffset():O}");
        }

        if (timePolicy.ReceiptProblem(receipt.At, now, receipt.RecipientNode) is { } untimely)
        {
            return Inbound.Reject(key, untimely);
        }

        var facts = Dispatcher.ReceiptFacts(receipt, receipt.At.ToDateTimeOffset().AddDays(30));
        var acceptance = AcceptancePolicy.Decide(facts, view, peer, now, timePolicy);
        if (!acceptance.Accepted)
        {
            return Inbound.Reject(key, acceptance.Reason);
        }

        var onward = acceptance.Relay && !acceptance.ForMe ? dispatcher.ForRelay(facts, key, bytes, path, peer, view: view) : [];
        return new Inbound(key, null, "", OnwardOrNull: onward, Receipt: acceptance.ForMe ? receipt : null, IsReceipt: true);
    }

    private DeliveryResult Commit(Inbound inbound, string peer, UnitOfWork work)
    {
        if (inbound.Outcome is { } outcome)
        {
            if (outcome == DeliveryOutcome.Rejected)
            {
                FederationLog.Rejected(logger, inbound.Key, peer, inbound.Reason);
                audit.Append(work, new AuditRecord("peer:" + peer, "item.receive", inbound.Key.Length > 0 ? inbound.Key : "-", "rejected", inbound.Reason));
            }

            // A refused item whose origin signature held: the origin learns why, by a signed receipt.
            dispatcher.Enqueue(work, inbound.Receipts);
            return Result(inbound.Key, outcome, inbound.Reason);
        }

        if (inbound.IsReceipt)
        {
            if (inbound.Receipt is { } receipt)
            {
                return _receipts.Record(inbound, receipt, peer, work);
            }

            if (!federationStore.FirstRelayOfReceipt(work, inbound.Key))
            {
                return Result(inbound.Key, DeliveryOutcome.Duplicate, "");
            }

            dispatcher.Enqueue(work, inbound.Onward);
            return Result(inbound.Key, DeliveryOutcome.Accepted, "");
        }

        // Its DELIVERED receipt is the batch's, queued by CommitAsync for all items from the same origin.
        var intended = inbound.Intended!;
        if (intake.WithdrawalRefusal(work, intended) is { } refused)
        {
            // Only the origin withdraws its items (docs/LIFECYCLE.md §1): refused here whatever path brought it, and audited.
            FederationLog.Rejected(logger, inbound.Key, peer, refused);
            audit.Append(work, new AuditRecord("peer:" + peer, "item.receive", inbound.Key, "rejected", refused));
            return Result(inbound.Key, DeliveryOutcome.Rejected, refused);
        }

        if (intake.Commit(work, intended, "peer:" + peer) is null)
        {
            return Result(inbound.Key, DeliveryOutcome.Duplicate, "");
        }

        audit.Append(work, new AuditRecord("peer:" + peer, "item.receive", inbound.Key, Accepted,
            intended.Stored.Sealed ? "sealed, relayed without reading" : $"TLP:{TlpTransport.Name(intended.Stored.Tlp)}"));
        return Result(inbound.Key, DeliveryOutcome.Accepted, "");
    }

    /// <summary>The batch's positions, urgent items first, each group in the order sent.</summary>
    private static IEnumerable<int> UrgentFirst(Inbound[] prepared) =>
        Enumerable.Range(0, prepared.Length).OrderBy(i => prepared[i].Urgent ? 0 : 1);

    /// <summary>A refusal of an item whose origin signature verified: the origin gets a signed "rejected" receipt with the reason.</summary>
    private Inbound RejectVerified(string itemId, string origin, string reason, FederationView view) =>
        Inbound.Reject(itemId, reason, NodeMetrics.RejectReasons.NotAccepted) with { ReceiptsOrNull = dispatcher.Receipt(itemId, origin, ReceiptKind.Rejected, reason: reason, view: view) };

    /// <summary>What goes onward from this node, under a restriction the rules may set: the same bytes, where routing allows.</summary>
    private Func<ForwardRestriction?, IReadOnlyList<Queued>> Relay(Acceptance acceptance, RoutingFacts facts, byte[] bytes, List<string> path, string peer, FederationView view) =>
        restriction => acceptance.Relay ? dispatcher.ForRelay(facts, facts.ItemId, bytes, path, peer, restriction, view: view) : [];

    private static Inbound Invalid(string itemId, IReadOnlyList<FieldViolation> invalid) =>
        Inbound.Reject(itemId, "invalid item: " + string.Join("; ", invalid.Take(3).Select(v => $"{v.Field}: {v.Description}")), NodeMetrics.RejectReasons.FieldInvalid);

    // The current encryption key, or a retired one still in its overlap when the item was sealed to it (docs/LIFECYCLE.md §2).
    private byte[] DecryptionKeyFor(SealedItem sealedItem)
    {
        var since = time.GetUtcNow() - TimeSpan.FromDays(federationOptions.RetiredKeyOverlapDays);
        return ItemSealer.KeyToOpen(sealedItem, node.Id, credentials.EncryptionPrivateKey,
            credentials.RetiredEncryptionKeys.Where(k => k.RetiredAt > since).Select(k => k.PrivateKey));
    }

    private static Inbound Failed(EnvelopeVerification result, string key = "") =>
        result.Failure == EnvelopeFailure.UnknownSigner
            ? new Inbound(key, DeliveryOutcome.Retry, "the signer is not known here yet: send its descriptor, then this again")
            : Inbound.Reject(key, $"{result.Failure}: {result.Reason}", NodeMetrics.RejectReasons.SignatureInvalid);

    private static DeliveryResult Result(string key, DeliveryOutcome outcome, string reason) => new() { ItemId = key, Outcome = outcome, Reason = reason };

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
