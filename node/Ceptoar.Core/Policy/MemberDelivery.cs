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
}

/// <summary>
/// The default (conservative) reading of TLP 2.0 for a node's own members (DESIGN.md §5). Pure: no I/O.
/// CLEAR/GREEN: the audience's reach at this node (whole federation or this node = all members; sectors = members of those
/// sectors; named members). AMBER: none by default (need-to-know is for handling rules to grant). AMBER+STRICT: never.
/// RED: only members named in the audience for this node.
/// </summary>
public static class TlpMemberPolicy
{
    public static MemberDelivery Decide(Item item, string localNodeId) => throw new NotImplementedException();
}
