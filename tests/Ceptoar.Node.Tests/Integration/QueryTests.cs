using System.Diagnostics;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Federated queries on five real nodes: what the Council gets back under TLP, partial results, deadlines and refusals.</summary>
public sealed class QueryTests : IAsyncLifetime
{
    private const string SharedIndicator = "203.0.113.77";
    private readonly TestDirectory _dir = new();
    private readonly Dictionary<string, string> _green = new();
    private TestCluster _cluster = null!;
    private string _amberToCouncil = "";
    private string _amberToElectricity = "";
    private string _redToNisc = "";

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: false, (id, s) =>
        {
            s["Node:NameEn"] = id + " (test)";
            s["Node:NameJa"] = id + "（試験）";
            if (id == "local-gov-ceptoar")
            {
                s["Federation:QueriesPerMinute"] = "2";
            }
        });
        var members = new Dictionary<string, MemberService.MemberServiceClient>
        {
            ["bank-ceptoar"] = _cluster["bank-ceptoar"].Member(await _cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank", "finance")),
            ["electricity-ceptoar"] = _cluster["electricity-ceptoar"].Member(await _cluster["electricity-ceptoar"].AddMemberWithKeyAsync("tepco", "electricity")),
            ["local-gov-ceptoar"] = _cluster["local-gov-ceptoar"].Member(await _cluster["local-gov-ceptoar"].AddMemberWithKeyAsync("tokyo-metropolis", "government")),
        };

        foreach (var (nodeId, member) in members)
        {
            var green = Drafts.Incident(Tlp.Green, $"Scanning from a shared address seen at {nodeId}");
            green.Audience = new Audience { WholeFederation = true };
            green.Body.Indicators.Add(new Indicator { Type = IndicatorType.Ipv4, Value = SharedIndicator });
            _green[nodeId] = (await member.SubmitAsync(Drafts.Request(green))).ItemId;
        }

        var bank = members["bank-ceptoar"];
        var amberCouncil = Drafts.Incident(Tlp.Amber, "AMBER for the Council");
        amberCouncil.Audience = new Audience { Nodes = { "council" } };
        _amberToCouncil = (await bank.SubmitAsync(Drafts.Request(amberCouncil))).ItemId;
        var amberElectricity = Drafts.Incident(Tlp.Amber, "AMBER for electricity");
        amberElectricity.Audience = new Audience { Sectors = { "electricity" } };
        _amberToElectricity = (await bank.SubmitAsync(Drafts.Request(amberElectricity))).ItemId;
        _redToNisc = (await bank.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Red, "RED for NISC only")))).ItemId;

        foreach (var (origin, itemId) in _green)
        {
            await DeliveredAsync(origin, itemId, [.. TestCluster.Secretariats.Concat(TestCluster.Hubs).Where(n => n != origin)]);
        }

        await DeliveredAsync("bank-ceptoar", _amberToCouncil, "council");
        await DeliveredAsync("bank-ceptoar", _amberToElectricity, "electricity-ceptoar");
        await DeliveredAsync("bank-ceptoar", _redToNisc, "nisc");
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(QueryScope.Peers)]
    [InlineData(QueryScope.Federation)]
    public async Task QueryItems_FromCouncil_GreenFromEverySecretariatAmberOnlyAsRecipientNoRed(QueryScope scope)
    {
        var answer = await Council.QueryItemsAsync(new QueryItemsRequest { Scope = scope, Spec = new QuerySpec(), DeadlineMs = 10_000 });

        var ids = answer.Items.Select(i => i.Item.Id).ToHashSet();
        Assert.All(_green.Values, id => Assert.Contains(id, ids));
        Assert.Contains(_amberToCouncil, ids);
        Assert.DoesNotContain(_amberToElectricity, ids);
        Assert.DoesNotContain(_redToNisc, ids);
        Assert.All(answer.Items, i => Assert.True(i.SignatureValid));
        Assert.Equal(ids.Count, answer.Items.Count);
        foreach (var nodeId in TestCluster.Secretariats.Append("nisc"))
        {
            var status = Assert.Single(answer.Statuses, s => s.NodeId == nodeId);
            Assert.True(status.Status == "answered", $"{nodeId}: {status.Status} {status.Reason}");
        }

        var audit = await Council.ListAuditAsync(new ListAuditRequest { Action = "query.ask", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Action == "query.ask" && e.Subject == answer.QueryId);
        var bankAudit = await _cluster["bank-ceptoar"].Admin.ListAuditAsync(new ListAuditRequest { Action = "query.answer", Limit = 1000 });
        Assert.Contains(bankAudit.Entries, e => e.Action == "query.answer" && e.Subject == answer.QueryId && e.Actor == "peer:council");
    }

    [Fact]
    public async Task QueryItems_Indicator_ListsEveryNodeThatHasSeenIt()
    {
        var answer = await Council.QueryItemsAsync(new QueryItemsRequest { Scope = QueryScope.Peers, Spec = new QuerySpec { Indicator = SharedIndicator.ToUpperInvariant() + " " } });

        Assert.Equal(_green.Values.Order(), answer.Items.Select(i => i.Item.Id).Order());
        foreach (var (origin, itemId) in _green)
        {
            var seenAt = answer.Items.Single(i => i.Item.Id == itemId).SeenAt;
            Assert.Equal(TestCluster.Secretariats.Append("nisc").Order(), seenAt.Order());
            Assert.Contains(origin, seenAt);
        }
    }

    [Fact]
    public async Task QueryItems_OneSecretariatStopped_UnreachableOthersIntactWithinDeadline()
    {
        await _cluster["electricity-ceptoar"].DisposeAsync();
        _cluster.Nodes.Remove("electricity-ceptoar", out var stopped);

        var clock = Stopwatch.StartNew();
        var answer = await Council.QueryItemsAsync(new QueryItemsRequest { Scope = QueryScope.Federation, Spec = new QuerySpec { Indicator = SharedIndicator }, DeadlineMs = 1000 });
        clock.Stop();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(answer.ElapsedMs < 3000);
        Assert.Equal("unreachable", Assert.Single(answer.Statuses, s => s.NodeId == "electricity-ceptoar").Status);
        Assert.Equal(_green.Values.Order(), answer.Items.Select(i => i.Item.Id).Order());
        Assert.Equal(["bank-ceptoar", "local-gov-ceptoar", "nisc"], answer.Statuses.Where(s => s.Status == "answered").Select(s => s.NodeId).Order());
        Assert.NotNull(stopped);
    }

    [Fact]
    public async Task Query_FromANodeThatIsNotAPeer_PermissionDenied()
    {
        using var rogue = new RawPeer(_cluster["bank-ceptoar"].Ready.FederationEndpoint!,
            RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("water-ceptoar")), _cluster.Federation.RootCertificate);

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => rogue.Client.QueryAsync(new QueryRequest { QueryId = Core.Items.UuidV7.NewId() }).ResponseAsync);

        Assert.Equal(Grpc.Core.StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public async Task QueryItems_OverThePeersRateLimit_RefusedWithResourceExhausted()
    {
        var statuses = new List<NodeQueryStatus>();
        for (var i = 0; i < 3; i++)
        {
            var answer = await Council.QueryItemsAsync(new QueryItemsRequest { Scope = QueryScope.Peers, Spec = new QuerySpec { Indicator = SharedIndicator } });
            statuses.Add(answer.Statuses.Single(s => s.NodeId == "local-gov-ceptoar"));
            Assert.Equal("answered", answer.Statuses.Single(s => s.NodeId == "bank-ceptoar").Status);
        }

        Assert.Equal(["answered", "answered", "refused"], statuses.Select(s => s.Status));
        Assert.StartsWith("ResourceExhausted", statuses[2].Reason);
    }

    [Fact]
    public async Task AdminCli_QueryIndicatorAndDirectory_AgainstTheCouncil_ShowWhoHasSeenItAndTheNodes()
    {
        var socket = _cluster["council"].Ready.AdminSocket;
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Ceptoar.AdminCli.CliApp.RunAsync(["query", "indicator", SharedIndicator, "--scope", "peers", "--socket", socket], output, error);

        Assert.True(code == 0, error.ToString());
        Assert.Contains($"{SharedIndicator} (IPv4) seen in 3 items", output.ToString());
        foreach (var secretariat in TestCluster.Secretariats)
        {
            Assert.Contains(secretariat, output.ToString());
        }

        var directory = new StringWriter();
        Assert.Equal(0, await Ceptoar.AdminCli.CliApp.RunAsync(["directory", "--json", "--socket", socket], directory, error));
        foreach (var node in TestCluster.Secretariats.Concat(TestCluster.Hubs))
        {
            Assert.Contains($"\"{node}\"", directory.ToString());
        }
    }

    [Fact]
    public async Task GetDirectory_ListsTheFiveNodesWithNamesAndRoles()
    {
        var directory = await Council.GetDirectoryAsync(new GetDirectoryRequest());

        Assert.Equal(TestCluster.Hubs.Concat(TestCluster.Secretariats).Order(), directory.Nodes.Select(n => n.NodeId).Order());
        Assert.All(directory.Nodes, n => Assert.True(n.Verified && n.NameEn.Length > 0 && n.NameJa.Length > 0 && n.Endpoints.Count > 0, n.NodeId));
        Assert.Equal("council", directory.Nodes.Single(n => n.NodeId == "council").Role);
        Assert.Equal("secretariat", directory.Nodes.Single(n => n.NodeId == "bank-ceptoar").Role);
        Assert.Equal(["finance"], directory.Nodes.Single(n => n.NodeId == "bank-ceptoar").Sectors);
    }

    private AdminService.AdminServiceClient Council => _cluster["council"].Admin;

    private Task DeliveredAsync(string origin, string itemId, params string[] recipients) =>
        Until.TrueAsync(async () =>
        {
            var status = await _cluster[origin].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = itemId });
            return recipients.All(n => status.Recipients.Any(r => r.NodeId == n && r.State is "delivered" or "acknowledged"));
        }, TimeSpan.FromSeconds(60), $"{itemId} from {origin} delivered to {string.Join(", ", recipients)}");
}
