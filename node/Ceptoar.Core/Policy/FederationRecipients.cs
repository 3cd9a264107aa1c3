using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>TLP rules between nodes (docs/TLP.md §2, §3). Pure.</summary>
public static class TlpTransport
{
    /// <summary>RED, AMBER+STRICT and AMBER travel in clear only from the origin straight to a recipient; anything else is sealed.</summary>
    public static bool MustSealBeyondDirectPeers(Tlp tlp) => tlp is not (Tlp.Clear or Tlp.Green);

    public static bool IsKnown(Tlp tlp) => tlp is Tlp.Clear or Tlp.Green or Tlp.Amber or Tlp.AmberStrict or Tlp.Red;

    /// <summary>The label as people write it ("AMBER+STRICT"); English in every language.</summary>
    public static string Name(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "CLEAR",
        Tlp.Green => "GREEN",
        Tlp.Amber => "AMBER",
        Tlp.AmberStrict => "AMBER+STRICT",
        Tlp.Red => "RED",
        _ => "UNSPECIFIED",
    };
}

/// <summary>Which nodes an item is addressed to. Pure.</summary>
public static class FederationRecipients
{
    /// <summary>
    /// The addressed nodes, never including the origin. Sealed items name them explicitly, whatever the label. In clear:
    /// the whole federation (or an empty audience, CLEAR/GREEN only) means every known node and this node; otherwise the
    /// named nodes, the nodes of named members (CLEAR, GREEN and RED: AMBER and AMBER+STRICT may not name members), and
    /// the known nodes serving a named sector (CLEAR, GREEN and AMBER: AMBER+STRICT and RED may not name sectors). A clear
    /// item with an unknown label is addressed to nobody.
    /// </summary>
    public static IReadOnlySet<string> Of(RoutingFacts item, FederationView view)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (item.SealedRecipients is { } sealedTo)
        {
            result.UnionWith(sealedTo);
        }
        else if (TlpTransport.IsKnown(item.Tlp))
        {
            var audience = item.Audience;
            var empty = Audiences.NamesNoOne(audience);
            if (!TlpTransport.MustSealBeyondDirectPeers(item.Tlp) && (audience.WholeFederation || empty))
            {
                // A node is part of the federation even when its own descriptor is missing from its view.
                result.UnionWith(view.Nodes.Keys);
                result.Add(view.LocalNodeId);
            }

            result.UnionWith(audience.Nodes);

            // Widening the reach of a label that may not name members or sectors would be the unsafe reading of a bad item.
            if (item.Tlp is not (Tlp.Amber or Tlp.AmberStrict))
            {
                result.UnionWith(audience.Members.Select(m => m.Node));
            }

            // Roles and sector ministries name nodes by what a federation root certified them as (docs/MODES.md §1).
            var roles = audience.Roles.Select(RoleNames.Parse).Where(r => r != NodeRole.Unspecified).ToHashSet();
            if (roles.Count > 0)
            {
                result.UnionWith(view.Nodes.Values.Where(n => roles.Contains(n.Role)).Select(n => n.NodeId));
            }

            var overseen = audience.SectorMinistries.Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
            if (overseen.Count > 0)
            {
                result.UnionWith(view.Nodes.Values.Where(n => n.Role == NodeRole.Ministry && n.Sectors.Any(overseen.Contains)).Select(n => n.NodeId));
            }

            var sectors = audience.Sectors.Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
            if (item.Tlp is not (Tlp.AmberStrict or Tlp.Red) && sectors.Count > 0)
            {
                // A sector's CEPTOARs, not its ministry: a ministry serves its sectors as their overseer, and is reached only when
                // named (sector_ministries, a node, or a copy the label and the reporter allow), so addressing an AMBER report to
                // one's sector never hands it to the regulator without the reporter's say (docs/MODES.md §1, §2).
                result.UnionWith(view.Nodes.Values.Where(n => n.Role != NodeRole.Ministry && n.Sectors.Any(sectors.Contains)).Select(n => n.NodeId));
            }
        }

        result.Remove(item.OriginNode);
        result.Remove("");
        return result;
    }
}
