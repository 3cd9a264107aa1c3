using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Google.Protobuf;

namespace Ceptoar.Node.Intake;

/// <summary>
/// What intake decided for one item before the commit: the row to store, where it goes next, the rules' decision (a hold
/// among it) and the notification plans to write with it (docs/NOTIFICATIONS.md §6).
/// </summary>
internal sealed record Intended(NewItem Stored, IReadOnlyList<Queued> Onward, RuleDecision? Decision, IReadOnlyList<NewNotifyPlan>? Notices = null)
{
    /// <summary>For a drill from a peer: how many members it reaches here now, for its DELIVERED receipt (docs/DRILLS.md §4).</summary>
    public int? MembersReached { get; init; }

    /// <summary>What the item withdraws (a revocation, or a correction's superseded items), applied in its commit (docs/LIFECYCLE.md §1).</summary>
    public Withdrawing? Withdraws { get; init; }
}

/// <summary>
/// The one path an item takes into this node, whoever brings it: decide (the handling rules) → sign (only when this node
/// is the origin) → plan (member delivery, retention, onward routing and sealing) → one durable commit with its outbox
/// rows, notification plans, hold and audit entry. The callers answer after the commit: the member API (a submission), the federation's
/// inbound batches (an item from a peer) and the approval queue (an edit or approval). docs/ARCHITECTURE.md §4.
/// </summary>
internal sealed class ItemIntake(
    RuleApplication rules, EnvelopeSigner signer, Dispatcher dispatcher, ItemStore items, HeldStore held, AuditLog audit, IStoreWriter writer, TimeProvider time,
    NotificationPlanner notices, NotifyPlanStore notifyPlans, ContactBook contacts, ItemLifecycle lifecycle, WithdrawalStore withdrawals)
{
    /// <summary>An item drafted here by a member or staff: the rules decide and shape it, this node signs it, and where it goes is planned.</summary>
    /// <param name="acceptCopies">The draft's accept_copies: the member consents to standing copies of an AMBER report (docs/MODES.md §2).</param>
    public Intended Originate(Item item, Submitter submitter, bool acceptCopies = false)
    {
        // The copies are decided once, here: a held item is signed with them and sent as signed once approved.
        var decision = item.Kind == ItemKind.Revocation ? rules.ForRevocation(item, submitter.Facts) : rules.ForSubmission(item, submitter.Facts, acceptCopies);
        ItemShaping.Shape(item, decision);
        var envelope = ItemEnvelope.Sign(signer, item);
        // Serialised once: the stored row and every clear outbox entry share these bytes.
        var bytes = envelope.ToByteArray();
        var roster = Roster();
        var delivery = rules.Delivery(decision, roster);
        var stored = StoredItems.From(item, bytes, delivery, submitter.Id, rules.RetainUntil(decision));
        // The secretariat sees what it originates, a held item included (it waits for their approval).
        var planned = FederationKinds.IsMemberContent(item.Kind) ? Plans(item, delivery, submitter.IsStaff ? null : submitter.Id, staff: true) : [];
        return new Intended(stored, dispatcher.ForOrigin(item, envelope, bytes, decision.ForwardBeforeApproval), decision, planned) { Withdraws = lifecycle.Of(item) };
    }

    /// <summary>
    /// Commits a submission with what goes onward and its hold; idempotent per (submitter, client request id): a repeat
    /// returns the first outcome and stores nothing. Completes after the durable commit.
    /// </summary>
    public Task<SubmitOutcome> CommitSubmissionAsync(Intended intended, Submitter submitter, string clientRequestId, CancellationToken cancellationToken) =>
        items.StoreSubmissionAsync(submitter.Id, clientRequestId, intended.Stored, cancellationToken,
            (work, seq) => Queue(work, intended, seq, submitter.Actor), submitter.Actor, CopiesDetail(intended.Decision));

    /// <summary>The submission's audit detail: the standing copies applied and those the label or a missing consent refused.</summary>
    private static string CopiesDetail(RuleDecision? decision)
    {
        if (decision is null || decision.Copies.Count == 0)
        {
            return "";
        }

        var applied = decision.Copies.Where(c => c.Applied).Select(c => c.Shown).ToList();
        var parts = new List<string>();
        if (applied.Count > 0)
        {
            parts.Add("copies: " + string.Join(", ", applied));
        }

        parts.AddRange(decision.Copies.Where(c => c.Refused).Select(c => $"copy refused: {c.Shown}: {c.Reason}"));
        return string.Join("; ", parts);
    }

    /// <summary>
    /// An item from a peer, addressed to this node and verified: the rules decide who sees it here and what may go on
    /// (its origin signed it; it is never changed here). <paramref name="onward"/> plans the relay under a restriction.
    /// </summary>
    public Intended Receive(Item item, byte[] envelope, string fromPeer, Lazy<IReadOnlyList<MemberFacts>> roster, Func<ForwardRestriction?, IReadOnlyList<Queued>> onward)
    {
        var decision = rules.ForReceived(item, fromPeer);
        var content = FederationKinds.IsMemberContent(item.Kind);
        var delivery = content ? rules.Delivery(decision, roster) : MemberDelivery.None;
        // Addressed here and opened: the secretariat reads it in clear, so the duty roster is told as well.
        var planned = content ? Plans(item, delivery, null, staff: true) : [];
        return new Intended(StoredItems.From(item, envelope, delivery, null, rules.RetainUntil(decision)), onward(decision.ForwardBeforeApproval), decision, planned)
        {
            // Held for approval, the drill reaches no member yet.
            MembersReached = item.Kind == ItemKind.Drill ? (decision.Hold ? 0 : roster.Value.Count(m => delivery.Reaches(m.MemberId, m.Sector))) : null,
            Withdraws = lifecycle.Of(item),
        };
    }

    /// <summary>An item this node only relays: stored for the onward path with the default retention, seen by no member.</summary>
    public Intended Relay(Item item, byte[] envelope, IReadOnlyList<Queued> onward) =>
        new(StoredItems.From(item, envelope, MemberDelivery.None, null, time.GetUtcNow().AddDays(RuleSet.DefaultRetentionDays)), onward, null)
        {
            // Relayed only: the tombstone, but nobody here to tell (the original reached no member or person here either).
            Withdraws = lifecycle.Of(item) is { } withdrawing ? withdrawing with { Revocation = null } : null,
        };

    /// <summary>A sealed item this node only relays: the ciphertext and its routing header.</summary>
    public Intended RelaySealed(RoutingHeader header, byte[] envelope, IReadOnlyList<Queued> onward) =>
        new(StoredItems.FromSealedHeader(header, envelope, time.GetUtcNow()), onward, null) { Withdraws = lifecycle.Of(header) };

    /// <summary>Why a revocation or correction is refused here (it names a stored item of another origin, docs/LIFECYCLE.md §1), or null.</summary>
    public string? WithdrawalRefusal(UnitOfWork work, Intended intended) => intended.Withdraws is { } withdrawing ? lifecycle.Refusal(work, withdrawing) : null;

    /// <summary>The enabled members, built once per batch and only if some item's delivery needs them.</summary>
    public Lazy<IReadOnlyList<MemberFacts>> Roster() => new(rules.Roster);

    /// <summary>
    /// Inside the unit of work of a batch: stores the item, queues it onward and holds it when a rule says so. Null,
    /// writing nothing, when the item is already stored.
    /// </summary>
    public long? Commit(UnitOfWork work, Intended intended, string actor)
    {
        var seq = items.TryInsertItem(work, intended.Stored);
        if (seq is { } stored)
        {
            Queue(work, intended, stored, actor);
        }

        return seq;
    }

    /// <summary>
    /// The secretariat edits a held item this node originated: it is signed anew and replaces the held row (still held,
    /// seen by nobody), published again at the end of every feed. Completes after the commit.
    /// </summary>
    public Task EditHeldAsync(StoredItem stored, Item edited, string actor, string summary, CancellationToken cancellationToken)
    {
        var envelope = ItemEnvelope.Sign(signer, edited);
        var replacement = StoredItems.From(edited, envelope.ToByteArray(), MemberDelivery.None, stored.SubmittedByMember, null);
        return writer.RunAsync(work =>
        {
            items.Republish(work, stored.Seq, replacement);
            audit.Append(work, new AuditRecord(actor, "item.edit", edited.Id, "edited", summary));
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The secretariat approves a held item: the rules decide again with the hold lifted, the item is delivered to the
    /// members they name and sent where they allow. <paramref name="submitter"/> is who submitted it here (null for an
    /// item received from a peer). False when the item was no longer waiting (another admin decided).
    /// </summary>
    public Task<bool> ApproveAsync(StoredItem stored, Item item, Envelope envelope, Submitter? submitter, string actor, string note, CancellationToken cancellationToken)
    {
        RuleDecision decision;
        IReadOnlyList<Queued> onward;
        if (submitter is not null)
        {
            decision = rules.ForSubmission(item, submitter.Facts);
            onward = dispatcher.ForOrigin(item, envelope, stored.EnvelopeBytes, decision.Forward);
        }
        else
        {
            decision = rules.ForReceived(item, item.OriginNode);
            onward = dispatcher.ForRelay(RoutingFacts.FromItem(item), item.Id, stored.EnvelopeBytes, [item.OriginNode], item.OriginNode, decision.Forward);
        }

        var roster = Roster();
        var delivery = decision.Delivery.Compact ?? decision.Delivery.Resolve(roster.Value);
        var replacement = StoredItems.From(item, stored.EnvelopeBytes, delivery, stored.SubmittedByMember, rules.RetainUntil(decision));
        // The duty roster was told when the item arrived; now the members it reaches are (rows already written stay as they
        // were), and a high or extreme item is escalated from now if they do not acknowledge it.
        var planned = FederationKinds.IsMemberContent(item.Kind) ? Plans(item, delivery, submitter is { IsStaff: false } ? submitter.Id : null, staff: false) : [];
        return writer.RunAsync(work =>
        {
            if (!held.Decide(work, stored.Seq, "approved", actor, note))
            {
                return false;
            }

            items.Republish(work, stored.Seq, replacement);
            dispatcher.Enqueue(work, onward);
            notifyPlans.Insert(work, planned);
            audit.Append(work, new AuditRecord(actor, "item.approve", item.Id, "approved", note));
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// The item's notification plans; none on a node without any contact (a hub relaying, a secretariat before it adds
    /// people): nobody would be told, and a plan row per item would only cost the writer (docs/NOTIFICATIONS.md §6).
    /// </summary>
    private IReadOnlyList<NewNotifyPlan> Plans(Item item, MemberDelivery delivery, string? submitter, bool staff) =>
        contacts.Current.Count == 0 ? [] : notices.Plans(item, delivery, submitter, staff);

    private void Queue(UnitOfWork work, Intended intended, long seq, string actor)
    {
        if (intended.Withdraws is { } withdrawing)
        {
            lifecycle.Apply(work, withdrawing, seq);
        }

        if (withdrawals.IsRevoked(work, intended.Stored.ItemId, intended.Stored.OriginNode))
        {
            // Its revocation came first by another path: kept as a tombstone, never sent on nor announced (docs/LIFECYCLE.md §1).
            return;
        }

        dispatcher.Enqueue(work, intended.Onward, intended.Stored);
        // One plan per purpose in the same unit of work, whatever the number of contacts: a committed delivery always has
        // its notifications, and the rows per contact are written and sent after the commit (docs/NOTIFICATIONS.md §6).
        notifyPlans.Insert(work, intended.Notices ?? []);
        if (intended.Decision is { Hold: true } decision)
        {
            rules.Hold(work, seq, intended.Stored.ItemId, decision, actor);
        }
    }
}
