using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>What the fault tests count at the end: items lost, duplicated, or held where TLP forbids, with examples.</summary>
internal sealed class ChaosTally
{
    private const int MaxFindings = 30;

    public int Lost { get; private set; }

    public int Duplicates { get; private set; }

    public int TlpViolations { get; private set; }

    /// <summary>The first few problems, each naming the node or member and the item.</summary>
    public List<string> Findings { get; } = [];

    public bool Clean => Lost == 0 && Duplicates == 0 && TlpViolations == 0 && Findings.Count == 0;

    public string Summary => $"lost={Lost} duplicates={Duplicates} tlp-violations={TlpViolations}";

    public void Finding(string what)
    {
        if (Findings.Count < MaxFindings)
        {
            Findings.Add(what);
        }
    }

    /// <param name="expected">Every item the node must hold, and whether its copy must be sealed.</param>
    /// <param name="stored">What it holds (a second row for one id already failed the read).</param>
    public void CompareNode(string nodeId, IReadOnlyDictionary<string, bool> expected, IReadOnlyDictionary<string, AdminItemSummary> stored)
    {
        foreach (var (id, mustBeSealed) in expected)
        {
            if (!stored.TryGetValue(id, out var copy))
            {
                Lost++;
                Finding($"LOST: {nodeId} does not hold {id}");
            }
            else if (copy.Sealed != mustBeSealed)
            {
                TlpViolations++;
                Finding($"TLP: {nodeId} holds {TlpName(copy)} {id} {(copy.Sealed ? "sealed" : "in clear")}, expected {(mustBeSealed ? "sealed" : "in clear")}");
            }
        }

        foreach (var copy in stored.Values.Where(c => !expected.ContainsKey(c.ItemId)))
        {
            TlpViolations++;
            Finding($"TLP: {nodeId} holds {TlpName(copy)} {copy.ItemId} from {copy.OriginNode} (\"{copy.Title}\") it is not entitled to");
        }
    }

    /// <param name="feed">The member's feed through Subscribe, in order.</param>
    /// <param name="listed">The member's items through List.</param>
    public void CompareFeed(string member, IReadOnlySet<string> expected, IReadOnlyList<string> feed, IReadOnlyList<string> listed)
    {
        var fed = feed.ToHashSet(StringComparer.Ordinal);
        var seen = listed.ToHashSet(StringComparer.Ordinal);
        foreach (var (view, ids, set) in new[] { ("feed", feed, fed), ("list", listed, seen) })
        {
            var twice = ids.Count - set.Count;
            Duplicates += twice;
            if (twice > 0)
            {
                Finding($"DUPLICATE: {member}'s {view} holds {twice} items more than once, e.g. {ids.GroupBy(i => i).First(g => g.Count() > 1).Key}");
            }
        }

        foreach (var id in expected.Where(id => !fed.Contains(id) || !seen.Contains(id)))
        {
            Lost++;
            Finding($"LOST: {member} {(fed.Contains(id) ? "" : "feed ")}{(seen.Contains(id) ? "" : "list ")}lacks {id}");
        }

        foreach (var id in fed.Union(seen).Where(id => !expected.Contains(id)))
        {
            TlpViolations++;
            Finding($"TLP: {member} was given {id}, which it is not entitled to");
        }
    }

    /// <summary>
    /// Waits (up to the deadline) until every node holds as many items as it must, then compares every node's store and
    /// every member's feed with what the plan entitles it to. A node still short at the deadline is a finding, and the
    /// comparison names what it lacks.
    /// </summary>
    /// <param name="ids">The accepted item id of each plan entry, by index.</param>
    public async Task CompareClusterAsync(TestCluster cluster, IReadOnlyList<ChaosItem> plan, IReadOnlyList<string> ids,
        IReadOnlyDictionary<ChaosMember, MemberService.MemberServiceClient> members, TimeSpan deadline)
    {
        var expectedAt = cluster.Nodes.Keys.ToDictionary(n => n, n => plan
            .Select(p => (Id: ids[p.Index], Holders: p.Holders()))
            .Where(p => p.Holders.ContainsKey(n))
            .ToDictionary(p => p.Id, p => p.Holders[n], StringComparer.Ordinal));
        foreach (var (nodeId, expected) in expectedAt)
        {
            try
            {
                await Until.TrueAsync(async () => (await cluster[nodeId].Admin.GetStatusAsync(new GetStatusRequest())).Items >= (ulong)expected.Count,
                    deadline, $"{nodeId} holds {expected.Count} items");
            }
            catch (TimeoutException e)
            {
                Finding(e.Message);
            }
        }

        foreach (var (nodeId, expected) in expectedAt)
        {
            CompareNode(nodeId, expected, await FederationReads.StoredAsync(cluster[nodeId]));
        }

        foreach (var (member, client) in members)
        {
            var expected = plan.Where(p => p.ReachesFeedOf(member)).Select(p => ids[p.Index]).ToHashSet(StringComparer.Ordinal);
            CompareFeed(member.ToString(), expected, await FederationReads.FeedAsync(client, expected.Count, deadline), await FederationReads.ListedAsync(client));
        }
    }

    private static string TlpName(AdminItemSummary copy) => Core.Policy.TlpTransport.Name(copy.Tlp);
}
