using System.Diagnostics;
using Ceptoar.Federation.V1;
using Xunit.Abstractions;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// electricity-ceptoar's federation port is closed to the hubs for a while (a proxy in front of it stops listening and
/// drops its connections; the node itself keeps running) while members at every secretariat keep submitting the chaos
/// mix of labels and audiences. The hubs' admin view shows the link down and a backlog for it; once the port is back the
/// backlog drains to zero and every node and member feed ends exactly as TLP entitles it. CEPTOAR_CUTOFF_ITEMS sets the
/// run (default 900).
/// </summary>
[Trait("Category", "Fault")]
public sealed class FederationCutOffTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string CutOff = "electricity-ceptoar";
    private static readonly int Items = int.TryParse(Environment.GetEnvironmentVariable("CEPTOAR_CUTOFF_ITEMS"), out var n) && n >= 3 ? n : 900;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120 + (Items / 200.0));

    private readonly TestDirectory _dir = new();
    private Dictionary<ChaosMember, MemberService.MemberServiceClient> _clients = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartBehindProxyAsync(_dir.Path, CutOff);
        _clients = await ChaosRoster.AddAsync(_cluster);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task PeerPortClosedWhileItemsFlow_BacklogShownThenDrained_EveryNodeAndFeedConverges()
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(20_140_501);
        var plan = ChaosRoster.Plan(Items, rng);
        var ids = new string[Items];
        var proxy = _cluster.Proxy!;
        Assert.True(proxy.Accepted > 0, "the hubs do not dial electricity-ceptoar through the proxy");

        await SubmitAsync(plan[..(Items / 3)], ids);
        await proxy.CutOffAsync();
        await SubmitAsync(plan[(Items / 3)..], ids);

        var backlog = new Dictionary<string, ulong>();
        foreach (var hub in TestCluster.Hubs)
        {
            await Until.TrueAsync(async () =>
            {
                var link = await LinkAsync(hub);
                backlog[hub] = link.OutboxDepth;
                return !link.Connected && link.OutboxDepth > 0 && link.LastError.Length > 0;
            }, Deadline, $"{hub} shows its link to {CutOff} down with a backlog");
        }

        proxy.Restore();
        var drained = new Dictionary<string, List<ulong>>();
        foreach (var hub in TestCluster.Hubs)
        {
            var depths = drained[hub] = [];
            await Until.TrueAsync(async () =>
            {
                var link = await LinkAsync(hub);
                depths.Add(link.OutboxDepth);
                return link.Connected && link.OutboxDepth == 0;
            }, Deadline, $"{hub}'s backlog for {CutOff} drains");
        }

        var tally = new ChaosTally();
        await tally.CompareClusterAsync(_cluster, plan, ids, _clients, Deadline);

        var summary = $"CUTOFF items={Items} backlog at cut: {string.Join(", ", backlog.Select(b => $"{b.Key}={b.Value}"))}; " +
            $"outbox depth while draining: {string.Join(", ", drained.Select(d => $"{d.Key}=[{string.Join(" ", Changes(d.Value))}]"))}; " +
            $"total={clock.Elapsed.TotalSeconds:0.0}s {tally.Summary}";
        output.WriteLine(summary);
        Assert.True(tally.Clean, $"{summary}\n{string.Join("\n", tally.Findings)}");
        Assert.All(drained.Values, depths => Assert.Equal(0ul, depths[^1]));
    }

    /// <summary>The samples with repeats of the previous value left out: the backlog as it moved.</summary>
    private static IEnumerable<ulong> Changes(List<ulong> samples) => samples.Where((depth, i) => i == 0 || depth != samples[i - 1]);

    private async Task<PeerState> LinkAsync(string hub) =>
        (await _cluster[hub].Admin.ListPeersAsync(new ListPeersRequest())).Peers.Single(p => p.NodeId == CutOff).State;

    private async Task SubmitAsync(ChaosItem[] items, string[] ids)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Length)
            {
                var item = items[i];
                var response = await _clients[item.Submitter].SubmitAsync(Drafts.Request(item.Draft()));
                Assert.Equal("accepted", response.Status);
                ids[item.Index] = response.ItemId;
            }
        })));
    }
}
