using Ceptoar.Federation.V1;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Intake;

/// <summary>What an item withdraws, as its origin signed it: the marks to record, and the revocation itself where it was read here.</summary>
internal sealed record Withdrawing(IReadOnlyList<ItemWithdrawal> Marks, Item? Revocation);

/// <summary>
/// Withdraw and correct at every node (docs/LIFECYCLE.md §1): a revocation leaves a tombstone of the item it names, a
/// correction marks the items it supersedes, in the unit of work that stores them, whichever arrives first. Only the
/// origin may withdraw its own items: one naming a stored item of another origin is refused; one naming an item not here
/// yet is recorded for that origin only, so it never hides another node's item.
/// </summary>
internal sealed class ItemLifecycle(WithdrawalStore store, NotificationPlanner notices, NotifyPlanStore notifyPlans, ContactBook contacts, TimeProvider time)
{
    /// <summary>What a verified item read in clear withdraws; null for an item that withdraws nothing.</summary>
    public Withdrawing? Of(Item item)
    {
        var now = time.GetUtcNow();
        if (item.Kind == ItemKind.Revocation && item.Revocation is { } revocation)
        {
            return new([new ItemWithdrawal(revocation.ItemId, item.OriginNode, ItemWithdrawal.Revoked, item.Id, revocation.Reason, now)], item);
        }

        return FederationKinds.IsMemberContent(item.Kind) && item.References is { Supersedes.Count: > 0 } references
            ? new([.. references.Supersedes.Select(id => new ItemWithdrawal(id, item.OriginNode, ItemWithdrawal.Superseded, item.Id, "", now))], null)
            : null;
    }

    /// <summary>What a sealed item a hub only relays withdraws: the id its header names, and no reason (the hub cannot read it).</summary>
    public Withdrawing? Of(RoutingHeader header) => header.Revokes.Length == 0 ? null
        : new([new ItemWithdrawal(header.Revokes, header.OriginNode, ItemWithdrawal.Revoked, header.ItemId, "", time.GetUtcNow())], null);

    /// <summary>Why the withdrawal is refused here (it names a stored item of another origin), or null.</summary>
    public string? Refusal(UnitOfWork work, Withdrawing withdrawing)
    {
        foreach (var mark in withdrawing.Marks)
        {
            if (store.StoredOrigin(work, mark.ItemId) is { } origin && origin != mark.OriginNode)
            {
                return $"{mark.OriginNode} may not withdraw item {mark.ItemId}: its origin is {origin}, and only the origin may revoke or correct an item";
            }
        }

        return null;
    }

    /// <summary>
    /// Records the marks, and for a revocation read here shows it to exactly the members who saw the original and plans
    /// telling the contacts who were told of it (within its label: the revocation carries the original's).
    /// </summary>
    public void Apply(UnitOfWork work, Withdrawing withdrawing, long seq)
    {
        foreach (var mark in withdrawing.Marks)
        {
            store.Record(work, mark);
        }

        if (withdrawing.Revocation is { } revocation && store.ShowLikeOriginal(work, seq, revocation.Revocation.ItemId, revocation.OriginNode) is { } reach
            && contacts.Current.Count > 0)
        {
            notifyPlans.Insert(work, notices.Plans(revocation, reach.Delivery, reach.Submitter, staff: reach.Clear));
        }
    }
}
