using System.Net;
using System.Text.Json;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Ceptoar.Node.Tests.Monitoring;

/// <summary>
/// Health that means something (docs/OPERATIONS.md §3): each condition broken on a real node, seen on grpc.health.v1 per
/// service and on /readyz of the loopback monitoring listener.
/// </summary>
public sealed class HealthTests : IDisposable
{
    private const string MemberService = "ceptoar.federation.v1.MemberService";
    private const string FederationService = "ceptoar.federation.v1.FederationService";
    private const string AdminService = "ceptoar.federation.v1.AdminService";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _dir = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TestFederation _federation;

    public HealthTests() => _federation = new TestFederation(_dir.Combine("pki"));

    public void Dispose()
    {
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Health_AllConditionsGood_EveryServiceServingAndReadyzHealthy()
    {
        await using var node = await StartAsync();

        foreach (var service in new[] { "", MemberService, FederationService, AdminService })
        {
            Assert.Equal(ServingStatus.Serving, await StatusAsync(node, service));
        }

        var (code, body) = await GetAsync(node, "/readyz");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        string[] expected = ["certificates", "database", "disk", "peers", "writer"];
        Assert.Equal(expected, body.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray());
        var (alive, aliveBody) = await GetAsync(node, "/healthz");
        Assert.Equal(HttpStatusCode.OK, alive);
        Assert.Equal("ok", aliveBody.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_UnknownService_NotFound()
    {
        await using var node = await StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => StatusAsync(node, "ceptoar.federation.v1.NoSuchService"));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Health_FreeDiskUnderThreshold_NotServingEverywhereAnd503()
    {
        // More than any test machine has free: the threshold is above the free space.
        await using var node = await StartAsync(s => s["Health:MinFreeDiskMegabytes"] = "1000000000000");

        foreach (var service in new[] { "", MemberService, FederationService, AdminService })
        {
            Assert.Equal(ServingStatus.NotServing, await StatusAsync(node, service));
        }

        var (code, body) = await GetAsync(node, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        var disk = Check(body, "disk");
        Assert.Equal("unhealthy", disk.GetProperty("status").GetString());
        Assert.Contains("Health:MinFreeDiskMegabytes", disk.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, "/healthz")).Code);
    }

    [Fact]
    public async Task Health_DatabaseWriteLockHeldByAnotherProcess_NotServingWithDatabaseAndWriterReasons()
    {
        await using var node = await StartAsync(s =>
        {
            s["Health:WriteProbeSeconds"] = "1";
            s["Health:WriterStallSeconds"] = "1";
        });
        Assert.Equal(ServingStatus.Serving, await StatusAsync(node, MemberService));

        // Another connection takes the database's write lock: the node's writer waits on it, as behind any other holder.
        await using (var other = new SqliteConnection($"Data Source={Path.Combine(_dir.Combine("data"), "node.db")};Pooling=False"))
        {
            await other.OpenAsync();
            await using var hold = other.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE";
            await hold.ExecuteNonQueryAsync();

            foreach (var service in new[] { "", MemberService, FederationService, AdminService })
            {
                Assert.Equal(ServingStatus.NotServing, await StatusAsync(node, service));
            }

            JsonElement body = default;
            await Until.TrueAsync(
                async () =>
                {
                    (_, body) = await GetAsync(node, "/readyz");
                    return Check(body, "writer").GetProperty("status").GetString() == "unhealthy";
                },
                Deadline,
                "the writer check reports the stall");
            var (code, _) = await GetAsync(node, "/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
            Assert.Equal("unhealthy", Check(body, "database").GetProperty("status").GetString());
            Assert.Contains("not writable", Check(body, "database").GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Contains("Health:WriterStallSeconds", Check(body, "writer").GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(node, "/healthz")).Code);

            hold.CommandText = "ROLLBACK";
            await hold.ExecuteNonQueryAsync();
        }

        // The lock released: the node recovers by itself.
        await Until.TrueAsync(async () => await StatusAsync(node, MemberService) == ServingStatus.Serving, Deadline, "the node serves again once the lock is gone");
        await Until.TrueAsync(async () => (await GetAsync(node, "/readyz")).Code == HttpStatusCode.OK, Deadline, "/readyz is 200 again");
    }

    [Fact]
    public async Task Health_CertificateExpired_MemberAndFederationNotServingAdminServing()
    {
        var clock = new JumpClock();
        await using var node = await StartAsync(clock: clock);
        var notAfter = NotAfter(node);

        clock.Advance(notAfter - DateTimeOffset.UtcNow + TimeSpan.FromDays(1));

        Assert.Equal(ServingStatus.NotServing, await StatusAsync(node, ""));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(node, MemberService));
        Assert.Equal(ServingStatus.NotServing, await StatusAsync(node, FederationService));
        // The admin socket needs no certificate: staff can still reach the node to look and to fix.
        Assert.Equal(ServingStatus.Serving, await StatusAsync(node, AdminService));
        var (code, body) = await GetAsync(node, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.Contains("expired", Check(body, "certificates").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_CertificateExpiresWithinWarningDays_ServingAndReadyzDegraded()
    {
        var clock = new JumpClock();
        await using var node = await StartAsync(clock: clock);
        var notAfter = NotAfter(node);

        // Twelve hours before the earliest notAfter: inside the 1-day warning these tests set.
        clock.Advance(notAfter - DateTimeOffset.UtcNow - TimeSpan.FromHours(12));

        foreach (var service in new[] { "", MemberService, FederationService, AdminService })
        {
            Assert.Equal(ServingStatus.Serving, await StatusAsync(node, service));
        }

        var (code, body) = await GetAsync(node, "/readyz");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var certificates = Check(body, "certificates");
        Assert.Equal("degraded", certificates.GetProperty("status").GetString());
        Assert.Contains("Health:CertificateWarningDays", certificates.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_PeerBacklogOlderThanWarning_ServingAndReadyzDegradedNamingThePeer()
    {
        var clock = new JumpClock();
        await using var node = await StartAsync(clock: clock);
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

        var key = await node.AddMemberWithKeyAsync("health-bank");
        var draft = Drafts.Incident(Tlp.Green);
        draft.Audience = new Audience { WholeFederation = true };
        await node.Member(key).SubmitAsync(Drafts.Request(draft));
        await Until.TrueAsync(
            async () => (await node.Admin.ListPeersAsync(new ListPeersRequest())).Peers.Single(p => p.NodeId == "council").State.OutboxDepth > 0,
            Deadline,
            "the item waits in council's outbox");
        Assert.Equal("healthy", (await GetAsync(node, "/readyz")).Body.GetProperty("status").GetString());

        clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal(ServingStatus.Serving, await StatusAsync(node, FederationService));
        var (code, body) = await GetAsync(node, "/readyz");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        var peers = Check(body, "peers");
        Assert.Equal("degraded", peers.GetProperty("status").GetString());
        Assert.Contains("council", peers.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private async Task<TestNode> StartAsync(Action<Dictionary<string, string>>? configure = null, TimeProvider? clock = null)
    {
        return await TestNode.StartAsync(
            _federation,
            "bank-ceptoar",
            _dir.Combine("data"),
            s =>
            {
                s["Node:FederationListen"] = "127.0.0.1:0";
                s["Node:MonitoringListen"] = "127.0.0.1:0";
                // The test federation's certificates live 30 days: the default warning would always be on.
                s["Health:CertificateWarningDays"] = "1";
                configure?.Invoke(s);
            },
            clock: clock);
    }

    private static async Task<ServingStatus> StatusAsync(TestNode node, string service)
    {
        var health = new Health.HealthClient(Clients.AdminChannel(node.Ready.AdminSocket));
        return (await health.CheckAsync(new HealthCheckRequest { Service = service })).Status;
    }

    private async Task<(HttpStatusCode Code, JsonElement Body)> GetAsync(TestNode node, string path)
    {
        using var response = await _http.GetAsync(new Uri(node.Ready.MonitoringEndpoint + path));
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static JsonElement Check(JsonElement body, string name) =>
        body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static DateTimeOffset NotAfter(TestNode node)
    {
        var credentials = node.Services.GetRequiredService<NodeCredentials>();
        return new[] { credentials.TlsCertificate, credentials.SigningCertificate, credentials.EncryptionCertificate }.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()));
    }
}
