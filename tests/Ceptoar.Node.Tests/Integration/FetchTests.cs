using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>A node that knows it is missing items fetches them from a peer, through the same checks as a delivery.</summary>
public sealed class FetchTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _council = null!;
    private TestNode _electricity = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        _electricity = await TestNode.StartAsync(_federation, "electricity-ceptoar", _dir.Combine("electricity"), s =>
        {
            s["Node:Sectors:0"] = "electricity";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        await _electricity.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "council", Endpoint = _council.Ready.FederationEndpoint! });
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
    }

    public async Task DisposeAsync()
    {
        await _electricity.DisposeAsync();
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task FetchItems_ItemsTheNodeMissed_AcceptedOnce_AndNothingItMayNotHave()
    {
        // While electricity-ceptoar is not yet the council's peer, bank-ceptoar hands the council two items.
        var bank = NodeCredentials.Load(new NodeKeyFiles(_federation.NodeCertificates("bank-ceptoar")), "bank-ceptoar", TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        using var peer = new RawPeer(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_federation.NodeCertificates("bank-ceptoar")), _federation.RootCertificate);
        await peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = NodeDescriptors.Sign(bank, new NodeDescriptor { Role = NodeRole.Secretariat, ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), Sectors = { "finance" } }) });
        var forEveryone = RawPeer.Item(Tlp.Green);
        forEveryone.Audience = new Audience { WholeFederation = true };
        var forCouncilOnly = RawPeer.Item(Tlp.Green);
        forCouncilOnly.Audience = new Audience { Nodes = { "council" } };
        var ack = await peer.SendAsync(ItemEnvelope.Sign(bank.CreateEnvelopeSigner(), forEveryone), ItemEnvelope.Sign(bank.CreateEnvelopeSigner(), forCouncilOnly));
        Assert.All(ack.Results, r => Assert.Equal(DeliveryOutcome.Accepted, r.Outcome));

        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "electricity-ceptoar", Endpoint = _electricity.Ready.FederationEndpoint! });
        await Until.TrueAsync(async () => (await _electricity.Admin.GetStatusAsync(new GetStatusRequest())).KnownNodes.Contains("bank-ceptoar"),
            TimeSpan.FromSeconds(30), "electricity-ceptoar learned bank-ceptoar's descriptor from the council");
        Assert.Empty((await _electricity.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);

        var unknown = Core.Items.UuidV7.NewId();
        var fetched = await _electricity.Admin.FetchItemsAsync(new FetchItemsRequest { Peer = "council", ItemIds = { forEveryone.Id, forCouncilOnly.Id, unknown } });
        var again = await _electricity.Admin.FetchItemsAsync(new FetchItemsRequest { Peer = "council", ItemIds = { forEveryone.Id } });

        Assert.Equal("accepted", fetched.Outcomes.Single(o => o.ItemId == forEveryone.Id).Outcome);
        Assert.Equal("missing", fetched.Outcomes.Single(o => o.ItemId == forCouncilOnly.Id).Outcome);
        Assert.Equal("missing", fetched.Outcomes.Single(o => o.ItemId == unknown).Outcome);
        Assert.Equal("duplicate", again.Outcomes.Single().Outcome);
        var held = await _electricity.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = forEveryone.Id });
        Assert.True(held.Verification.Valid, held.Verification.Problem);
        Assert.Single((await _electricity.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }
}
