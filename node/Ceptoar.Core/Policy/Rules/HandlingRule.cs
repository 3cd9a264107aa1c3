using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy.Rules;

/// <summary>How an item reached the node: submitted by one of its members, or received from a peer node.</summary>
public enum RuleDirection
{
    Submitted = 1,
    Received = 2,
}

/// <summary>Whether the reporting member is named in what the node forwards or shows.</summary>
public enum AttributionAction
{
    Keep = 1,
    Strip = 2,
}

/// <summary>
/// When a rule applies. Every condition is optional (null = any item); a condition holds when the item has one of the
/// listed values (an empty set never holds); a rule matches when all its conditions hold.
/// </summary>
public sealed record RuleConditions
{
    public static readonly RuleConditions Any = new();

    /// <summary>Submitted by a member of this node, or received from a peer.</summary>
    public ValueSet<RuleDirection>? Directions { get; init; }

    public ValueSet<ItemKind>? Kinds { get; init; }

    /// <summary>The item's own TLP label (before any rule raises it).</summary>
    public ValueSet<Tlp>? Labels { get; init; }

    /// <summary>
    /// The sector the item comes from: the submitting member's sector (submitted), or a sector the origin node serves
    /// (received; from its verified descriptor, as the caller supplies it in <see cref="RuleSubject.OriginSectors"/>).
    /// </summary>
    public ValueSet<string>? Sectors { get; init; }

    /// <summary>Threat type codes ("attack.intrusion") or whole families ("attack.*").</summary>
    public ValueSet<string>? ThreatTypes { get; init; }

    public bool? Exercise { get; init; }

    /// <summary>The item's origin node.</summary>
    public ValueSet<string>? Origins { get; init; }

    /// <summary>The peer a received item arrived from (never holds for a submitted item).</summary>
    public ValueSet<string>? FromPeers { get; init; }

    /// <summary>The submitting member's id (never holds for a received item).</summary>
    public ValueSet<string>? Members { get; init; }

    /// <summary>The submitting member carries one of these tags (never holds for a received item).</summary>
    public ValueSet<string>? MemberTags { get; init; }

    /// <summary>The federation's mode as it holds at this node (docs/MODES.md §4): normal or large-scale.</summary>
    public ValueSet<FederationMode>? Modes { get; init; }

    /// <summary>The reporter flagged the item as suspected terrorism (Item.suspected_terrorism), or not.</summary>
    public bool? Terror { get; init; }

    /// <summary>No condition at all: the rule matches every item, and no rule after it can fire.</summary>
    public bool IsCatchAll =>
        Directions is null && Kinds is null && Labels is null && Sectors is null && ThreatTypes is null && Exercise is null
        && Origins is null && FromPeers is null && Members is null && MemberTags is null && Modes is null && Terror is null;
}

/// <summary>
/// What a rule asks for. Every action is optional (null = as the built-in default: the conservative reading of TLP). The
/// evaluator clamps every wish against the label: actions may narrow and tighten, never widen or loosen.
/// </summary>
public sealed record RuleActions
{
    public static readonly RuleActions None = new();

    /// <summary>Which of this node's members see the item (within what the label and audience allow here).</summary>
    public MemberSelection? Deliver { get; init; }

    /// <summary>Which peers this node may send the item to (within what routing allows).</summary>
    public ForwardRestriction? Forward { get; init; }

    public AttributionAction? Attribution { get; init; }

    /// <summary>True: remove the names of affected parties. False cannot undo the origin's request to obfuscate.</summary>
    public bool? Obfuscate { get; init; }

    /// <summary>Hold for secretariat approval: nothing leaves the node, nor reaches other members, until approved.</summary>
    public bool? Hold { get; init; }

    /// <summary>Raise the label to at least this; a label is never lowered.</summary>
    public Tlp? RaiseLabel { get; init; }

    /// <summary>How long the node keeps the item, in days.</summary>
    public int? RetentionDays { get; init; }

    /// <summary>
    /// Recipients added to an item a member submits here, before this node signs it, as far as the label and the member's
    /// consent allow (docs/MODES.md §2): the written targets, "nisc", "sector-ministry", "role:ROLE", "node:ID" (<see cref="CopyTargets"/>).
    /// </summary>
    public ValueSet<string>? Copy { get; init; }

    public bool IsEmpty =>
        Deliver is null && Forward is null && Attribution is null && Obfuscate is null && Hold is null && RaiseLabel is null && RetentionDays is null
        && Copy is null;
}

/// <summary>One handling rule: a unique name, a description for people, when it applies and what it does.</summary>
public sealed record HandlingRule(string Name, string Description, RuleConditions When, RuleActions Then);

/// <summary>The facts about a member that rules look at: its id, sector and free tags (e.g. "region:kanto").</summary>
public sealed record MemberFacts(string MemberId, string Sector, IReadOnlyList<string> Tags);

/// <summary>
/// A set of a node's members: everyone, or the union of members of these sectors, members carrying one of these tags,
/// and these members by id.
/// </summary>
public sealed record MemberSelection(bool All, ValueSet<string> Sectors, ValueSet<string> Tags, ValueSet<string> Members)
{
    public static readonly MemberSelection Everyone = new(true, [], [], []);

    public static readonly MemberSelection Nobody = new(false, [], [], []);

    public bool IsNone => !All && Sectors.Count == 0 && Tags.Count == 0 && Members.Count == 0;

    public static MemberSelection Of(IEnumerable<string>? sectors = null, IEnumerable<string>? tags = null, IEnumerable<string>? members = null) =>
        new(false, new(sectors ?? []), new(tags ?? []), new(members ?? []));

    public bool Admits(MemberFacts member) =>
        All || Sectors.Contains(member.Sector) || Tags.Overlaps(member.Tags) || Members.Contains(member.MemberId);

    public override string ToString()
    {
        if (All)
        {
            return "all members";
        }

        var parts = new List<string>();
        if (Sectors.Count > 0)
        {
            parts.Add($"members of sector {string.Join(", ", Sectors)}");
        }

        if (Tags.Count > 0)
        {
            parts.Add($"members tagged {string.Join(", ", Tags)}");
        }

        if (Members.Count > 0)
        {
            parts.Add($"members {string.Join(", ", Members)}");
        }

        return parts.Count == 0 ? "no member" : string.Join("; ", parts);
    }
}

/// <summary>How far this node may send an item: as routing allows, only to these peers, or to no peer.</summary>
public enum ForwardScope
{
    AsRouted = 0,
    OnlyPeers = 1,
    None = 2,
}

/// <summary>A narrowing of this node's forwarding plan; it can only remove sends, never add one.</summary>
public sealed record ForwardRestriction(ForwardScope Scope, ValueSet<string> Peers)
{
    public static readonly ForwardRestriction AsRouted = new(ForwardScope.AsRouted, []);

    public static readonly ForwardRestriction Nothing = new(ForwardScope.None, []);

    public static ForwardRestriction OnlyTo(params IEnumerable<string> peers) => new(ForwardScope.OnlyPeers, new(peers));

    /// <summary>Whether this node may send to the peer, when routing sends there at all.</summary>
    public bool Allows(string peer) => Scope switch
    {
        ForwardScope.AsRouted => true,
        ForwardScope.OnlyPeers => Peers.Contains(peer),
        _ => false,
    };

    /// <summary>The plan without the sends this restriction forbids; what is sealed is sealed only to who is still sent to.</summary>
    public ForwardPlan Apply(ForwardPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (Scope == ForwardScope.AsRouted)
        {
            return plan;
        }

        var forwards = plan.Forwards.Where(f => Allows(f.Peer)).ToList();
        if (forwards.Count == 0)
        {
            return ForwardPlan.Nothing;
        }

        var stillSent = forwards.Where(f => f.Transport == Transport.Sealed).SelectMany(f => f.Recipients).ToHashSet(StringComparer.Ordinal);
        return new ForwardPlan(forwards, [.. plan.SealTo.Where(stillSent.Contains)]);
    }

    public override string ToString() => Scope switch
    {
        ForwardScope.AsRouted => "as routing allows",
        ForwardScope.OnlyPeers when Peers.Count > 0 => $"only to peers {string.Join(", ", Peers)} (where routing sends it)",
        _ => "to no peer",
    };
}
