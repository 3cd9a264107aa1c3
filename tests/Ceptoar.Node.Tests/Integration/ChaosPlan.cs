using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>A member company the chaos run uses: it submits, reads its feed, or both.</summary>
internal sealed record ChaosMember(string NodeId, string MemberId)
{
    public string Sector => TestCluster.SectorOf(NodeId);

    public override string ToString() => $"{MemberId}@{NodeId}";
}

/// <summary>The members of the fault runs: one submitter and one reader at each secretariat, each in its node's sector.</summary>
internal static class ChaosRoster
{
    public static readonly ChaosMember[] Submitters =
        [new("bank-ceptoar", "mizuho-bank"), new("electricity-ceptoar", "tepco"), new("local-gov-ceptoar", "tokyo-metropolis")];

    public static readonly ChaosMember[] Readers =
        [new("bank-ceptoar", "mufg-bank"), new("electricity-ceptoar", "kansai-electric"), new("local-gov-ceptoar", "osaka-city")];

    /// <summary>Adds every member to its node and returns a client for each.</summary>
    public static async Task<Dictionary<ChaosMember, MemberService.MemberServiceClient>> AddAsync(TestCluster cluster)
    {
        var clients = new Dictionary<ChaosMember, MemberService.MemberServiceClient>();
        foreach (var member in Submitters.Concat(Readers))
        {
            var node = cluster[member.NodeId];
            clients[member] = node.Member(await node.AddMemberWithKeyAsync(member.MemberId, member.Sector));
        }

        return clients;
    }

    /// <summary>The run's items, drawn from the seeded generator.</summary>
    public static ChaosItem[] Plan(int items, Random rng) =>
        [.. Enumerable.Range(0, items).Select(i => ChaosItem.Random(i, rng, Submitters, Readers))];
}

/// <summary>The kinds of item the chaos run mixes: labels and audiences that reach all, some or none of the others.</summary>
internal enum ChaosShape
{
    GreenToFederation,
    GreenToSector,
    GreenToOwnSector,
    AmberToSector,
    AmberStrictToHub,
    RedToMember,
}

/// <summary>
/// One item of the chaos run and, stated here from docs/TLP.md §2/§3 and the federation tests (not from the policy code
/// under test), where it must end up in the demo topology (secretariats peer with both hubs; hubs with everyone):
/// <list type="bullet">
/// <item>the origin stores its item, in clear;</item>
/// <item>recipients store it in clear: GREEN to the whole federation = every node; to a sector = the secretariats serving
/// it (none besides the origin for the origin's own sector); AMBER+STRICT to a hub = that hub; RED to a member = that
/// member's node;</item>
/// <item>a secretariat recipient is not a peer of the origin, so both hubs (each lists every secretariat) relay it and
/// store it: GREEN in clear, RED/AMBER sealed (a relay never sees their plaintext);</item>
/// <item>no other node ever holds it ("AMBER to electricity from bank: bank, both hubs sealed, electricity; never
/// local-gov").</item>
/// </list>
/// Member feeds: the submitter always sees its own item; otherwise GREEN reaches every member of a holding node (whole
/// federation) or the members of the named sectors, AMBER and AMBER+STRICT reach no member, RED only the named member.
/// </summary>
internal sealed record ChaosItem(int Index, ChaosShape Shape, ChaosMember Submitter, string Target, ChaosMember? Named)
{
    public static ChaosItem Random(int index, Random rng, IReadOnlyList<ChaosMember> submitters, IReadOnlyList<ChaosMember> readers)
    {
        var submitter = submitters[rng.Next(submitters.Count)];
        var others = TestCluster.Secretariats.Where(s => s != submitter.NodeId).ToArray();
        // Whole-federation GREEN is the bulk of real traffic; every other shape still comes up hundreds of times in CI.
        var roll = rng.Next(100);
        var shape = roll switch
        {
            < 40 => ChaosShape.GreenToFederation,
            < 55 => ChaosShape.GreenToSector,
            < 65 => ChaosShape.GreenToOwnSector,
            < 80 => ChaosShape.AmberToSector,
            < 90 => ChaosShape.AmberStrictToHub,
            _ => ChaosShape.RedToMember,
        };
        var target = shape switch
        {
            ChaosShape.AmberStrictToHub => TestCluster.Hubs[rng.Next(TestCluster.Hubs.Length)],
            ChaosShape.GreenToOwnSector => submitter.NodeId,
            _ => others[rng.Next(others.Length)],
        };
        var named = shape == ChaosShape.RedToMember ? readers.First(r => r.NodeId == target) : null;
        return new ChaosItem(index, shape, submitter, target, named);
    }

    public string ClientRequestId(int seed) => $"chaos-{seed}-{Index}";

    public ItemDraft Draft()
    {
        var (tlp, audience) = Shape switch
        {
            ChaosShape.GreenToFederation => (Tlp.Green, new Audience { WholeFederation = true }),
            ChaosShape.GreenToSector or ChaosShape.GreenToOwnSector => (Tlp.Green, new Audience { Sectors = { TestCluster.SectorOf(Target) } }),
            ChaosShape.AmberToSector => (Tlp.Amber, new Audience { Sectors = { TestCluster.SectorOf(Target) } }),
            ChaosShape.AmberStrictToHub => (Tlp.AmberStrict, new Audience { Nodes = { Target } }),
            _ => (Tlp.Red, new Audience { Members = { new MemberRef { Node = Named!.NodeId, MemberId = Named.MemberId } } }),
        };
        var draft = Drafts.Incident(tlp, $"chaos item {Index} {Shape} from {Submitter} to {Target}");
        draft.Audience = audience;
        return draft;
    }

    /// <summary>Every node that must hold the item, and whether its copy is sealed; any other node must not hold it.</summary>
    public IReadOnlyDictionary<string, bool> Holders()
    {
        var holders = new Dictionary<string, bool>(StringComparer.Ordinal) { [Submitter.NodeId] = false };
        var recipients = Shape switch
        {
            ChaosShape.GreenToFederation => TestCluster.Secretariats.Concat(TestCluster.Hubs).ToArray(),
            ChaosShape.GreenToOwnSector => [],
            _ => [Target],
        };
        foreach (var recipient in recipients.Where(r => r != Submitter.NodeId))
        {
            holders[recipient] = false;
        }

        if (recipients.Any(r => TestCluster.Secretariats.Contains(r) && r != Submitter.NodeId))
        {
            var sealedInRelay = Shape is not (ChaosShape.GreenToFederation or ChaosShape.GreenToSector);
            foreach (var hub in TestCluster.Hubs)
            {
                holders.TryAdd(hub, sealedInRelay);
            }
        }

        return holders;
    }

    public bool ReachesFeedOf(ChaosMember member)
    {
        if (member == Submitter)
        {
            return true;
        }

        if (!Holders().TryGetValue(member.NodeId, out var isSealed) || isSealed)
        {
            return false;
        }

        return Shape switch
        {
            ChaosShape.GreenToFederation => true,
            ChaosShape.GreenToSector or ChaosShape.GreenToOwnSector => member.Sector == TestCluster.SectorOf(Target),
            ChaosShape.RedToMember => member == Named,
            _ => false,
        };
    }
}
