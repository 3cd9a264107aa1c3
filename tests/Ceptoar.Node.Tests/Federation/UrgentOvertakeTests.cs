using System.Collections.Concurrent;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Federation;

/// <summary>
/// Urgent items overtake a backlog (docs/MODES.md §6) on real nodes: bank-ceptoar ⇄ council ⇄ electricity-ceptoar, the
/// council reaching electricity through a TCP proxy the test closes. While it is closed, bank's members fill the hub's
/// outbox for electricity with thousands of GREEN reports; an extreme early warning submitted last must be the first item
/// electricity's members read once the port is back, in clear and sealed (where the hub sees only the signed header), and
/// the backlog must follow whole, each item once.
/// </summary>
public sealed class UrgentOvertakeTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Hub = "council";
    private const string Electricity = "electricity-ceptoar";
    private const int Backlog = 2000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(180);

    private static readonly ClusterNode[] Layout =
    [
        new(Hub, NodeRole.Council, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
        new(Electricity, NodeRole.Secretariat, ["electricity"]),
    ];

    private readonly TestDirectory _dir = new();
    private TcpProxy? _proxy;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, Layout, processes: false,
            peerEndpoint: (from, to, endpoint) => from == Hub && to == Electricity ? (_proxy ??= TcpProxy.Start(endpoint)).Endpoint : endpoint);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExtremeWarningSubmittedAfterABacklogForADownPeer_PeerBack_WarningReadFirstThenTheWholeBacklogOnce(bool sealedThroughHub)
    {
        var submitter = _cluster[Bank].Member(await _cluster[Bank].AddMemberWithKeyAsync("mufg-bank", "finance"));
        var tepco = _cluster[Electricity].Member(await _cluster[Electricity].AddMemberWithKeyAsync("tepco", "electricity"));
        var kansai = _cluster[Electricity].Member(await _cluster[Electricity].AddMemberWithKeyAsync("kansai-electric", "electricity"));
        using var stop = new CancellationTokenSource();
        var tepcoFeed = new Feed(tepco, stop.Token);
        var kansaiFeed = new Feed(kansai, stop.Token);

        await _proxy!.CutOffAsync();
        var backlog = await SubmitBacklogAsync(submitter);
        // An idle link finds the port closed when it next sends: the backlog's first batch.
        await Until.TrueAsync(async () => await LinkAsync() is { Connected: false, OutboxDepth: Backlog }, Deadline,
            $"council's link to electricity-ceptoar is down and holds the {Backlog} reports");

        var warning = ExtremeWarning(sealedThroughHub);
        var urgentId = (await submitter.SubmitAsync(Drafts.Request(warning))).ItemId;
        await Until.TrueAsync(async () => (await LinkAsync()).OutboxDepth == Backlog + 1, Deadline, "council holds the warning behind the backlog");
        Assert.Empty(tepcoFeed.Ids);

        _proxy.Restore();
        await Until.TrueAsync(() => Task.FromResult(tepcoFeed.Ids.Count >= Backlog + 1), Deadline, "tepco reads the warning and the whole backlog");

        var read = tepcoFeed.Ids.ToArray();
        Assert.Equal(urgentId, read[0]);
        Assert.Equal(Backlog + 1, read.Length);
        Assert.Equal(backlog.Order(StringComparer.Ordinal), read[1..].Order(StringComparer.Ordinal));
        if (sealedThroughHub)
        {
            // The hub relayed what it could not read: it stored the sealed copy only.
            var atHub = await _cluster[Hub].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = urgentId });
            Assert.True(atHub.Summary.Sealed);
        }

        // Who may read the warning, stated here: GREEN reaches every member of electricity-ceptoar; RED only tepco, the member it names.
        await Until.TrueAsync(() => Task.FromResult(kansaiFeed.Ids.Count >= Backlog), Deadline, "kansai-electric reads the whole backlog");
        await Until.TrueAsync(async () => (await LinkAsync()).OutboxDepth == 0, Deadline, "council's outbox for electricity-ceptoar drains");
        var kansaiRead = kansaiFeed.Ids.ToArray();
        Assert.Equal(!sealedThroughHub, kansaiRead.Contains(urgentId));
        Assert.Equal(sealedThroughHub ? Backlog : Backlog + 1, kansaiRead.Length);
        if (!sealedThroughHub)
        {
            Assert.Equal(urgentId, kansaiRead[0]);
        }

        await stop.CancelAsync();
        await Task.WhenAll(tepcoFeed.Done, kansaiFeed.Done);
    }

    private static ItemDraft ExtremeWarning(bool red)
    {
        var draft = Drafts.Incident(red ? Tlp.Red : Tlp.Green, "Wiper malware spreading to grid operators");
        draft.Kind = ItemKind.EarlyWarning;
        draft.Body.Severity = Severity.Extreme;
        // RED names its one reader: bank-ceptoar is no peer of electricity-ceptoar, so it seals the warning through the hub.
        draft.Audience = red ? new Audience { Members = { new MemberRef { Node = Electricity, MemberId = "tepco" } } } : null;
        return draft;
    }

    private static async Task<List<string>> SubmitBacklogAsync(MemberService.MemberServiceClient submitter)
    {
        var ids = new ConcurrentBag<string>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < Backlog)
            {
                var response = await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "Routine report")));
                Assert.Equal("accepted", response.Status);
                ids.Add(response.ItemId);
            }
        })));
        return [.. ids];
    }

    private async Task<PeerState> LinkAsync() =>
        (await _cluster[Hub].Admin.ListPeersAsync(new ListPeersRequest())).Peers.Single(p => p.NodeId == Electricity).State;

    /// <summary>A member's Subscribe stream from the start of its feed, the item ids in the order they arrive.</summary>
    private sealed class Feed
    {
        public Feed(MemberService.MemberServiceClient member, CancellationToken stop)
        {
            Done = Task.Run(async () =>
            {
                try
                {
                    using var stream = member.Subscribe(new SubscribeRequest { AfterCursor = 0 }, cancellationToken: stop);
                    await foreach (var item in stream.ResponseStream.ReadAllAsync(stop))
                    {
                        Ids.Enqueue(item.Item.Id);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled })
                {
                    // The test is over.
                }
            }, CancellationToken.None);
        }

        public ConcurrentQueue<string> Ids { get; } = new();

        public Task Done { get; }
    }
}
