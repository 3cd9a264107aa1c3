using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
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
/// <param name="IsRelay">A hub, not a recipient, that the origin hands it to for passing on: the origin shows it as relayed.</param>
internal sealed record NodeExpectation(string NodeId, CopyKind Copy, bool IsRecipient, IReadOnlyList<string> Members, string Why, bool IsRelay = false);

/// <summary>
/// What the federation should do with each demo item, worked out with the same pure policy code the nodes use
/// (recipients, forwarding through hubs, member delivery), so the demo can show, and check, where each item went. Pure.
/// </summary>
internal static class DeliveryExpectations
{
    public static IReadOnlyList<NodeExpectation> For(SubmittedReport item, IReadOnlyList<DemoNode> nodes, IReadOnlyList<DemoMember> members)
    {
        var origin = nodes.First(n => n.Id == item.OriginNode);
        var originPeers = DemoTopology.PeersOf(origin, nodes).Select(p => p.Id).ToList();
        var view = new FederationView(
            origin.Id,
            nodes.Select(n => new FederationNode(n.Id, n.Role, n.Sectors, [.. DemoTopology.PeersOf(n, nodes).Select(p => p.Id)])),
            originPeers);
        var facts = new RoutingFacts(item.ItemId, origin.Id, item.Tlp, DateTimeOffset.MaxValue, item.Audience, null);
        var recipients = FederationRecipients.Of(facts, view);
        var relays = ForwardingPolicy.Decide(facts, view, [], null, DateTimeOffset.UnixEpoch).Forwards
            .Where(f => !recipients.Contains(f.Peer))
            .ToDictionary(f => f.Peer, StringComparer.Ordinal);
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
                    Localized.Format(DemoText.OriginSubmitted, item.SubmittedBy) + MemberClause(item.Tlp, others, delivered, other: true)));
            }
            else if (recipients.Contains(node.Id))
            {
                var delivered = Delivered(asItem, node.Id, here);
                result.Add(new NodeExpectation(
                    node.Id,
                    CopyKind.Plaintext,
                    IsRecipient: true,
                    delivered,
                    Localized.Format(DemoText.Recipient, WhyAddressed(item.Audience, node)) + MemberClause(item.Tlp, here, delivered, other: false)));
            }
            else if (relays.TryGetValue(node.Id, out var relay))
            {
                var isSealed = relay.Transport == Transport.Sealed;
                result.Add(new NodeExpectation(
                    node.Id,
                    isSealed ? CopyKind.Sealed : CopyKind.Plaintext,
                    IsRecipient: false,
                    [],
                    isSealed
                        ? Localized.Format(DemoText.HubRelaysSealed, string.Join(", ", relay.Recipients))
                        : Localized.Format(DemoText.HubRelays, string.Join(", ", relay.Recipients)),
                    IsRelay: true));
            }
            else
            {
                result.Add(new NodeExpectation(node.Id, CopyKind.None, IsRecipient: false, [], Localized.Format(DemoText.NotRecipient, WhyNotAddressed(item, node, recipients, originPeers))));
            }
        }

        return result;
    }

    /// <summary>"TLP:AMBER to sector electricity".</summary>
    public static string Label(SubmittedReport item) => $"{Vocabulary.TlpLabel(item.Tlp)} {AudienceText(item.Audience)}";

    public static string AudienceText(Audience audience) => Localized.Format(DemoText.To, Audience(audience));

    /// <summary>"the whole federation", "sector electricity", "node council and member tepco@electricity-ceptoar".</summary>
    public static string Audience(Audience audience)
    {
        if (audience.WholeFederation || Core.Items.Audiences.NamesNoOne(audience))
        {
            return DemoText.WholeFederation;
        }

        var parts = new List<string>();
        if (audience.Nodes.Count > 0)
        {
            var list = string.Join(", ", audience.Nodes);
            parts.Add(audience.Nodes.Count == 1 ? Localized.Format(DemoText.AudienceNode, list) : Localized.Format(DemoText.AudienceNodes, list));
        }

        if (audience.Sectors.Count > 0)
        {
            var list = string.Join(", ", audience.Sectors);
            parts.Add(audience.Sectors.Count == 1 ? Localized.Format(DemoText.AudienceSector, list) : Localized.Format(DemoText.AudienceSectors, list));
        }

        if (audience.Members.Count > 0)
        {
            var list = string.Join(", ", audience.Members.Select(m => $"{m.MemberId}@{m.Node}"));
            parts.Add(audience.Members.Count == 1 ? Localized.Format(DemoText.AudienceMember, list) : Localized.Format(DemoText.AudienceMembers, list));
        }

        return string.Join(DemoText.And, parts);
    }

    private static List<string> Delivered(Item item, string nodeId, IReadOnlyList<DemoMember> candidates)
    {
        var decision = TlpMemberPolicy.Decide(item, nodeId);
        return [.. candidates
            .Where(m => decision.AllMembers || decision.Sectors.Contains(m.Sector) || decision.Members.Contains(m.MemberId))
            .Select(m => m.MemberId)];
    }

    private static string WhyAddressed(Audience audience, DemoNode node)
    {
        if (audience.WholeFederation || Core.Items.Audiences.NamesNoOne(audience))
        {
            return DemoText.AudienceWhole;
        }

        if (audience.Nodes.Contains(node.Id))
        {
            return DemoText.AudienceNamesIt;
        }

        var sectors = audience.Sectors.Intersect(node.Sectors, StringComparer.Ordinal).ToList();
        if (sectors.Count > 0)
        {
            return Localized.Format(DemoText.ServesSector, string.Join(", ", sectors));
        }

        var named = audience.Members.Where(m => m.Node == node.Id).Select(m => m.MemberId).ToList();
        return named.Count > 0 ? Localized.Format(DemoText.AudienceNamesMember, string.Join(", ", named)) : DemoText.AudienceAddressesIt;
    }

    private static string WhyNotAddressed(SubmittedReport item, DemoNode node, IReadOnlySet<string> recipients, IReadOnlyList<string> originPeers)
    {
        var audience = Audience(item.Audience);
        if (!node.IsHub)
        {
            return node.Sectors.Count > 0 && item.Audience.Sectors.Count > 0
                ? Localized.Format(DemoText.AudienceIsServes, audience, string.Join(", ", node.Sectors))
                : Localized.Format(DemoText.AudienceIs, audience);
        }

        // A hub that holds nothing although it relays for others elsewhere: say why no relay was needed.
        return recipients.All(originPeers.Contains)
            ? Localized.Format(DemoText.AudienceDirect, audience, item.OriginNode)
            : Localized.Format(DemoText.AudienceOtherHub, audience);
    }

    private static string MemberClause(Tlp tlp, IReadOnlyList<DemoMember> candidates, IReadOnlyList<string> delivered, bool other)
    {
        var all = other ? DemoText.AllOtherMembers : DemoText.AllMembers;
        var none = other ? DemoText.NoOtherMember : DemoText.NoMember;
        if (candidates.Count == 0)
        {
            return string.Empty;
        }

        if (tlp == Tlp.AmberStrict)
        {
            return Localized.Format(DemoText.ClauseStrict, none);
        }

        if (tlp == Tlp.Amber)
        {
            return Localized.Format(DemoText.ClauseAmber, none);
        }

        if (delivered.Count == candidates.Count)
        {
            return Localized.Format(DemoText.ClauseAll, all);
        }

        return delivered.Count == 0
            ? Localized.Format(DemoText.ClauseNotReached, none)
            : Localized.Format(DemoText.ClauseOnly, string.Join(", ", delivered));
    }
}
