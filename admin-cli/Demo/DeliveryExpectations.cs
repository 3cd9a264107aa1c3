using Ceptoar.AdminCli.Input;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>How a node holds an item: not at all, only as sealed ciphertext it cannot open, or readable.</summary>
internal enum CopyKind
{
    None,
    Sealed,
    Plaintext,
}

/// <summary>Where one item should be at one node under TLP 2.0 and the default handling rules, and why, in a sentence.</summary>
/// <param name="IsRecipient">Addressed by the item's audience: the origin expects a receipt from it.</param>
/// <param name="Members">The members whose feeds should list it.</param>
internal sealed record NodeExpectation(string NodeId, CopyKind Copy, bool IsRecipient, IReadOnlyList<string> Members, string Why);

/// <summary>
/// What the federation should do with each demo item, worked out with the same pure policy code the nodes use
/// (recipients, forwarding through hubs, member delivery), so the demo can show, and check, where each item went. Pure.
/// </summary>
internal static class DeliveryExpectations
{
    public static IReadOnlyList<NodeExpectation> For(SubmittedReport item, IReadOnlyList<DemoNode> nodes, IReadOnlyList<DemoMember> members)
    {
        var origin = nodes.First(n => n.Id == item.OriginNode);
        var view = new FederationView(
            origin.Id,
            nodes.Select(n => new FederationNode(n.Id, n.Role, n.Sectors, [.. DemoTopology.PeersOf(n, nodes).Select(p => p.Id)])),
            DemoTopology.PeersOf(origin, nodes).Select(p => p.Id));
        var facts = new RoutingFacts(item.ItemId, origin.Id, item.Tlp, DateTimeOffset.MaxValue, item.Audience, null);
        var recipients = FederationRecipients.Of(facts, view);
        var relays = ForwardingPolicy.Decide(facts, view, [], null, DateTimeOffset.UnixEpoch).Forwards
            .Where(f => f.Transport == Transport.Sealed && !recipients.Contains(f.Peer))
            .ToDictionary(f => f.Peer, f => f.Recipients, StringComparer.Ordinal);
        var asItem = new Item { Id = item.ItemId, OriginNode = origin.Id, Tlp = item.Tlp, Audience = item.Audience };

        var result = new List<NodeExpectation>();
        foreach (var node in nodes)
        {
            var here = members.Where(m => m.NodeId == node.Id).ToList();
            if (node.Id == origin.Id)
            {
                var others = here.Where(m => m.MemberId != item.SubmittedBy).ToList();
                var delivered = Delivered(asItem, node.Id, others);
                result.Add(new NodeExpectation(
                    node.Id,
                    CopyKind.Plaintext,
                    IsRecipient: false,
                    [item.SubmittedBy, .. delivered],
                    $"origin: {item.SubmittedBy} submitted it here" + MemberClause(item.Tlp, others, delivered, "other members")));
            }
            else if (recipients.Contains(node.Id))
            {
                var delivered = Delivered(asItem, node.Id, here);
                result.Add(new NodeExpectation(
                    node.Id,
                    CopyKind.Plaintext,
                    IsRecipient: true,
                    delivered,
                    $"{Label(item)}: addressed to {node.Id}" + MemberClause(item.Tlp, here, delivered, "members")));
            }
            else if (relays.TryGetValue(node.Id, out var relayedFor))
            {
                result.Add(new NodeExpectation(
                    node.Id,
                    CopyKind.Sealed,
                    IsRecipient: false,
                    [],
                    $"hub: relays it sealed to {string.Join(", ", relayedFor)}; it cannot read it"));
            }
            else
            {
                result.Add(new NodeExpectation(node.Id, CopyKind.None, IsRecipient: false, [], $"{Label(item)}: not addressed to {node.Id}"));
            }
        }

        return result;
    }

    /// <summary>"TLP:AMBER to sector electricity".</summary>
    public static string Label(SubmittedReport item) => $"{Vocabulary.TlpLabel(item.Tlp)} {AudienceText(item.Audience)}";

    public static string AudienceText(Audience audience)
    {
        if (audience.WholeFederation || (audience.Nodes.Count == 0 && audience.Sectors.Count == 0 && audience.Members.Count == 0))
        {
            return "to the whole federation";
        }

        var parts = new List<string>();
        if (audience.Nodes.Count > 0)
        {
            parts.Add((audience.Nodes.Count == 1 ? "node " : "nodes ") + string.Join(", ", audience.Nodes));
        }

        if (audience.Sectors.Count > 0)
        {
            parts.Add((audience.Sectors.Count == 1 ? "sector " : "sectors ") + string.Join(", ", audience.Sectors));
        }

        if (audience.Members.Count > 0)
        {
            parts.Add((audience.Members.Count == 1 ? "member " : "members ") + string.Join(", ", audience.Members.Select(m => $"{m.MemberId}@{m.Node}")));
        }

        return "to " + string.Join(" and ", parts);
    }

    private static List<string> Delivered(Item item, string nodeId, IReadOnlyList<DemoMember> candidates)
    {
        var decision = TlpMemberPolicy.Decide(item, nodeId);
        return [.. candidates
            .Where(m => decision.AllMembers || decision.Sectors.Contains(m.Sector) || decision.Members.Contains(m.MemberId))
            .Select(m => m.MemberId)];
    }

    private static string MemberClause(Tlp tlp, IReadOnlyList<DemoMember> candidates, IReadOnlyList<string> delivered, string who)
    {
        if (tlp == Tlp.AmberStrict)
        {
            return $"; AMBER+STRICT is never delivered to {who}";
        }

        if (candidates.Count == 0)
        {
            return string.Empty;
        }

        if (tlp == Tlp.Amber)
        {
            return $"; {who}: only by a need-to-know handling rule (none by default)";
        }

        if (delivered.Count == candidates.Count)
        {
            return $"; all its {who} get it";
        }

        return delivered.Count == 0
            ? $"; not to its {who}: the audience does not reach them"
            : $"; of its {who} only {string.Join(", ", delivered)}, whom the audience reaches";
    }
}
