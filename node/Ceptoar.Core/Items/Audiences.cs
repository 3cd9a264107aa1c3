using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>Facts about an audience that every reader of it must agree on (docs/TLP.md §1, docs/MODES.md §1). Pure.</summary>
public static class Audiences
{
    /// <summary>
    /// True when the audience names no one: no node, sector, member, role or sector ministry. For CLEAR and GREEN that
    /// means the whole federation; an audience naming only roles or sector ministries names those nodes, never everyone.
    /// </summary>
    public static bool NamesNoOne(Audience audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        return audience.Nodes.Count == 0 && audience.Sectors.Count == 0 && audience.Members.Count == 0
            && audience.Roles.Count == 0 && audience.SectorMinistries.Count == 0;
    }
}
