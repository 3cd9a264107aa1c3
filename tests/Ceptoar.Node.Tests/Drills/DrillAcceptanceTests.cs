using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>
/// At the council hub's real federation door, from a configured peer holding its real sample keys: a drill signed by
/// a secretariat (bank-ceptoar, certified as a secretariat) is refused with the reason and stored nowhere; a drill signed
/// by NISC (certified as NISC) is taken (docs/DRILLS.md §1).
/// </summary>
public sealed class DrillAcceptanceTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _council = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        // Nothing listens there: the peers only have to be configured for their certificates to pass the federation gate.
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "nisc", Endpoint = "https://127.0.0.1:9" });
    }

    public async Task DisposeAsync()
    {
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Exchange_DrillSignedByASecretariat_RejectedNamingWhoMayDrill_NotStored()
    {
        var drill = Drill("bank-ceptoar");

        var result = await SendAsync("bank-ceptoar", NodeRole.Secretariat, drill);

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Contains("a drill is started by NISC or the Council for other nodes; bank-ceptoar is not certified as either", result.Reason, StringComparison.Ordinal);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => _council.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = drill.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task Exchange_DrillSignedByNisc_Accepted()
    {
        var drill = Drill("nisc");

        var result = await SendAsync("nisc", NodeRole.Nisc, drill);

        Assert.Equal(DeliveryOutcome.Accepted, result.Outcome);
        var stored = await _council.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = drill.Id });
        Assert.Equal(ItemKind.Drill, stored.Item.Kind);
    }

    [Fact]
    public async Task Exchange_DrillSignedByASecretariatSealedToTheHub_RejectedNamingWhoMayDrill_NotStored()
    {
        var drill = Drill("bank-ceptoar");
        var council = SealRecipient.FromCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(new NodeKeyFiles(_federation.NodeCertificates("council")).EncryptionCertificate)));

        var result = await SendAsync("bank-ceptoar", NodeRole.Secretariat, drill, signer => ItemSealer.Seal(signer, drill, [council]));

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Contains("a drill is started by NISC or the Council for other nodes; bank-ceptoar is not certified as either", result.Reason, StringComparison.Ordinal);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => _council.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = drill.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    /// <summary>Sends one item signed by <paramref name="nodeId"/> over its own mutual-TLS connection, after its descriptor.</summary>
    private async Task<DeliveryResult> SendAsync(string nodeId, NodeRole role, Item item, Func<EnvelopeSigner, Envelope>? envelopeOf = null)
    {
        var files = _federation.NodeCertificates(nodeId);
        var credentials = NodeCredentials.Load(new NodeKeyFiles(files), nodeId, TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        using var peer = new RawPeer(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(files), _federation.RootCertificate);
        var now = DateTimeOffset.UtcNow;
        await peer.Client.HelloAsync(new HelloRequest
        {
            NodeDescriptor = NodeDescriptors.Sign(credentials, new NodeDescriptor
            {
                Role = role, NameEn = nodeId, IssuedAt = Timestamp.FromDateTimeOffset(now), ValidUntil = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            }),
        });
        var signer = credentials.CreateEnvelopeSigner();
        var envelope = envelopeOf is null ? ItemEnvelope.Sign(signer, item) : envelopeOf(signer);
        return (await peer.SendAsync(envelope)).Results.Single();
    }

    private static Item Drill(string origin)
    {
        var item = RawPeer.Item(Tlp.Green, origin);
        item.Kind = ItemKind.Drill;
        item.Exercise = true;
        item.Audience = new Audience { WholeFederation = true };
        item.Drill = new Drill
        {
            InstructionJa = "受信したら確認応答してください。", InstructionEn = "Acknowledge on receipt.", AcknowledgeBy = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)),
        };
        return item;
    }
}
