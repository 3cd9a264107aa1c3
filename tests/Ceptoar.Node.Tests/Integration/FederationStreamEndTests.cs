using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A peer's open exchange stream ends when the peer loses its standing while the stream is open: removed by the admins,
/// its certificate revoked in the running node's configuration file, or its certificate expiring.
/// </summary>
public sealed class FederationStreamEndTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();
    private readonly TestFederation _federation;

    public FederationStreamEndTests()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Exchange_PeerRemovedWhileOpen_EndsPermissionDeniedAndTheConnectionIsRefusedAndAudited()
    {
        await using var council = await StartCouncilAsync();
        using var bank = new RawPeer(council.Ready.FederationEndpoint!, BankCertificate(), _federation.RootCertificate);
        using var exchange = await OpenExchangeAsync(bank);

        await council.Admin.RemovePeerAsync(new RemovePeerRequest { NodeId = "bank-ceptoar" });

        var error = await Assert.ThrowsAsync<RpcException>(() => exchange.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("'bank-ceptoar' is not a configured peer of council", error.Status.Detail);
        // A new call on the same, already judged connection is refused too.
        var hello = await Assert.ThrowsAsync<RpcException>(() => bank.Client.HelloAsync(new HelloRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, hello.StatusCode);
        await AssertEndAuditedAsync(council, "not a configured peer");
    }

    [Fact]
    public Task Exchange_CertificateRevokedInTheConfigFileWhileOpen_EndsUnauthenticatedWithoutRestartAndAudited() =>
        RevokeInTheConfigFileWhileOpenAsync(
            thumbprint => $$"""{ "Federation": { "RevokedCertificates": [ "{{thumbprint}}" ] } }""",
            async (_, bank) =>
            {
                var hello = await Assert.ThrowsAsync<RpcException>(() => bank.Client.HelloAsync(new HelloRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
                Assert.Equal(StatusCode.Unauthenticated, hello.StatusCode);
            });

    [Fact]
    public Task Exchange_RevokedInAConfigFileThatAlsoHasBadSettings_RevocationTakesEffectAndTheNodeKeepsRunning() =>
        // Settings read only at start, edited into values the node would refuse at start: they must not stop the running
        // node, nor keep it from taking the revocation it follows.
        RevokeInTheConfigFileWhileOpenAsync(
            thumbprint => $$"""
                { "Node": { "MemberListen": "nowhere" }, "Limits": { "MaxRequestBytes": 1 },
                  "Federation": { "BatchSize": 0, "RevokedCertificates": [ "{{thumbprint}}" ] } }
                """,
            async (council, _) =>
            {
                var status = await council.Admin.GetStatusAsync(new GetStatusRequest());
                Assert.Equal("council", status.NodeId);
            });

    [Fact]
    public async Task Exchange_CertificateExpiresWhileOpen_EndsUnauthenticatedAndAudited()
    {
        await using var council = await StartCouncilAsync();
        var now = DateTimeOffset.UtcNow;
        _federation.Ca.IssueNode("bank-ceptoar", _dir.Combine("short-lived"), TimeSpan.FromSeconds(10), notBefore: now.AddMinutes(-1), notAfter: now.AddSeconds(10));
        using var bank = new RawPeer(council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_dir.Combine("short-lived")), _federation.RootCertificate);
        using var exchange = await OpenExchangeAsync(bank);

        var error = await Assert.ThrowsAsync<RpcException>(() => exchange.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("the certificate of 'bank-ceptoar' expired", error.Status.Detail);
        Assert.True(DateTimeOffset.UtcNow >= now.AddSeconds(9), "the stream ended before the certificate expired");
        await AssertEndAuditedAsync(council, "expired");
    }

    [Fact]
    public async Task PeerLinks_PeerCertificateRevokedInTheConfigFile_BothLinksBetweenTheTwoNodesGoDown()
    {
        var config = _dir.Combine("council.json");
        await File.WriteAllTextAsync(config, """{ "Federation": { "RevokedCertificates": [] } }""");
        await using var council = await StartNodeAsync("council", "council", config);
        await using var bank = await StartNodeAsync("bank-ceptoar", "secretariat");
        await council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = bank.Ready.FederationEndpoint! });
        await bank.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "council", Endpoint = council.Ready.FederationEndpoint! });
        await Until.TrueAsync(async () => (await PeerStateAsync(council, "bank-ceptoar")).Connected && (await PeerStateAsync(bank, "council")).Connected,
            Deadline, "both links are up");

        var thumbprint = Convert.ToHexStringLower(SHA256.HashData(BankCertificate().RawData));
        await File.WriteAllTextAsync(config, $$"""{ "Federation": { "RevokedCertificates": [ "{{thumbprint}}" ] } }""");
        await Until.TrueAsync(async () => (await council.Admin.ListAuditAsync(new ListAuditRequest { Action = "call.end" })).Entries.Any(e => e.Actor == "peer:bank-ceptoar"),
            Deadline, "the council reloaded its configuration and ended the bank's stream");
        // An idle sender learns that its stream was ended when it next sends: give the bank something for the council.
        var member = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank"));
        await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "after the revocation")));

        // The bank's stream into the council is ended and its reconnection refused; the council's own link to the bank
        // is dropped and its reconnection fails, because the bank's server certificate is the revoked one.
        await Until.TrueAsync(async () =>
        {
            var bankToCouncil = await PeerStateAsync(bank, "council");
            var councilToBank = await PeerStateAsync(council, "bank-ceptoar");
            return !bankToCouncil.Connected && bankToCouncil.LastError.Contains("is revoked", StringComparison.Ordinal)
                && !councilToBank.Connected && councilToBank.LastError.Length > 0;
        }, Deadline, "neither link is up any more, each with its reason");
        Assert.Equal(1ul, (await PeerStateAsync(bank, "council")).OutboxDepth);
        Assert.DoesNotContain((await council.Admin.ListItemsAsync(new AdminListItemsRequest())).Items, i => i.Title == "after the revocation");
    }

    private async Task<TestNode> StartNodeAsync(string nodeId, string role, string? configFile = null) =>
        await TestNode.StartAsync(_federation, nodeId, _dir.Combine(nodeId), s =>
        {
            s["Node:Role"] = role;
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Federation:RetryInitialMs"] = "100";
            s["Federation:RetryMaxMs"] = "1000";
        }, configFile);

    private static async Task<PeerState> PeerStateAsync(RunningNode node, string peer) =>
        (await node.Admin.ListPeersAsync(new ListPeersRequest())).Peers.Single(p => p.NodeId == peer).State;

    /// <summary>The council, with bank-ceptoar as its peer (its own link to the bank dials a closed port; only the bank's calls matter here).</summary>
    /// <summary>
    /// Opens bank-ceptoar's Exchange at a council whose config file revokes nothing, rewrites the file as
    /// <paramref name="configRevoking"/> says (given the bank certificate's thumbprint), and checks that the open stream
    /// ends Unauthenticated naming the revoked certificate, then <paramref name="then"/>, then the audit entry.
    /// </summary>
    private async Task RevokeInTheConfigFileWhileOpenAsync(Func<string, string> configRevoking, Func<RunningNode, RawPeer, Task> then)
    {
        var config = _dir.Combine("council.json");
        await File.WriteAllTextAsync(config, """{ "Federation": { "RevokedCertificates": [] } }""");
        await using var council = await StartCouncilAsync(config);
        var certificate = BankCertificate();
        using var bank = new RawPeer(council.Ready.FederationEndpoint!, certificate, _federation.RootCertificate);
        using var exchange = await OpenExchangeAsync(bank);

        // The thumbprint as `ceptoar-admin pki show` prints it: SHA-256 of the certificate's DER bytes, in hex.
        var thumbprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        await File.WriteAllTextAsync(config, configRevoking(thumbprint));

        var error = await Assert.ThrowsAsync<RpcException>(() => exchange.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"(SHA-256 {thumbprint}) is revoked", error.Status.Detail);
        await then(council, bank);
        await AssertEndAuditedAsync(council, "is revoked");
    }

    private async Task<TestNode> StartCouncilAsync(string? configFile = null)
    {
        var council = await StartNodeAsync("council", "council", configFile);
        await council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        return council;
    }

    private X509Certificate2 BankCertificate() => RawPeer.TlsCertificateOf(_federation.NodeCertificates("bank-ceptoar"));

    /// <summary>An exchange stream the council has admitted and answered once (an empty batch), held open.</summary>
    private static async Task<AsyncDuplexStreamingCall<Batch, BatchAck>> OpenExchangeAsync(RawPeer peer)
    {
        var exchange = peer.Client.Exchange(deadline: DateTime.UtcNow + Deadline);
        await exchange.RequestStream.WriteAsync(new Batch { BatchId = 1 });
        Assert.True(await exchange.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1ul, exchange.ResponseStream.Current.BatchId);
        return exchange;
    }

    private static async Task AssertEndAuditedAsync(RunningNode node, string reason)
    {
        var audit = await node.Admin.ListAuditAsync(new ListAuditRequest { Action = "call.end", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Actor == "peer:bank-ceptoar" && e.Outcome == "denied"
            && e.Subject.EndsWith("/Exchange", StringComparison.Ordinal) && e.Detail.Contains(reason, StringComparison.Ordinal));
    }
}
