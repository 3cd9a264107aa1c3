using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// At a real federation door, from a configured peer with its real keys: a node not certified incident-handling (the FSA, a
/// ministry) refuses a crime-damage report addressed to it, clear or sealed, and stores nothing; the incident-handling node
/// (npa) takes it (docs/MODES.md §3).
/// </summary>
public sealed class CrimeDamageAcceptanceTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _fsa = null!;
    private TestNode _police = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _federation.NodeCertificates("fsa", NodeRole.Ministry);
        _federation.NodeCertificates("npa", NodeRole.IncidentHandling);
        _federation.NodeCertificates("bank-ceptoar", NodeRole.Secretariat);
        _fsa = await TestNode.StartAsync(_federation, "fsa", _dir.Combine("fsa"), s =>
        {
            s["Node:Role"] = "ministry";
            s["Node:Ministry"] = "fsa";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        _police = await TestNode.StartAsync(_federation, "npa", _dir.Combine("npa"), s =>
        {
            s["Node:Role"] = "incident-handling";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        foreach (var node in new[] { _fsa, _police })
        {
            // Nothing listens there: the peer only has to be configured for its certificates to pass the federation gate.
            await node.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        }
    }

    public async Task DisposeAsync()
    {
        await _fsa.DisposeAsync();
        await _police.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Exchange_ClearCrimeDamageToAMinistry_RejectedNamingWhoTakesIt_NotStored()
    {
        var report = CrimeDamage("fsa");

        var result = await SendAsync(_fsa, report);

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Contains("a crime-damage report is for incident-handling nodes only; fsa is not certified as one", result.Reason, StringComparison.Ordinal);
        await AssertNotStoredAsync(_fsa, report.Id);
    }

    [Fact]
    public async Task Exchange_SealedCrimeDamageToAMinistry_Rejected_NotStored()
    {
        var report = CrimeDamage("fsa");
        var fsa = Recipient("fsa");

        var result = await SendAsync(_fsa, report, signer => ItemSealer.Seal(signer, report, [fsa]));

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Contains("fsa is not certified as one", result.Reason, StringComparison.Ordinal);
        await AssertNotStoredAsync(_fsa, report.Id);
    }

    [Fact]
    public async Task Exchange_SealedCrimeDamageToTheIncidentHandlingNode_Stored()
    {
        var report = CrimeDamage("npa");
        var police = Recipient("npa");

        var result = await SendAsync(_police, report, signer => ItemSealer.Seal(signer, report, [police]));

        Assert.Equal(DeliveryOutcome.Accepted, result.Outcome);
        var stored = await _police.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = report.Id });
        Assert.Equal(ItemKind.CrimeDamage, stored.Item.Kind);
    }

    private static Item CrimeDamage(string to)
    {
        var item = RawPeer.Item(Tlp.Green);
        item.Kind = ItemKind.CrimeDamage;
        item.Voluntary = true;
        item.Audience = new Audience { Nodes = { to } };
        return item;
    }

    private SealRecipient Recipient(string nodeId) =>
        SealRecipient.FromCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(new NodeKeyFiles(_federation.NodeCertificates(nodeId)).EncryptionCertificate)));

    private static async Task AssertNotStoredAsync(TestNode node, string itemId)
    {
        var lookup = await Assert.ThrowsAsync<RpcException>(() => node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
    }

    /// <summary>Sends one item signed by bank-ceptoar (a certified secretariat) over its own mutual-TLS connection, after its descriptor.</summary>
    private async Task<DeliveryResult> SendAsync(TestNode to, Item item, Func<EnvelopeSigner, Envelope>? envelopeOf = null)
    {
        var files = _federation.NodeCertificates("bank-ceptoar");
        var credentials = NodeCredentials.Load(new NodeKeyFiles(files), "bank-ceptoar", TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        using var peer = new RawPeer(to.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(files), _federation.RootCertificate);
        var now = DateTimeOffset.UtcNow;
        await peer.Client.HelloAsync(new HelloRequest
        {
            NodeDescriptor = NodeDescriptors.Sign(credentials, new NodeDescriptor
            {
                Role = NodeRole.Secretariat, NameEn = "bank-ceptoar", Sectors = { "finance" },
                IssuedAt = Timestamp.FromDateTimeOffset(now), ValidUntil = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            }),
        });
        var signer = credentials.CreateEnvelopeSigner();
        var envelope = envelopeOf is null ? ItemEnvelope.Sign(signer, item) : envelopeOf(signer);
        return (await peer.SendAsync(envelope)).Results.Single();
    }
}
