using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Policy;

/// <summary>TLP rules between nodes (DESIGN.md §5). Pure.</summary>
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
    /// The addressed nodes, never including the origin. Sealed items name them explicitly. In clear: the whole federation
    /// (or an empty audience, CLEAR/GREEN only) means every known node; otherwise the named nodes, the nodes of named
    /// members, and the known nodes serving a named sector.
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
            var empty = audience.Nodes.Count == 0 && audience.Sectors.Count == 0 && audience.Members.Count == 0;
            if (!TlpTransport.MustSealBeyondDirectPeers(item.Tlp) && (audience.WholeFederation || empty))
            {
                result.UnionWith(view.Nodes.Keys);
            }

            result.UnionWith(audience.Nodes);
            result.UnionWith(audience.Members.Select(m => m.Node));
            if (item.Tlp != Tlp.AmberStrict && item.Tlp != Tlp.Red && audience.Sectors.Count > 0)
            {
                result.UnionWith(view.Nodes.Values.Where(n => n.Sectors.Any(audience.Sectors.Contains)).Select(n => n.NodeId));
            }
        }

        result.Remove(item.OriginNode);
        result.Remove("");
        return result;
    }
}
