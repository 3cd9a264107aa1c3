using System.Net;
using System.Net.Http.Headers;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ceptoar.Node.Tests.Monitoring;

/// <summary>
/// Three real node processes with monitoring listeners (bank-ceptoar ⇄ council ⇄ electricity-ceptoar) and known traffic between a
/// scrape of each before and after: two GREEN reports to the whole federation (each sent twice) and one AMBER+STRICT report to the council
/// from a bank member, one refused report, a
/// wrong API key over gRPC and REST, TAXII without credentials, a node that is not a peer at bank's federation door, and an
/// electricity member's open Subscribe stream. Shared
/// by the metrics tests (one cluster for all of them: starting three nodes is the slow part).
/// </summary>
public sealed class MetricsTraffic : IAsyncLifetime
{
    public const string Bank = "bank-ceptoar";
    public const string Hub = "council";
    public const string Electricity = "electricity-ceptoar";

    /// <summary>Distinctive strings the traffic carries: none may appear in any scrape.</summary>
    public const string BankMember = "okapi-zebra-bank";
    public const string ElectricityMember = "quokka-ibis-power";
    public const string TitleOne = "Okapi-9931 breach at the Marunouchi teller system";
    public const string TitleTwo = "Okapi-9932 forged transfer orders";
    public const string TitleStrict = "Okapi-9933 insider at the settlement desk";
    public const string WrongKey = "ck_live_wrong_key_Narwhal5512";

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly ClusterNode[] Layout =
    [
        new(Hub, NodeRole.Council, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
        new(Electricity, NodeRole.Secretariat, ["electricity"]),
    ];

    private readonly TestDirectory _dir = new();
    private readonly CancellationTokenSource _stopStream = new();
    private TestCluster _cluster = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    internal Dictionary<string, PrometheusText> Before { get; } = [];

    /// <summary>After the traffic, with the electricity member's stream still open.</summary>
    internal Dictionary<string, PrometheusText> After { get; } = [];

    /// <summary>Electricity's scrape once the stream was closed.</summary>
    internal PrometheusText Closed { get; private set; } = null!;

    /// <summary>The API keys issued: secrets that may appear in no scrape.</summary>
    public List<string> Keys { get; } = [];

    public async Task InitializeAsync()
    {
        // Node processes, one node per process as deployed: a MeterProvider listens to every Meter of its name in its process,
        // so nodes hosted in one process would each count the others' traffic too.
        _cluster = await TestCluster.StartAsync(_dir.Path, Layout, processes: true, (_, s) => s["Node:MonitoringListen"] = "127.0.0.1:0");
        // Each node's links dial its peers: the council takes an exchange stream from each secretariat, each secretariat one from the council.
        await UntilAsync(Hub, s => s.Value("ceptoar_streams_open", ("door", "federation")) == 2, "the council has an exchange stream from each secretariat");
        await UntilAsync(Bank, s => s.Value("ceptoar_streams_open", ("door", "federation")) == 1, "bank has the council's exchange stream");
        await UntilAsync(Electricity, s => s.Value("ceptoar_streams_open", ("door", "federation")) == 1, "electricity has the council's exchange stream");
        foreach (var node in Layout)
        {
            Before[node.Id] = await ScrapeAsync(node.Id);
        }

        var bankKey = await _cluster[Bank].AddMemberWithKeyAsync(BankMember, "finance");
        var readerKey = await _cluster[Electricity].AddMemberWithKeyAsync(ElectricityMember, "electricity");
        Keys.AddRange([bankKey, readerKey]);

        var reader = _cluster[Electricity].Member(readerKey);
        using var stream = reader.Subscribe(new SubscribeRequest { AfterCursor = 0 }, cancellationToken: _stopStream.Token);
        await stream.ResponseHeadersAsync.WaitAsync(Deadline);

        var bank = _cluster[Bank].Member(bankKey);
        foreach (var title in new[] { TitleOne, TitleTwo })
        {
            var draft = Drafts.Incident(Tlp.Green, title);
            draft.Audience = new Audience { WholeFederation = true };
            var request = Drafts.Request(draft);
            Assert.False((await bank.SubmitAsync(request)).Duplicate);
            // The same request again (a client retrying): answered as the first, stored and counted once.
            Assert.True((await bank.SubmitAsync(request)).Duplicate);
        }

        // AMBER+STRICT, addressed to the council alone (Drafts.Incident's audience for that label).
        await bank.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.AmberStrict, TitleStrict)));

        var refused = Drafts.Incident(Tlp.Green, "");
        refused.Audience = new Audience { WholeFederation = true };
        var invalid = await Assert.ThrowsAsync<RpcException>(() => bank.SubmitAsync(Drafts.Request(refused)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _cluster[Bank].Member(WrongKey).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await MemberHttpAsync("/v1/whoami", WrongKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await MemberHttpAsync("/taxii2/", null));
        // Electricity's own certificate at bank's federation door: valid, but electricity is not bank's peer.
        var electricityTls = RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates(Electricity));
        using (var channel = GrpcChannel.ForAddress(_cluster[Bank].Ready.FederationEndpoint!, new GrpcChannelOptions { HttpHandler = Clients.TlsHandler(_cluster[Bank].Root, electricityTls) }))
        {
            var notPeer = await Assert.ThrowsAsync<RpcException>(() => new FederationService.FederationServiceClient(channel).HelloAsync(new HelloRequest()).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, notPeer.StatusCode);
        }


        var titles = new List<string>();
        using (var read = CancellationTokenSource.CreateLinkedTokenSource(_stopStream.Token))
        {
            read.CancelAfter(Deadline);
            while (titles.Count < 2 && await stream.ResponseStream.MoveNext(read.Token))
            {
                titles.Add(stream.ResponseStream.Current.Item.Body.Title);
            }
        }

        Assert.Equal([TitleOne, TitleTwo], titles.Order(StringComparer.Ordinal));
        // Recorded after the acknowledgement is read and the stream has gone back to waiting: wait for those, not a time.
        var acks = Before[Bank].Value("ceptoar_federation_batch_ack_duration_seconds_count", ("peer", Hub));
        await UntilAsync(Bank, s => s.Value("ceptoar_federation_batch_ack_duration_seconds_count", ("peer", Hub)) > acks, "bank read the council's acknowledgement");
        await UntilAsync(Hub, s => s.Value("ceptoar_items_received_total") >= 3 && s.Value("ceptoar_items_relayed_total") >= 2
            && s.Value("ceptoar_outbox_depth", ("peer", Electricity)) == 0, "the council received all three, relayed both GREEN and its outbox to electricity drained");
        await UntilAsync(Electricity, s => s.Value("ceptoar_member_feed_lag") == 0, "the open stream caught up");
        foreach (var node in Layout)
        {
            After[node.Id] = await ScrapeAsync(node.Id);
        }

        await _stopStream.CancelAsync();
        await UntilAsync(Electricity, s => s.Value("ceptoar_streams_open", ("door", "member_grpc")) == 0, "the closed stream is no longer counted");
        Closed = await ScrapeAsync(Electricity);
    }

    public async Task DisposeAsync()
    {
        _stopStream.Dispose();
        Http.Dispose();
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    internal RunningNode Node(string id) => _cluster[id];

    internal Task<PrometheusText> ScrapeAsync(string id) => PrometheusText.ScrapeAsync(Http, _cluster[id].Ready.MonitoringEndpoint!);

    /// <summary>Scrapes <paramref name="id"/> until the condition holds, within the deadline; the last scrape is in the failure.</summary>
    internal async Task UntilAsync(string id, Func<PrometheusText, bool> condition, string what)
    {
        var last = "";
        try
        {
            await Until.TrueAsync(async () =>
            {
                var scrape = await ScrapeAsync(id);
                last = scrape.Text;
                return condition(scrape);
            }, Deadline, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; {id}'s last scrape:\n{last}", e);
        }
    }

    /// <summary>A GET on bank's member listener (REST or TAXII) with a bearer key or none; its status.</summary>
    private async Task<HttpStatusCode> MemberHttpAsync(string path, string? key)
    {
        using var http = new HttpClient(Clients.TlsHandler(_cluster[Bank].Root)) { BaseAddress = new Uri(_cluster[Bank].Ready.MemberEndpoint!) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
