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
    public async Task Exchange_CertificateRevokedInTheConfigFileWhileOpen_EndsUnauthenticatedWithoutRestartAndAudited()
    {
        var config = _dir.Combine("council.json");
        await File.WriteAllTextAsync(config, """{ "Federation": { "RevokedCertificates": [] } }""");
        await using var council = await StartCouncilAsync(config);
        var certificate = BankCertificate();
        using var bank = new RawPeer(council.Ready.FederationEndpoint!, certificate, _federation.RootCertificate);
        using var exchange = await OpenExchangeAsync(bank);

        // The thumbprint as `ceptoar-admin pki show` prints it: SHA-256 of the certificate's DER bytes, in hex.
        var thumbprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        await File.WriteAllTextAsync(config, $$"""{ "Federation": { "RevokedCertificates": [ "{{thumbprint}}" ] } }""");

        var error = await Assert.ThrowsAsync<RpcException>(() => exchange.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains($"(SHA-256 {thumbprint}) is revoked", error.Status.Detail);
        var hello = await Assert.ThrowsAsync<RpcException>(() => bank.Client.HelloAsync(new HelloRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, hello.StatusCode);
        await AssertEndAuditedAsync(council, "is revoked");
    }

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

    /// <summary>The council, with bank-ceptoar as its peer (its own link to the bank dials a closed port; only the bank's calls matter here).</summary>
    private async Task<TestNode> StartCouncilAsync(string? configFile = null)
    {
        var council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        }, configFile);
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
