using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>An item as its origin holds it when a receipt names it.</summary>
/// <param name="Facts">The routing facts of the stored item: origin, label, audience.</param>
/// <param name="Withheld">The item never left this node: the secretariat holds it for approval or rejected it.</param>
public sealed record ReceiptSubject(RoutingFacts Facts, bool Withheld);

/// <summary>
/// Whether the origin records a signed receipt for one of its items (docs/PROTOCOL.md §7, docs/TLP.md §4). Pure. The signer speaks only
/// for itself (the receipt's recipient_node is its signer). Rules, each item of a receipt judged on its own:
/// <list type="bullet">
/// <item>the item is stored here, this node originated it, and it left this node (neither held nor rejected here);
/// otherwise nobody can have it, and the answer is the same for all three;</item>
/// <item>DELIVERED and ACKNOWLEDGED come only from a node the item is addressed to
/// (<see cref="FederationRecipients.Of"/>); REJECTED also from a hub, since hubs relay and a refusal on the way is the
/// origin's to know;</item>
/// <item>ACKNOWLEDGED names who read it: "admin" or "staff:&lt;name&gt;" (the recipient organisation, which every label
/// addressed to it reaches); "member", a member the signer does not name (it shares counts only), accepted when the label
/// reaches some member at the signer; or "member:&lt;id&gt;", a member the label lets see the item at the signer (the TLP table of members of a
/// receiving node): CLEAR and GREEN the members the audience reaches there (all of them; those of a named sector, which
/// only the signer can vouch for; or the members named for the signer); AMBER members on need-to-know when the
/// audience names the signer or a sector (the signer's rules pick them); AMBER+STRICT no member; RED only a member the
/// audience names for the signer;</item>
/// <item>any other receipt kind is refused.</item>
/// </list>
/// </summary>
public static class ReceiptPolicy
{
    /// <summary>acknowledged_by for a person of the recipient organisation (its secretariat staff).</summary>
    public const string ByAdmin = "admin";

    /// <summary>acknowledged_by for a member company of the recipient node: "member:&lt;member id&gt;".</summary>
    public const string ByMemberPrefix = "member:";

    /// <summary>acknowledged_by for a member the recipient node does not name (Receipts:ShareMemberIdentity = count).</summary>
    public const string ByUnnamedMember = "member";

    /// <summary>acknowledged_by for a named person of the recipient organisation: "staff:&lt;name&gt;".</summary>
    public const string ByStaffPrefix = "staff:";

    private const int MaxEchoedChars = 80;

    /// <summary>Whether acknowledged_by is a member company's person, named or not; otherwise it is the recipient organisation's staff.</summary>
    public static bool IsMemberAcknowledger(string acknowledgedBy) =>
        acknowledgedBy == ByUnnamedMember || acknowledgedBy.StartsWith(ByMemberPrefix, StringComparison.Ordinal);

    /// <summary>Null when the origin records the receipt for this item; otherwise why not, for the signer's operator.</summary>
    /// <param name="itemId">The item the receipt names.</param>
    /// <param name="item">The stored item with that id; null when this node holds none.</param>
    /// <param name="view">This node (the origin) and the nodes it knows.</param>
    /// <param name="signer">The node that signed the receipt.</param>
    /// <param name="kind">The receipt's kind.</param>
    /// <param name="acknowledgedBy">The receipt's acknowledged_by (read for ACKNOWLEDGED only).</param>
    public static string? Refusal(string itemId, ReceiptSubject? item, FederationView view, string signer, ReceiptKind kind, string acknowledgedBy)
    {
        ArgumentNullException.ThrowIfNull(view);
        var local = view.LocalNodeId;
        if (item is null || item.Facts.OriginNode != local || item.Withheld)
        {
            return $"{local} sent no item {Echo(itemId)}: a receipt is recorded only by the item's origin, for an item it sent";
        }

        var facts = item.Facts;
        var label = TlpTransport.Name(facts.Tlp);
        var addressed = FederationRecipients.Of(facts, view).Contains(signer);
        var relayingHub = kind == ReceiptKind.Rejected && view.Nodes.TryGetValue(signer, out var node) && node.IsHub;
        if (!addressed && !relayingHub)
        {
            return $"TLP:{label} item {itemId} is not addressed to {Echo(signer)}: {local} records receipts for it only from its recipients";
        }

        return kind switch
        {
            ReceiptKind.Delivered or ReceiptKind.Rejected => null,
            ReceiptKind.Acknowledged => AcknowledgerRefusal(itemId, facts, signer, acknowledgedBy),
            _ => $"receipt kind {(int)kind} is not one of DELIVERED, ACKNOWLEDGED or REJECTED: the signer's software must set it",
        };
    }

    /// <summary>The member id in "member:&lt;id&gt;", or null when acknowledged_by names no member.</summary>
    public static string? MemberOf(string acknowledgedBy)
    {
        ArgumentNullException.ThrowIfNull(acknowledgedBy);
        return acknowledgedBy.StartsWith(ByMemberPrefix, StringComparison.Ordinal) && Identifiers.IsValidMemberId(acknowledgedBy[ByMemberPrefix.Length..])
            ? acknowledgedBy[ByMemberPrefix.Length..]
            : null;
    }

    /// <summary>The name in "staff:&lt;name&gt;", or null when acknowledged_by names no staff person.</summary>
    public static string? StaffOf(string acknowledgedBy)
    {
        ArgumentNullException.ThrowIfNull(acknowledgedBy);
        return acknowledgedBy.StartsWith(ByStaffPrefix, StringComparison.Ordinal) && StaffNames.IsValid(acknowledgedBy[ByStaffPrefix.Length..])
            ? acknowledgedBy[ByStaffPrefix.Length..]
            : null;
    }

    private static string? AcknowledgerRefusal(string itemId, RoutingFacts facts, string signer, string acknowledgedBy)
    {
        // The recipient organisation is reached by every label addressed to it (TLP.md §2), AMBER+STRICT included.
        if (acknowledgedBy == ByAdmin || StaffOf(acknowledgedBy) is not null)
        {
            return null;
        }

        // A sealed copy carries no audience: who may read it there cannot be judged, so no member is taken on trust.
        var reach = facts.IsSealed ? MemberDelivery.None : TlpMemberPolicy.Ceiling(facts.Tlp, facts.Audience, signer);
        if (acknowledgedBy == ByUnnamedMember)
        {
            // The signer keeps who it was to itself; the origin can still tell that the label reaches some member there.
            return reach.AllMembers || reach.Sectors.Count > 0 || reach.Members.Count > 0
                ? null
                : $"TLP:{TlpTransport.Name(facts.Tlp)} item {itemId} reaches no member of {signer}: no member there may have acknowledged it ({ByUnnamedMember})";
        }

        if (MemberOf(acknowledgedBy) is not { } member)
        {
            return $"the acknowledgement of item {itemId} is by {Echo(acknowledgedBy)}, which names nobody: acknowledged_by is \"{ByMemberPrefix}<member id>\", \"{ByUnnamedMember}\", \"{ByStaffPrefix}<name>\" or \"{ByAdmin}\"";
        }

        // The origin knows no member's sector: when the audience reaches the signer by sector, the signer vouches.
        if (reach.AllMembers || reach.Sectors.Count > 0 || reach.Members.Contains(member, StringComparer.Ordinal))
        {
            return null;
        }

        return facts.Tlp switch
        {
            Tlp.AmberStrict => $"TLP:AMBER+STRICT item {itemId} is for the recipient organisation only: no member of {signer} may have acknowledged it ({acknowledgedBy})",
            Tlp.Red => $"TLP:RED item {itemId} does not name member {member} of {signer} in its audience: only members it names may have acknowledged it",
            _ => $"TLP:{TlpTransport.Name(facts.Tlp)} item {itemId} does not reach member {member} of {signer}: its audience does not extend to that member",
        };
    }

    private static string Echo(string value) => value.Length <= MaxEchoedChars ? $"'{value}'" : $"'{value[..MaxEchoedChars]}…'";
}
