using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// A correction racing its original (docs/LIFECYCLE.md §1) on real nodes: the demo topology, each hub reaching
/// electricity-ceptoar through a TCP proxy the test closes. The original and its correction wait at both hubs; when the
/// correction is urgent it overtakes the original on the first path brought back, so electricity-ceptoar stores it first;
/// otherwise the original comes first. Either way, once the second path is back too, every node that holds the original
/// holds it as superseded by the correction.
/// </summary>
public sealed class CorrectionRaceTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly string[] AllNodes = ["council", "nisc", Bank, Electricity, "local-gov-ceptoar"];

    private readonly TestDirectory _dir = new();
    private readonly Dictionary<string, TcpProxy> _proxies = new(StringComparer.Ordinal);
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: false, peerEndpoint: (from, to, endpoint) =>
        {
            if (to != Electricity || from is not ("council" or "nisc"))
            {
                return endpoint;
            }

            lock (_proxies)
            {
                return (_proxies[from] = TcpProxy.Start(endpoint)).Endpoint;
            }
        });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var proxy in _proxies.Values)
        {
            await proxy.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Correct_OriginalAndCorrectionOnTwoPaths_CorrectionWinsAtEveryNodeWhateverArrivesFirst(bool correctionFirst)
    {
        var mufg = _cluster[Bank].Member(await _cluster[Bank].AddMemberWithKeyAsync("mufg-bank"));
        var tepco = _cluster[Electricity].Member(await _cluster[Electricity].AddMemberWithKeyAsync("tepco", "electricity"));
        foreach (var proxy in _proxies.Values)
        {
            await proxy.CutOffAsync();
        }

        var draft = Drafts.Incident(Tlp.Green, "Outage at a payment switch");
        draft.Audience = new Audience { Sectors = { "electricity" } };
        var original = (await mufg.SubmitAsync(Drafts.Request(draft))).ItemId;
        await Until.TrueAsync(async () => (await LinksAsync()).All(l => l is { Connected: false, OutboxDepth: 1 }), Deadline,
            "both hubs hold the original for electricity-ceptoar, their links down");

        var corrected = Drafts.Incident(Tlp.Green, "Outage at a payment switch: confirmed attack");
        corrected.Audience = null;
        corrected.Tlp = Tlp.Unspecified;
        // Extreme is urgent (docs/MODES.md §6): it overtakes the original waiting in each hub's outbox.
        corrected.Body.Severity = correctionFirst ? Severity.Extreme : Severity.Medium;
        var correction = (await mufg.CorrectAsync(new CorrectRequest { ClientRequestId = "c-1", ItemId = original, Draft = corrected })).ItemId;
        await Until.TrueAsync(async () => (await LinksAsync()).All(l => l.OutboxDepth == 2), Deadline, "both hubs hold the correction behind or before it");
        Assert.Equal("superseded", (await _cluster[Bank].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = original })).Withdrawn.State);

        _proxies["council"].Restore();
        await Until.TrueAsync(async () => await CursorAsync(Electricity, original) is not null && await CursorAsync(Electricity, correction) is not null, Deadline,
            "electricity-ceptoar stores both through council");
        var first = (await CursorAsync(Electricity, correction))!.Value < (await CursorAsync(Electricity, original))!.Value;
        Assert.Equal(correctionFirst, first);

        _proxies["nisc"].Restore();
        await Until.TrueAsync(async () => (await LinksAsync()).All(l => l is { Connected: true, OutboxDepth: 0 }), Deadline, "nisc's path drains too");

        foreach (var id in AllNodes)
        {
            try
            {
                var held = await _cluster[id].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = original });
                Assert.Equal("superseded", held.Withdrawn?.State);
                Assert.Equal(correction, held.Withdrawn!.ByItemId);
                // Superseded, not revoked: the body stays readable, marked as no longer current.
                Assert.Equal("Outage at a payment switch", held.Item.Body.Title);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound && id == "local-gov-ceptoar")
            {
                // Not addressed to the government sector, and no hub: it never held the original.
            }
        }

        var seen = await tepco.GetAsync(new GetItemRequest { ItemId = original });
        Assert.Equal("superseded", seen.Withdrawn.State);
        Assert.Equal(correction, seen.Withdrawn.ByItemId);
        var current = await tepco.GetAsync(new GetItemRequest { ItemId = correction });
        Assert.Null(current.Withdrawn);
        Assert.Equal([original], current.Item.References.Supersedes);
    }

    private async Task<List<PeerState>> LinksAsync()
    {
        var states = new List<PeerState>();
        foreach (var hub in new[] { "council", "nisc" })
        {
            states.Add((await _cluster[hub].Admin.ListPeersAsync(new ListPeersRequest())).Peers.Single(p => p.NodeId == Electricity).State);
        }

        return states;
    }

    private async Task<ulong?> CursorAsync(string node, string itemId)
    {
        try
        {
            return (await _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId })).Summary.Cursor;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
