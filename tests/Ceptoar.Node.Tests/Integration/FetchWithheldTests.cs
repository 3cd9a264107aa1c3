using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// What a node hands a peer that asks for items by id (FederationService.Fetch) or searches it (Query): only what it
/// would have sent that peer itself. bank-ceptoar holds damage reports for approval; one waits, one was rejected, and
/// neither may leave through any door, while what the label lets a peer have is still served.
/// </summary>
public sealed class FetchWithheldTests(WithheldItemsFixture items) : IClassFixture<WithheldItemsFixture>
{
    private const string Bank = WithheldItemsFixture.Bank;
    private const string Electricity = "electricity-ceptoar";

    private TestCluster Cluster => items.Cluster;

    [Fact]
    public async Task FetchItems_HeldAndRejectedItemsAskedForByTheCouncil_MissingAndStoredNowhere()
    {
        var fetched = await Cluster["council"].Admin.FetchItemsAsync(new FetchItemsRequest { Peer = Bank, ItemIds = { items.Held, items.Rejected } });

        Assert.Equal(new[] { items.Held, items.Rejected }.Order(StringComparer.Ordinal), fetched.Outcomes.Select(o => o.ItemId).Order(StringComparer.Ordinal));
        Assert.All(fetched.Outcomes, o => Assert.Equal("missing", o.Outcome));

        // A marker the council sends everyone after the fetch: each peer's outbox is sent in order, so once it arrived
        // anything the fetch had made the council pass on would have arrived before it.
        var member = Cluster["council"].Member(await Cluster["council"].AddMemberWithKeyAsync("council-desk", "finance"));
        var marker = Drafts.Incident(Tlp.Green, "marker sent by the council after the fetch");
        marker.Audience = new Audience { WholeFederation = true };
        var markerId = (await member.SubmitAsync(Drafts.Request(marker))).ItemId;
        foreach (var nodeId in TestCluster.Secretariats.Concat(TestCluster.Hubs))
        {
            await Until.TrueAsync(async () => (await StoredAtAsync(nodeId)).Contains(markerId), TimeSpan.FromSeconds(60), $"{nodeId} holds the council's marker");
            if (nodeId != Bank)
            {
                var stored = await StoredAtAsync(nodeId);
                Assert.False(stored.Contains(items.Held) || stored.Contains(items.Rejected), $"{nodeId} holds a held or rejected item of {Bank}");
            }
        }
    }

    [Fact]
    public async Task Fetch_HeldRejectedReleasedAndUnknownIds_OnlyTheReleasedOneServedTheRestMissingAndAudited()
    {
        var unknown = Core.Items.UuidV7.NewId();
        using var council = items.Peer(Bank, asNode: "council");

        var answer = await council.Client.FetchAsync(new FetchRequest { ItemIds = { items.Held, items.Rejected, items.Released, unknown } });

        Assert.Equal([items.Released], answer.Envelopes.Select(e => e.ItemId));
        Assert.Equal([items.Held, items.Rejected, unknown], answer.Missing);
        var audit = await Cluster[Bank].Admin.ListAuditAsync(new ListAuditRequest { Action = "item.fetch", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Actor == "peer:council" && e.Outcome == "refused" && e.Detail.Contains($"{items.Held} (held)", StringComparison.Ordinal)
            && e.Detail.Contains($"{items.Rejected} (rejected)", StringComparison.Ordinal) && e.Detail.Contains($"{unknown} (not stored here)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fetch_ClearCopiesThePeerWouldNeverGetFromThisNode_MissingWhileARelayedGreenItemIsServed()
    {
        // The bank sends the council only the sealed envelope of its AMBER item for the council and electricity-ceptoar.
        using var councilAtBank = items.Peer(Bank, asNode: "council");
        // A secretariat never relays; the council relays GREEN, and never a clear AMBER copy it opened for itself.
        using var councilAtElectricity = items.Peer(Electricity, asNode: "council");
        using var electricityAtCouncil = items.Peer("council", asNode: Electricity);

        var amberFromOrigin = await councilAtBank.Client.FetchAsync(new FetchRequest { ItemIds = { items.AmberForCouncilAndElectricity } });
        var greenFromSecretariat = await councilAtElectricity.Client.FetchAsync(new FetchRequest { ItemIds = { items.Released } });
        var fromHub = await electricityAtCouncil.Client.FetchAsync(new FetchRequest { ItemIds = { items.AmberForCouncilAndElectricity, items.Released } });

        Assert.Equal([items.AmberForCouncilAndElectricity], amberFromOrigin.Missing);
        Assert.Empty(amberFromOrigin.Envelopes);
        Assert.Equal([items.Released], greenFromSecretariat.Missing);
        Assert.Empty(greenFromSecretariat.Envelopes);
        Assert.Equal([items.AmberForCouncilAndElectricity], fromHub.Missing);
        var served = Assert.Single(fromHub.Envelopes);
        Assert.Equal((items.Released, Core.Envelopes.PayloadTypes.Item), (served.ItemId, served.Envelope.PayloadType));
    }

    [Fact]
    public async Task QueryItems_FromTheCouncil_NoHeldOrRejectedItemAndRestrictedItemsOnlyFromTheirOrigin()
    {
        var answer = await Cluster["council"].Admin.QueryItemsAsync(new QueryItemsRequest { Scope = QueryScope.Peers, Spec = new QuerySpec(), DeadlineMs = 10_000 });

        var ids = answer.Items.Select(i => i.Item.Id).ToHashSet();
        Assert.Contains(items.Released, ids);
        Assert.DoesNotContain(items.Held, ids);
        Assert.DoesNotContain(items.Rejected, ids);
        // electricity-ceptoar holds the AMBER item in clear too, but only its origin answers it in clear.
        var amber = Assert.Single(answer.Items, i => i.Item.Id == items.AmberForCouncilAndElectricity);
        Assert.Equal([Bank], amber.SeenAt);
        Assert.All(answer.Statuses.Where(s => s.NodeId != "council"), s => Assert.Equal("answered", s.Status));
    }

    private async Task<HashSet<string>> StoredAtAsync(string nodeId) =>
        [.. (await Cluster[nodeId].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Select(i => i.ItemId)];
}

/// <summary>
/// Five in-process nodes; bank-ceptoar holds every damage report its members submit. A member submits two (one stays
/// held, the secretariat rejects the other), a released GREEN report for everyone, and an AMBER report for the council
/// and electricity-ceptoar; the fixture waits until those two have reached their recipients.
/// </summary>
public sealed class WithheldItemsFixture : IAsyncLifetime
{
    public const string Bank = "bank-ceptoar";
    private readonly TestDirectory _dir = new();

    internal TestCluster Cluster { get; private set; } = null!;

    public string Held { get; private set; } = "";

    public string Rejected { get; private set; } = "";

    public string Released { get; private set; } = "";

    public string AmberForCouncilAndElectricity { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Cluster = await TestCluster.StartAsync(_dir.Path, processes: false);
        var bank = Cluster[Bank];
        var etag = (await bank.Admin.ListRulesAsync(new ListRulesRequest())).Etag;
        await bank.Admin.AddRuleAsync(new AddRuleRequest
        {
            Text = "rule hold-damage-reports\n  when direction=submitted kind=damage-report\n  then hold=yes\n",
            Position = 1,
            ExpectedEtag = etag,
        });
        var member = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));

        var held = await member.SubmitAsync(Drafts.Request(DamageReport("branch systems down: waiting for approval")));
        var rejected = await member.SubmitAsync(Drafts.Request(DamageReport("names a customer: to be rejected")));
        Assert.Equal(("held", "held"), (held.Status, rejected.Status));
        await bank.Admin.RejectHeldAsync(new RejectHeldRequest { ItemId = rejected.ItemId, Reason = "names a customer; resubmit without it" });
        (Held, Rejected) = (held.ItemId, rejected.ItemId);

        var released = Drafts.Incident(Tlp.Green, "released GREEN report");
        released.Audience = new Audience { WholeFederation = true };
        Released = (await member.SubmitAsync(Drafts.Request(released))).ItemId;
        var amber = Drafts.Incident(Tlp.Amber, "AMBER for the council and electricity-ceptoar");
        amber.Audience = new Audience { Nodes = { "council", "electricity-ceptoar" } };
        AmberForCouncilAndElectricity = (await member.SubmitAsync(Drafts.Request(amber))).ItemId;

        foreach (var (itemId, nodes) in new[] { (Released, TestCluster.Hubs.Concat(TestCluster.Secretariats).Where(n => n != Bank).ToArray()), (AmberForCouncilAndElectricity, ["council", "electricity-ceptoar"]) })
        {
            await Until.TrueAsync(async () =>
            {
                var status = await bank.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = itemId });
                return nodes.All(n => status.Recipients.Any(r => r.NodeId == n && r.State == "delivered"));
            }, TimeSpan.FromSeconds(60), $"{Bank} shows {itemId} delivered at {string.Join(", ", nodes)}");
        }
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>A raw federation client of one node, presenting another node's own TLS certificate (a configured peer).</summary>
    internal RawPeer Peer(string atNode, string asNode) =>
        new(Cluster[atNode].Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(Cluster.Federation.NodeCertificates(asNode)), Cluster.Federation.RootCertificate);

    private static ItemDraft DamageReport(string title)
    {
        var draft = Drafts.Incident(Tlp.Green, title);
        draft.Kind = ItemKind.DamageReport;
        draft.Audience = new Audience { WholeFederation = true };
        return draft;
    }
}
