namespace Ceptoar.Core.Policy.Rules;

/// <summary>
/// Which members of this node see an item: those inside the label's ceiling (what TLP and the audience allow here) AND
/// inside the rule's grant. Pure. Tags and cross-cutting grants (a sector inside named members, say) need the roster to
/// resolve, so the exact set is either <see cref="Compact"/> (when no roster is needed) or <see cref="Resolve"/>.
/// </summary>
public sealed record EffectiveDelivery(MemberDelivery Ceiling, MemberSelection Grant)
{
    public static readonly EffectiveDelivery None = new(MemberDelivery.None, MemberSelection.Nobody);

    /// <summary>Whether the member sees the item (the submitting member also always sees its own item, outside rules).</summary>
    public bool Admits(MemberFacts member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var inCeiling = Ceiling.AllMembers || Ceiling.Sectors.Contains(member.Sector) || Ceiling.Members.Contains(member.MemberId);
        return inCeiling && Grant.Admits(member);
    }

    /// <summary>Nobody, whatever the roster.</summary>
    public bool IsNone => Ceiling.IsNone || Grant.IsNone || Compact is { IsNone: true };

    /// <summary>The exact delivery when it can be written without the roster; null when tags or mixed grants need one.</summary>
    public MemberDelivery? Compact
    {
        get
        {
            if (Ceiling.IsNone || Grant.IsNone)
            {
                return MemberDelivery.None;
            }

            if (Grant.All)
            {
                return Ceiling;
            }

            if (Ceiling.AllMembers)
            {
                return Grant.Tags.Count == 0 ? Delivery(Grant.Sectors, Grant.Members) : null;
            }

            // Ceiling sectors against grant tags or names, and ceiling names against grant sectors or tags, need each
            // member's facts; sector against sector and name against name do not.
            var needsRoster = (Ceiling.Sectors.Count > 0 && (Grant.Tags.Count > 0 || Grant.Members.Count > 0))
                || (Ceiling.Members.Count > 0 && (Grant.Sectors.Count > 0 || Grant.Tags.Count > 0));
            return needsRoster ? null : Delivery(Grant.Sectors.Where(Ceiling.Sectors.Contains), Grant.Members.Where(Ceiling.Members.Contains));
        }
    }

    /// <summary>
    /// The exact delivery for this roster: <see cref="Compact"/> when there is one, otherwise the sectors both sides name
    /// plus, by id, every member of the roster that <see cref="Admits"/> and those sectors do not already cover.
    /// </summary>
    public MemberDelivery Resolve(IEnumerable<MemberFacts> roster)
    {
        ArgumentNullException.ThrowIfNull(roster);
        if (Compact is { } compact)
        {
            return compact;
        }

        var sectors = Grant.Sectors.Where(s => Ceiling.AllMembers || Ceiling.Sectors.Contains(s)).ToHashSet(StringComparer.Ordinal);
        var named = Grant.Members.Where(m => Ceiling.AllMembers || Ceiling.Members.Contains(m));
        var resolved = roster.Where(m => !sectors.Contains(m.Sector) && Admits(m)).Select(m => m.MemberId);
        return Delivery(Grant.Sectors.Where(sectors.Contains), named.Concat(resolved));
    }

    public override string ToString()
    {
        if (IsNone)
        {
            return "no member";
        }

        var limit = GrantWithinCeiling ? "" : $" (limited to {Describe(Ceiling)})";
        return Grant.All ? Describe(Ceiling) : Grant + limit;
    }

    /// <summary>Whether the grant is visibly inside the ceiling, so the ceiling narrows nothing.</summary>
    public bool GrantWithinCeiling => Ceiling.AllMembers
        || (!Grant.All && Grant.Tags.Count == 0 && Grant.Sectors.All(Ceiling.Sectors.Contains) && Grant.Members.All(Ceiling.Members.Contains));

    /// <summary>A MemberDelivery in words, e.g. "members of sector finance; members x-bank".</summary>
    public static string Describe(MemberDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return new MemberSelection(delivery.AllMembers, new(delivery.Sectors), [], new(delivery.Members)).ToString();
    }

    private static MemberDelivery Delivery(IEnumerable<string> sectors, IEnumerable<string> members)
    {
        var delivery = new MemberDelivery(false, [.. sectors.Distinct(StringComparer.Ordinal)], [.. members.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        return delivery.IsNone ? MemberDelivery.None : delivery;
    }
}
