using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>Which members of a node an item is delivered to; the submitting member always sees its own item.</summary>
/// <param name="AllMembers">Every member of the node.</param>
/// <param name="Sectors">Members whose sector is one of these.</param>
/// <param name="Members">These member ids, by name.</param>
public sealed record MemberDelivery(bool AllMembers, IReadOnlyList<string> Sectors, IReadOnlyList<string> Members)
{
    public static readonly MemberDelivery None = new(false, [], []);

    public bool IsNone => !AllMembers && Sectors.Count == 0 && Members.Count == 0;

    /// <summary>Whether the delivery reaches this member (of this sector).</summary>
    public bool Reaches(string memberId, string sector) => AllMembers || Members.Contains(memberId) || Sectors.Contains(sector);
}

/// <summary>
/// The default (conservative) reading of TLP 2.0 for a node's own members (docs/TLP.md §2). Pure: no I/O.
/// CLEAR/GREEN: the audience's reach at this node (whole federation or this node = all members; sectors = members of those
/// sectors; named members). AMBER: none by default (need-to-know is for handling rules to grant). AMBER+STRICT: never.
/// RED: only members named in the audience for this node.
/// </summary>
public static class TlpMemberPolicy
{
    public static MemberDelivery Decide(Item item, string localNodeId)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        var audience = item.Audience ?? new Audience();
        return item.Tlp switch
        {
            Tlp.Clear or Tlp.Green => Community(audience, localNodeId),
            Tlp.Red => Named(audience, localNodeId),
            // AMBER: need-to-know is for the node's handling rules to grant. AMBER+STRICT: never. Unset or unknown: fail closed.
            _ => MemberDelivery.None,
        };
    }

    /// <summary>
    /// The most members the label and audience allow at this node, whatever the rules: as <see cref="Decide"/>, except
    /// that AMBER reaches the members a handling rule grants need-to-know when the audience names this node or a sector.
    /// The handling rules clamp to it, and the origin judges a member's acknowledgement by it.
    /// </summary>
    public static MemberDelivery Ceiling(Tlp label, Audience audience, string localNodeId)
    {
        ArgumentNullException.ThrowIfNull(audience);
        switch (label)
        {
            case Tlp.Clear or Tlp.Green or Tlp.Red:
                return Decide(new Item { Tlp = label, Audience = audience }, localNodeId);
            case Tlp.Amber:
                // AMBER names nodes or sectors, never members: the recipient organisation's clients on need-to-know.
                if (audience.Nodes.Contains(localNodeId))
                {
                    return new MemberDelivery(true, [], []);
                }

                var sectors = audience.Sectors.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
                return sectors.Length == 0 ? MemberDelivery.None : new MemberDelivery(false, sectors, []);
            default:
                return MemberDelivery.None;
        }
    }

    private static MemberDelivery Community(Audience audience, string localNodeId)
    {
        var everyone = audience.WholeFederation
            || Audiences.NamesNoOne(audience)
            || audience.Nodes.Contains(localNodeId);
        if (everyone)
        {
            return new MemberDelivery(true, [], []);
        }

        var sectors = audience.Sectors.Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var delivery = new MemberDelivery(false, sectors, NamedHere(audience, localNodeId));
        return delivery.IsNone ? MemberDelivery.None : delivery;
    }

    private static MemberDelivery Named(Audience audience, string localNodeId)
    {
        var members = NamedHere(audience, localNodeId);
        return members.Length == 0 ? MemberDelivery.None : new MemberDelivery(false, [], members);
    }

    private static string[] NamedHere(Audience audience, string localNodeId) =>
        audience.Members
            .Where(m => m.Node == localNodeId && m.MemberId.Length > 0)
            .Select(m => m.MemberId)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
}
