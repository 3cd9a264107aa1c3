using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// Random federations and items for the delivery property test. Hubs peer with each other and know every node's
/// descriptor (they are the directory); secretariats peer with some hubs and sometimes with each other, and know their
/// own and their peers' descriptors but only some of the rest. A descriptor may omit real peers and may still list a
/// peer that is gone (stale), so routing on it can be wrong in both directions.
/// </summary>
internal static class RandomFederation
{
    public const string Ghost = "ghost-ceptoar";

    private static readonly string[] SectorPool = ["finance", "electricity", "gas", "water", "government", "railway"];

    public static Topology Build(Random random)
    {
        var fed = new Topology();
        var secretariats = Enumerable.Range(0, random.Next(2, 9)).Select(i => $"s{i}-ceptoar").ToList();
        var hubs = random.Next(2) == 0 ? new[] { Topology.Council } : [Topology.Council, Topology.Nisc];
        foreach (var id in secretariats)
        {
            fed.Add(id, NodeRole.Secretariat, [.. SectorPool.Where(_ => random.Next(4) == 0).DefaultIfEmpty(SectorPool[random.Next(SectorPool.Length)])]);
        }

        fed.Add(Topology.Council, NodeRole.Council);
        if (hubs.Length == 2)
        {
            fed.Add(Topology.Nisc, NodeRole.Nisc).Link(Topology.Council, Topology.Nisc);
        }

        foreach (var id in secretariats)
        {
            // Mostly both hubs, sometimes one, rarely none (then only direct links reach it).
            foreach (var hub in hubs.Where(_ => random.Next(10) < 8))
            {
                fed.Link(id, hub);
            }
        }

        for (var i = 0; i < secretariats.Count; i++)
        {
            for (var j = i + 1; j < secretariats.Count; j++)
            {
                if (random.Next(6) == 0)
                {
                    fed.Link(secretariats[i], secretariats[j]);
                }
            }
        }

        var ids = fed.Ids.ToList();
        foreach (var id in ids)
        {
            if (random.Next(3) == 0)
            {
                var kept = fed.PeersOf(id).Where(_ => random.Next(5) != 0);
                var stale = ids.Where(other => other != id && !fed.PeersOf(id).Contains(other) && random.Next(8) == 0);
                fed.Describe(id, [.. kept, .. stale]);
            }

            if (!fed.IsHub(id))
            {
                foreach (var other in ids.Where(o => o != id && !fed.PeersOf(id).Contains(o) && random.Next(4) == 0))
                {
                    fed.Hide(other, fromViewer: id);
                }
            }
        }

        return fed;
    }

    public static RoutingFacts Item(Random random, Topology fed, string origin, int serial)
    {
        var tlp = random.Next(6) == 0 ? Facts.Invalid[random.Next(Facts.Invalid.Length)] : Facts.Labels[random.Next(Facts.Labels.Length)];
        var expiresAt = random.Next(20) switch
        {
            0 => Facts.Now,
            1 => Facts.Now.AddMinutes(-5),
            _ => Facts.NextWeek,
        };
        var id = $"0195a1b2-{serial:x4}-7000-8000-000000000000";
        return random.Next(10) == 0
            ? new RoutingFacts(id, origin, tlp, expiresAt, new Audience(), SomeNodes(random, fed, origin))
            : new RoutingFacts(id, origin, tlp, expiresAt, Audience(random, fed, origin), null);
    }

    public static Audience Audience(Random random, Topology fed, string origin)
    {
        var audience = new Audience { WholeFederation = random.Next(4) == 0 };
        if (random.Next(6) == 0)
        {
            return audience;
        }

        audience.Nodes.Add(random.Next(2) == 0 ? SomeNodes(random, fed, origin) : []);
        if (random.Next(3) == 0)
        {
            audience.Sectors.Add([.. SectorPool.Append("").Append("unknown-sector").Where(_ => random.Next(4) == 0)]);
        }

        if (random.Next(3) == 0)
        {
            audience.Members.Add(SomeNodes(random, fed, origin).Select(n => new MemberRef { Node = n, MemberId = "member-" + random.Next(3) }));
        }

        return audience;
    }

    /// <summary>A held envelope at a hub: what it may legitimately or illegitimately have been given.</summary>
    public static (RoutingFacts Held, string Hub, string[] Path, string? CameFrom) HubPosition(Random random, Topology fed, int serial)
    {
        var ids = fed.Ids.ToList();
        var hub = ids.Where(fed.IsHub).ElementAt(random.Next(ids.Count(fed.IsHub)));
        var origin = ids[random.Next(ids.Count)];
        var held = Item(random, fed, origin, serial);
        var path = Enumerable.Range(0, random.Next(ForwardingPolicy.MaxHops + 1)).Select(_ => ids[random.Next(ids.Count)]).ToArray();
        if (random.Next(2) == 0)
        {
            path = [origin, .. path.Skip(1)];
        }

        var peers = fed.PeersOf(hub).ToList();
        var cameFrom = random.Next(6) switch
        {
            0 => null,
            1 => ids[random.Next(ids.Count)],
            _ => peers.Count == 0 ? null : peers[random.Next(peers.Count)],
        };
        return (held, hub, path, cameFrom);
    }

    private static string[] SomeNodes(Random random, Topology fed, string origin)
    {
        var pool = fed.Ids.Append(Ghost).Append("").Append(origin).ToList();
        return [.. pool.Where(_ => random.Next(3) == 0)];
    }
}
