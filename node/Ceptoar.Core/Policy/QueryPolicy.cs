using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>What an answering node knows about one stored item when it decides whether a query may return it.</summary>
/// <param name="Kind">The item's kind (federation kinds such as receipts are never answered).</param>
/// <param name="Tlp">The item's label.</param>
/// <param name="Addressed">The nodes the item is addressed to (FederationRecipients.Of).</param>
/// <param name="HeldAsCiphertext">The answering node holds only a sealed copy it relays and cannot read.</param>
/// <param name="HeldForApproval">The secretariat keeps the item on this node: held for approval, or rejected.</param>
/// <param name="AnswererIsOrigin">The answering node is the item's origin.</param>
public sealed record QueryItemFacts(ItemKind Kind, Tlp Tlp, IReadOnlySet<string> Addressed, bool HeldAsCiphertext, bool HeldForApproval, bool AnswererIsOrigin);

/// <summary>
/// Whether a federated query may return an item to the asking node (docs/TLP.md §4). Pure.
/// CLEAR and GREEN belong to the community: every node may have them. AMBER, AMBER+STRICT and RED go only from their
/// origin to a node the item is addressed to, and only when that node asked directly: those labels travel in clear only
/// from the origin straight to a recipient, so an answer carried back through a hub never holds them in plaintext, and a
/// recipient never passes its copy on. Nothing the secretariat keeps on the node (held or rejected) is answered, and no
/// crime-damage report (docs/MODES.md §3).
/// </summary>
public static class QueryPolicy
{
    /// <summary>True when the answering node may put the item in its answer to the asker.</summary>
    public static bool MayAnswer(QueryItemFacts item, string asker, bool askerIsDirectPeer)
    {
        ArgumentNullException.ThrowIfNull(item);
        // A crime-damage report travels only sealed to its incident-handling recipients (docs/MODES.md §3): never in an answer.
        if (item.HeldAsCiphertext || item.HeldForApproval || !IsMemberKind(item.Kind) || item.Kind == ItemKind.CrimeDamage || string.IsNullOrEmpty(asker))
        {
            return false;
        }

        return item.Tlp switch
        {
            Tlp.Clear or Tlp.Green => true,
            Tlp.Amber or Tlp.AmberStrict or Tlp.Red => item.AnswererIsOrigin && askerIsDirectPeer && item.Addressed.Contains(asker),
            _ => false,
        };
    }

    /// <summary>The kinds members submit; receipts, drills, mode changes, releases and revocations are the federation's own traffic.</summary>
    public static bool IsMemberKind(ItemKind kind) => kind is > ItemKind.Unspecified and < ItemKind.Receipt;
}
