using System.Collections.Concurrent;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Five node processes. A hub is killed with SIGKILL in the middle of a stream of items and restarted, while one
/// secretariat is down for the whole stream: every entitled node still ends with exactly every item, and no member
/// feed holds a duplicate. Set CEPTOAR_FAULT_ITEMS for a bigger run (default 10,000).
/// </summary>
[Trait("Category", "Fault")]
public sealed class FederationFaultTests : IAsyncLifetime
{
    private static readonly int Items = int.TryParse(Environment.GetEnvironmentVariable("CEPTOAR_FAULT_ITEMS"), out var n) ? n : 10_000;

    // Scales with the run: 2 minutes plus 1 s per 200 items (a 100,000-item run gets about 10 minutes), as the chaos tests do.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120 + (Items / 200.0));
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, processes: true);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task HubKilledMidStream_AndASecretariatDownThroughout_EveryEntitledNodeEndsWithExactlyEveryItem()
    {
        var bank = (NodeProcess)_cluster["bank-ceptoar"];
        var council = (NodeProcess)_cluster["council"];
        var localGov = (NodeProcess)_cluster["local-gov-ceptoar"];
        var tepcoKey = await _cluster["electricity-ceptoar"].AddMemberWithKeyAsync("tepco", "electricity");
        var tokyoKey = await localGov.AddMemberWithKeyAsync("tokyo-metropolis", "government");
        var submitter = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));

        await localGov.KillAsync();

        var accepted = new ConcurrentBag<string>();
        var next = -1;
        var killed = 0;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Items)
            {
                var draft = Drafts.Incident(Tlp.Green, $"stream item {i}");
                draft.Audience = new Audience { WholeFederation = true };
                accepted.Add((await submitter.SubmitAsync(Drafts.Request(draft, $"stream-{i}"))).ItemId);
                if (i == Items / 3 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    await council.KillAsync();
                }
            }
        })));
        Assert.Equal(1, killed);
        Assert.Equal(Items, accepted.Distinct().Count());

        await council.RestartAsync();
        await localGov.RestartAsync();

        foreach (var nodeId in new[] { "council", "nisc", "electricity-ceptoar", "local-gov-ceptoar" })
        {
            await Until.TrueAsync(async () => (await _cluster[nodeId].Admin.GetStatusAsync(new GetStatusRequest())).Items >= (ulong)Items,
                Deadline, $"{nodeId} holds all {Items} items");
        }

        var expected = accepted.ToHashSet();
        foreach (var nodeId in new[] { "bank-ceptoar", "council", "nisc", "electricity-ceptoar", "local-gov-ceptoar" })
        {
            var held = (await FederationReads.StoredAsync(_cluster[nodeId])).Keys.ToHashSet();
            Assert.True(expected.SetEquals(held), $"{nodeId} holds {held.Count} items, {held.Except(expected).Count()} unexpected, {expected.Except(held).Count()} missing");
        }

        foreach (var (node, key) in new[] { (_cluster["electricity-ceptoar"], tepcoKey), (_cluster["local-gov-ceptoar"], tokyoKey) })
        {
            var feed = await FederationReads.FeedAsync(node.Member(key), Items, Deadline);
            Assert.Equal(feed.Count, feed.Distinct().Count());
            Assert.True(expected.SetEquals(feed), $"member feed at {node.Ready.NodeId} has {feed.Count} items");
        }
    }
}
