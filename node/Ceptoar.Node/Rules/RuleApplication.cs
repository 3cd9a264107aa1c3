using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Rules;

/// <summary>
/// Where the node's handling rules meet its items: evaluates the active rules (pure code) for an item submitted here or
/// received from a peer, and turns the decision into what is stored (member delivery, retention, the hold).
/// </summary>
internal sealed class RuleApplication(NodeOptions node, MemberStore members, TimeProvider time, HeldStore held, AuditLog audit, ActiveRules rules, NodeDirectory directory)
{
    public RuleDecision ForSubmission(Item item, MemberRecord member) =>
        RuleEvaluator.Evaluate(rules.Current, RuleSubject.Submitted(item, node.Id, new MemberFacts(member.MemberId, member.Sector, member.Tags)));

    public RuleDecision ForReceived(Item item, string fromPeer) =>
        RuleEvaluator.Evaluate(rules.Current, RuleSubject.Received(item, node.Id, fromPeer, directory.Find(item.OriginNode)?.Descriptor.Sectors));

    /// <summary>
    /// Applies what a rule asks of an item this node originates, before it is signed: a raised label, stripped
    /// attribution, obfuscated affected parties. (A received item is signed by its origin and is never changed here.)
    /// </summary>
    public static void Shape(Item item, RuleDecision decision)
    {
        item.Tlp = decision.Label;
        if (decision.Attribution == AttributionAction.Strip)
        {
            item.SubmittedBy = null;
            item.Handling.Attribution = Attribution.MustNot;
        }

        if (decision.ObfuscateAffectedParties && item.Body.Affected.Count > 0)
        {
            var count = item.Body.Affected.Count;
            item.Body.Affected.Clear();
            item.Body.Affected.Add($"{count} affected part{(count == 1 ? "y" : "ies")} (names withheld by the reporting secretariat)");
            item.Handling.ObfuscateAffectedParties = true;
        }
    }

    /// <summary>The members who see it now (nobody but the submitter while held); tags need the roster.</summary>
    public Task<MemberDelivery> DeliveryAsync(RuleDecision decision, CancellationToken cancellationToken)
    {
        var delivery = decision.DeliveryBeforeApproval;
        return Task.FromResult(delivery.Compact ?? delivery.Resolve(Roster()));
    }

    /// <summary>The same, for many decisions at once with one roster, built only if one of them needs it (a batch from a peer).</summary>
    public MemberDelivery Delivery(RuleDecision decision, Lazy<IReadOnlyList<MemberFacts>> roster) =>
        decision.DeliveryBeforeApproval.Compact ?? decision.DeliveryBeforeApproval.Resolve(roster.Value);

    public Task<IReadOnlyList<MemberFacts>> RosterAsync(CancellationToken cancellationToken) => Task.FromResult(Roster());

    /// <summary>The enabled members as committed, from the member cache: no database read per item or batch.</summary>
    public IReadOnlyList<MemberFacts> Roster() => [.. members.Enabled().Select(m => new MemberFacts(m.MemberId, m.Sector, m.Tags))];

    public DateTimeOffset RetainUntil(RuleDecision decision) => time.GetUtcNow().AddDays(decision.RetentionDays);

    /// <summary>Puts a held item in the approval queue, inside the transaction that stores it.</summary>
    public void Hold(SqliteConnection connection, SqliteTransaction transaction, long seq, string itemId, RuleDecision decision, string actor)
    {
        held.Insert(connection, transaction, seq, decision.Rule.Name, string.Join('\n', decision.Describe()));
        audit.Append(connection, transaction, new AuditRecord(actor, "item.hold", itemId, "held", $"rule {decision.Rule.Name}: waiting for the secretariat's approval"));
    }
}
