using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Rules;

/// <summary>
/// Where the node's handling rules meet its items: evaluates the active rules (pure code) for an item submitted here or
/// received from a peer, and turns the decision into what is stored (member delivery, retention, the hold).
/// </summary>
internal sealed class RuleApplication(NodeOptions node, MemberStore members, TimeProvider time, HeldStore held, AuditLog audit, ActiveRules rules, NodeDirectory directory, CurrentMode mode)
{
    private readonly NodeRole _role = RoleNames.Parse(node.Role);

    /// <param name="acceptCopies">The draft's accept_copies: the member consents to standing copies of an AMBER report (docs/MODES.md §2).</param>
    public RuleDecision ForSubmission(Item item, MemberFacts submitter, bool acceptCopies = false) =>
        RuleEvaluator.Evaluate(rules.Current, Submitted(item, submitter, acceptCopies));

    /// <summary>
    /// A revocation made here: it carries the original's audience as signed (its standing copies included), so only the
    /// built-in defaults apply; no rule of the day may add copies, hold it or narrow where it goes (docs/LIFECYCLE.md §1).
    /// </summary>
    public RuleDecision ForRevocation(Item item, MemberFacts submitter) =>
        RuleEvaluator.Evaluate(RuleSet.Default, Submitted(item, submitter));

    public RuleDecision ForReceived(Item item, string fromPeer) =>
        RuleEvaluator.Evaluate(rules.Current, Received(item, fromPeer, directory.Find(item.OriginNode)?.Descriptor.Sectors));

    /// <summary>An item submitted here as the rules see it now: with this node's role, sectors and current mode (mode=).</summary>
    public RuleSubject Submitted(Item item, MemberFacts submitter, bool acceptCopies = false) =>
        RuleSubject.Submitted(item, node.Id, submitter).At(_role, node.Sectors, mode.State, acceptCopies);

    /// <summary>An item received from a peer as the rules see it now.</summary>
    public RuleSubject Received(Item item, string fromPeer, IReadOnlyList<string>? originSectors) =>
        RuleSubject.Received(item, node.Id, fromPeer, originSectors).At(_role, node.Sectors, mode.State);

    /// <summary>The members who see it now (nobody but the submitter while held); the roster is built only if the decision needs it (tags).</summary>
    public MemberDelivery Delivery(RuleDecision decision, Lazy<IReadOnlyList<MemberFacts>> roster) =>
        decision.DeliveryBeforeApproval.Compact ?? decision.DeliveryBeforeApproval.Resolve(roster.Value);

    /// <summary>The enabled members as committed, from the member cache: no database read per item or batch.</summary>
    public IReadOnlyList<MemberFacts> Roster() => [.. members.Enabled().Select(m => new MemberFacts(m.MemberId, m.Sector, m.Tags))];

    public DateTimeOffset RetainUntil(RuleDecision decision) => time.GetUtcNow().AddDays(decision.RetentionDays);

    /// <summary>Puts a held item in the approval queue, inside the transaction that stores it.</summary>
    public void Hold(UnitOfWork work, long seq, string itemId, RuleDecision decision, string actor)
    {
        held.Insert(work, seq, decision.Rule.Name, string.Join('\n', decision.Describe()));
        audit.Append(work, new AuditRecord(actor, "item.hold", itemId, "held", $"rule {decision.Rule.Name}: waiting for the secretariat's approval"));
    }
}
