using System.Net;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace Ceptoar.Node.Tests.Monitoring;

/// <summary>
/// GET /metrics on the monitoring listener only, GET only, and no MeterProvider without that listener
/// (docs/OPERATIONS.md §4); the outbox gauges per peer.
/// </summary>
public sealed class MetricsDoorTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TestFederation _federation;

    public MetricsDoorTests() => _federation = new TestFederation(_dir.Combine("pki"));

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Metrics_GetOnMonitoringListener_PrometheusText()
    {
        await using var node = await StartAsync();

        using var response = await _http.GetAsync(new Uri(new Uri(node.Ready.MonitoringEndpoint!), "/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var scrape = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("gauge", scrape.Families["ceptoar_writer_queue_length"]);
        Assert.Equal("gauge", scrape.Families["ceptoar_notifications_pending"]);
        Assert.Equal("gauge", scrape.Families["ceptoar_member_feed_lag"]);
    }

    [Theory]
    [InlineData("POST", "/metrics", HttpStatusCode.MethodNotAllowed)]
    [InlineData("PUT", "/metrics", HttpStatusCode.MethodNotAllowed)]
    [InlineData("DELETE", "/metrics", HttpStatusCode.MethodNotAllowed)]
    [InlineData("HEAD", "/metrics", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/metrics/", HttpStatusCode.NotFound)]
    [InlineData("GET", "/metrics/extra", HttpStatusCode.NotFound)]
    [InlineData("GET", "/METRICS", HttpStatusCode.NotFound)]
    [InlineData("GET", "/v1/items", HttpStatusCode.NotFound)]
    public async Task Metrics_OtherMethodsAndPaths_RefusedOnMonitoringListener(string method, string path, HttpStatusCode expected)
    {
        await using var node = await StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(new Uri(node.Ready.MonitoringEndpoint!), path));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("ceptoar_items_submitted_total 1e9");
        }

        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.MethodNotAllowed)
        {
            Assert.Equal("GET", response.Content.Headers.Allow.Single());
        }

        Assert.DoesNotContain("ceptoar_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_OnMemberFederationAndAdminDoors_NotServed()
    {
        await using var node = await StartAsync();
        var bankTls = RawPeer.TlsCertificateOf(_federation.NodeCertificates("council"));
        using var member = new HttpClient(Clients.TlsHandler(node.Root));
        using var federation = new HttpClient(Clients.TlsHandler(node.Root, bankTls));
        using var admin = new HttpClient(Clients.AdminHandler(node.Ready.AdminSocket));
        var doors = new (HttpClient Client, string Root, Version Version)[]
        {
            (member, node.Ready.MemberEndpoint!, HttpVersion.Version11),
            (member, node.Ready.MemberEndpoint!, HttpVersion.Version20),
            (federation, node.Ready.FederationEndpoint!, HttpVersion.Version20),
            (admin, "http://localhost", HttpVersion.Version20),
        };

        foreach (var (client, root, version) in doors)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(root), "/metrics")) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("ceptoar_", body, StringComparison.Ordinal);
            Assert.DoesNotContain("# TYPE", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Build_MonitoringListenOff_NoMeterProvider()
    {
        await using var node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"));

        Assert.Null(node.Ready.MonitoringEndpoint);
        Assert.Null(node.Services.GetService<MeterProvider>());
        // The instruments are there to record into, with nobody listening.
        Assert.NotNull(node.Services.GetService<NodeMetrics>());
    }

    [Fact]
    public async Task Metrics_PeerDownWithThreeItemsWaiting_OutboxDepthAndOldestAgeForThatPeer()
    {
        // A node process, as deployed: a MeterProvider listens to every Meter of its name in its process, so a node hosted
        // in the test process would meet the instruments of every other in-process node of the test run.
        await using var node = await NodeProcess.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), s =>
        {
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Node:MonitoringListen"] = "127.0.0.1:0";
        });
        // The council is met once (its descriptor known, so items route to it), then goes down.
        await using (var council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        }))
        {
            await council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = node.Ready.FederationEndpoint! });
            await node.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "council", Endpoint = council.Ready.FederationEndpoint! });
            await Until.TrueAsync(
                async () => (await node.Admin.ListPeersAsync(new ListPeersRequest())).Peers.Single(p => p.NodeId == "council").State.Role.Length > 0,
                Deadline,
                "bank-ceptoar knows the council's descriptor");
        }

        var before = await PrometheusText.ScrapeAsync(_http, node.Ready.MonitoringEndpoint!);
        var key = await node.AddMemberWithKeyAsync("outbox-bank");
        var submitted = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            var draft = Drafts.Incident(Tlp.Green);
            draft.Audience = new Audience { WholeFederation = true };
            await node.Member(key).SubmitAsync(Drafts.Request(draft));
        }

        // The oldest entry ages with the clock: wait until it is two seconds old.
        PrometheusText after = before;
        await Until.TrueAsync(async () =>
        {
            after = await PrometheusText.ScrapeAsync(_http, node.Ready.MonitoringEndpoint!);
            return after.Value("ceptoar_outbox_oldest_age_seconds", ("peer", "council")) >= 2;
        }, Deadline, "the oldest entry for the council is two seconds old");
        var waited = (DateTimeOffset.UtcNow - submitted).TotalSeconds;

        Assert.Equal(0, before.Value("ceptoar_outbox_depth", ("peer", "council")));
        Assert.Equal(0, before.Value("ceptoar_outbox_oldest_age_seconds", ("peer", "council")));
        Assert.Equal(3, after.Value("ceptoar_outbox_depth", ("peer", "council")));
        Assert.InRange(after.Value("ceptoar_outbox_oldest_age_seconds", ("peer", "council")), 2, waited + 1);
    }

    private Task<TestNode> StartAsync() => TestNode.StartAsync(
        _federation,
        "bank-ceptoar",
        _dir.Combine("data"),
        s =>
        {
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Node:MonitoringListen"] = "127.0.0.1:0";
        });
}
