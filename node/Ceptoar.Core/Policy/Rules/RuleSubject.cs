using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// What a rule set is evaluated for: an item, how it reached this node, and who sent it. For a sealed item this node
/// cannot open, build the Item from the routing header (id, origin, label, expiry): its kind is then unspecified and it
/// has no threat type, so only direction, label, origin and from conditions can match it.
/// </summary>
public sealed class RuleSubject
{
    private RuleSubject(RuleDirection direction, Item item, string localNodeId, MemberFacts? member, string? fromPeer, IReadOnlyList<string> originSectors)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentException.ThrowIfNullOrEmpty(localNodeId);
        Direction = direction;
        Item = item;
        LocalNodeId = localNodeId;
        Member = member;
        FromPeer = fromPeer;
        OriginSectors = originSectors;
    }

    public RuleDirection Direction { get; }

    public Item Item { get; }

    /// <summary>This node: members are delivered to here, and the audience is read for here.</summary>
    public string LocalNodeId { get; }

    /// <summary>The submitting member (submitted items only).</summary>
    public MemberFacts? Member { get; }

    /// <summary>The peer the item arrived from, as authenticated by mutual TLS (received items only).</summary>
    public string? FromPeer { get; }

    /// <summary>The sectors the origin node serves, from its verified descriptor (received items; empty when unknown).</summary>
    public IReadOnlyList<string> OriginSectors { get; }

    /// <summary>The federation's mode as this node holds it (docs/MODES.md §4); normal unless the caller says otherwise.</summary>
    public ModeState Mode { get; private init; } = ModeState.Normal;

    /// <summary>This node's certified role: where large-scale mode holds (<see cref="ModeState.HoldsFor"/>), and who may deliver a crime-damage report.</summary>
    public NodeRole LocalRole { get; private init; } = NodeRole.Unspecified;

    /// <summary>The sectors this node serves (for <see cref="ModeState.HoldsFor"/>).</summary>
    public IReadOnlyList<string> LocalSectors { get; private init; } = [];

    /// <summary>The draft said accept_copies: the member consents to the node's standing copies of an AMBER report (docs/MODES.md §2).</summary>
    public bool AcceptCopies { get; private init; }

    /// <summary>Whether large-scale mode holds at this node, for the <c>mode=</c> condition.</summary>
    public bool LargeScale => Mode.HoldsFor(LocalRole, LocalSectors);

    /// <summary>The sectors the <c>sector=</c> condition looks at: the member's for a submitted item, the origin node's for a received one.</summary>
    public IReadOnlyList<string> ItemSectors => Member is { } member ? [member.Sector] : OriginSectors;

    /// <summary>
    /// The same subject at a node of this role and these sectors, in this mode (docs/MODES.md §4), with the draft's consent
    /// to standing copies (docs/MODES.md §2).
    /// </summary>
    public RuleSubject At(NodeRole localRole, IReadOnlyList<string> localSectors, ModeState mode, bool acceptCopies = false)
    {
        ArgumentNullException.ThrowIfNull(localSectors);
        ArgumentNullException.ThrowIfNull(mode);
        return new RuleSubject(Direction, Item, LocalNodeId, Member, FromPeer, OriginSectors)
        {
            LocalRole = localRole,
            LocalSectors = localSectors,
            Mode = mode,
            AcceptCopies = acceptCopies,
        };
    }

    /// <summary>An item (or draft) a member of this node submits; this node is its origin.</summary>
    public static RuleSubject Submitted(Item item, string localNodeId, MemberFacts member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new RuleSubject(RuleDirection.Submitted, item, localNodeId, member, null, []);
    }

    /// <summary>An item received from a peer.</summary>
    /// <param name="originSectors">The sectors of the origin node as this node knows them (see <see cref="FederationNode.Sectors"/>).</param>
    public static RuleSubject Received(Item item, string localNodeId, string fromPeer, IReadOnlyList<string>? originSectors = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromPeer);
        return new RuleSubject(RuleDirection.Received, item, localNodeId, null, fromPeer, originSectors ?? []);
    }
}
