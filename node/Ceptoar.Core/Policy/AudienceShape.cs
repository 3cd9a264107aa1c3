using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>What an audience names, read the same way by routing, member delivery and the rules. Pure.</summary>
public static class AudienceShape
{
    /// <summary>
    /// True when the audience names no one in particular (no nodes, sectors, members, roles or sector ministries): for
    /// CLEAR and GREEN that means the whole federation (item.proto). Roles and sector ministries name nodes
    /// (docs/MODES.md §1), so an audience naming only them is addressed to those nodes, not to everyone.
    /// </summary>
    public static bool NamesNobody(Audience audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        return audience.Nodes.Count == 0 && audience.Sectors.Count == 0 && audience.Members.Count == 0
            && audience.Roles.Count == 0 && audience.SectorMinistries.Count == 0;
    }
}
