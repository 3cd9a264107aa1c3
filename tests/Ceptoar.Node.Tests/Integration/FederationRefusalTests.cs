using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Receipts;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Hostile or mistaken peers: each is refused with the right status (or per-item result) and an audit entry.</summary>
public sealed class FederationRefusalTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    private RunningNode Council => _cluster["council"];

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, processes: true);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Connect_CertificateFromAnUnknownRoot_UnauthenticatedAndAudited()
    {
        using var rogue = FederationCa.CreateRoot("Rogue Root", TimeSpan.FromDays(30));
        rogue.IssueNode("bank-ceptoar", _dir.Combine("rogue"), TimeSpan.FromDays(30));

        var error = await HelloAsync(RawPeer.TlsCertificateOf(_dir.Combine("rogue")));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(("PEER_CERTIFICATE_INVALID", "ceptoar.jp"), ReasonOf(error));
        await AssertAuditedAsync("peer.refused", "client certificate refused");
    }

    [Fact]
    public async Task Connect_ExpiredCertificate_UnauthenticatedAndAudited()
    {
        var now = DateTimeOffset.UtcNow;
        _cluster.Federation.Ca.IssueNode("bank-ceptoar", _dir.Combine("expired"), TimeSpan.FromDays(1), notBefore: now.AddDays(-10), notAfter: now.AddDays(-1));

        var error = await HelloAsync(RawPeer.TlsCertificateOf(_dir.Combine("expired")));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("expired", error.Status.Detail);
        Assert.Equal(("PEER_CERTIFICATE_INVALID", "ceptoar.jp"), ReasonOf(error));
        await AssertAuditedAsync("peer.refused", "expired");
    }

    [Fact]
    public async Task Connect_ValidNodeThatIsNotAConfiguredPeer_PermissionDeniedAndAudited()
    {
        var error = await HelloAsync(RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("water-ceptoar")));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("water-ceptoar", error.Status.Detail);
        Assert.Equal(("PEER_NOT_CONFIGURED", "ceptoar.jp"), ReasonOf(error));
        await AssertAuditedAsync("peer.refused", "not a configured peer");
    }

    /// <summary>The ErrorInfo the gate wrote trailers-only (docs/OPERATIONS.md §5).</summary>
    private static (string Reason, string Domain) ReasonOf(RpcException error)
    {
        var info = error.GetRpcStatus()!.Details.Single(d => d.Is(Google.Rpc.ErrorInfo.Descriptor)).Unpack<Google.Rpc.ErrorInfo>();
        return (info.Reason, info.Domain);
    }

    [Fact]
    public async Task Exchange_ForgedOriginTamperedPayloadAndForbiddenPath_EachRejectedAndAudited()
    {
        var bank = Bank();
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("bank-ceptoar")), _cluster.Federation.RootCertificate);

        // Signed by bank-ceptoar, claiming to come from electricity-ceptoar.
        var forged = ItemEnvelope.Sign(bank, RawPeer.Item(Tlp.Green, origin: "electricity-ceptoar"));
        // Signed correctly, then one byte of the payload changed in transit.
        var tampered = ItemEnvelope.Sign(bank, RawPeer.Item(Tlp.Green));
        var bytes = tampered.Payload.ToByteArray();
        bytes[^5] ^= 0x01;
        tampered.Payload = ByteString.CopyFrom(bytes);
        // AMBER for electricity-ceptoar in clear, handed to a hub: that path is forbidden for AMBER.
        var amber = RawPeer.Item(Tlp.Amber);
        amber.Audience = new Audience { Nodes = { "electricity-ceptoar" } };
        var wrongPath = ItemEnvelope.Sign(bank, amber);

        var ack = await peer.SendAsync(forged, tampered, wrongPath);

        Assert.All(ack.Results, r => Assert.Equal(DeliveryOutcome.Rejected, r.Outcome));
        Assert.Contains("OriginMismatch", ack.Results[0].Reason);
        Assert.Contains("BadSignature", ack.Results[1].Reason);
        Assert.Contains("TLP:AMBER", ack.Results[2].Reason);
        var audit = await Council.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.receive", Limit = 1000 });
        Assert.Equal(3, audit.Entries.Count(e => e.Outcome == "rejected" && e.Actor == "peer:bank-ceptoar"));
        var stored = await Council.Admin.ListItemsAsync(new AdminListItemsRequest());
        Assert.DoesNotContain(stored.Items, i => i.Title == "raw peer item");
    }

    [Fact]
    public async Task Exchange_ReplayedEnvelope_AbsorbedOnce_AndAnExpiredReplayRejectedAndAudited()
    {
        var bank = Bank();
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("bank-ceptoar")), _cluster.Federation.RootCertificate);
        var envelope = ItemEnvelope.Sign(bank, RawPeer.Item(Tlp.Green));

        var first = await peer.SendAsync(envelope);
        var replay = await peer.SendAsync(envelope);

        Assert.Equal(DeliveryOutcome.Accepted, first.Results.Single().Outcome);
        Assert.Equal(DeliveryOutcome.Duplicate, replay.Results.Single().Outcome);
        var stored = await Council.Admin.ListItemsAsync(new AdminListItemsRequest { OriginNode = "bank-ceptoar" });
        Assert.Single(stored.Items, i => i.Title == "raw peer item");

        // An old envelope replayed after its expiry: the origin's signature still holds, the label's time does not.
        var old = RawPeer.Item(Tlp.Green);
        old.CreatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-10));
        old.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1));
        var expired = await peer.SendAsync(ItemEnvelope.Sign(bank, old));

        Assert.Equal(DeliveryOutcome.Rejected, expired.Results.Single().Outcome);
        Assert.Contains("expired", expired.Results.Single().Reason);
        await AssertAuditedAsync("item.receive", "expired");
    }

    [Fact]
    public async Task Exchange_VerifiedItemRefusedByPolicy_TheOriginSeesTheRefusalAndItsReason()
    {
        // A real AMBER report for electricity-ceptoar only, then its signed envelope handed to the council directly.
        var bank = _cluster["bank-ceptoar"];
        var member = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var draft = Drafts.Incident(Tlp.Amber, "AMBER for electricity only");
        draft.Audience = new Audience { Nodes = { "electricity-ceptoar" } };
        var submitted = await member.SubmitAsync(Drafts.Request(draft));
        var envelope = (await bank.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = submitted.ItemId })).Envelope;
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("bank-ceptoar")), _cluster.Federation.RootCertificate);

        var ack = await peer.SendAsync(envelope);

        Assert.Equal(DeliveryOutcome.Rejected, ack.Results.Single().Outcome);
        await Until.TrueAsync(async () =>
        {
            var status = await bank.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = submitted.ItemId });
            return status.Recipients.Any(r => r.NodeId == "council" && r.State == "rejected" && r.Reason.Contains("not addressed to council"));
        }, TimeSpan.FromSeconds(30), "the council's signed refusal reached the origin");
    }

    [Fact]
    public async Task Exchange_ReceiptsForSeveralItems_WellFormedOnesTakenBadOnesRejectedWithTheirReasonAndAudited()
    {
        var bank = Bank();
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("bank-ceptoar")), _cluster.Federation.RootCertificate);
        var ids = Enumerable.Range(0, ReceiptRules.MaxItemsPerReceipt + 1).Select(_ => Core.Items.UuidV7.NewId()).ToArray();
        Envelope Signed(string first, IEnumerable<string> others) => bank.Sign(PayloadTypes.Receipt, new Receipt
        {
            ItemId = first, ItemIds = { others }, OriginNode = "electricity-ceptoar", RecipientNode = "bank-ceptoar",
            Kind = ReceiptKind.Delivered, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        }.ToByteString());

        var ack = await peer.SendAsync(
            Signed(ids[0], ids[1..3]),
            Signed(ids[3], []),
            Signed(ids[4], [ids[5], ids[4]]),
            Signed(ids[0], ids[1..]),
            Signed(ids[6], ["not-an-item-id"]));

        Assert.Equal([DeliveryOutcome.Accepted, DeliveryOutcome.Accepted, DeliveryOutcome.Rejected, DeliveryOutcome.Rejected, DeliveryOutcome.Rejected],
            ack.Results.Select(r => r.Outcome));
        Assert.Contains($"names item {ids[4]} twice", ack.Results[2].Reason);
        Assert.Contains($"names {ids.Length} items, more than the {ReceiptRules.MaxItemsPerReceipt} allowed", ack.Results[3].Reason);
        Assert.Contains("item_ids[0] 'not-an-item-id' is not a UUIDv7", ack.Results[4].Reason);
        var audit = await Council.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.receive", Limit = 1000 });
        Assert.Equal(3, audit.Entries.Count(e => e.Outcome == "rejected" && e.Actor == "peer:bank-ceptoar"));
    }

    private EnvelopeSigner Bank() =>
        NodeCredentials.Load(new NodeKeyFiles(_cluster.Federation.NodeCertificates("bank-ceptoar")), "bank-ceptoar", TrustBundle.Load([_cluster.Federation.RootCertificatePath]), DateTimeOffset.UtcNow)
            .CreateEnvelopeSigner();

    private async Task<RpcException> HelloAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, certificate, _cluster.Federation.RootCertificate);
        return await Assert.ThrowsAsync<RpcException>(() => peer.Client.HelloAsync(new HelloRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);
    }

    private async Task AssertAuditedAsync(string action, string detail)
    {
        var audit = await Council.Admin.ListAuditAsync(new ListAuditRequest { Action = action, Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Outcome is "denied" or "rejected" && e.Detail.Contains(detail, StringComparison.OrdinalIgnoreCase));
    }
}
