using System.Text.Json;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`peers …` and `items status` against a real gRPC server on a real Unix socket.</summary>
public sealed class PeersRoundTripTests : IAsyncLifetime
{
    private const string ItemId = "01890a5d-ac96-774b-bcce-b302099a8057";
    private static readonly Timestamp LastContact = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 10, 15, 0, TimeSpan.Zero));
    private static readonly Timestamp NextAttempt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 10, 16, 30, TimeSpan.Zero));

    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task PeersAdd_SendsTheNormalizedEndpoint_AndSaysWhatComesNext()
    {
        var result = await _server.RunAsync("peers", "add", "council", "--endpoint", " https://127.0.0.1:7304/ ");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("council", _server.Service.LastAddPeer!.NodeId);
        Assert.Equal("https://127.0.0.1:7304", _server.Service.LastAddPeer.Endpoint);
        Assert.Contains("peer council added (https://127.0.0.1:7304).", result.Out);
        Assert.Contains("ceptoar-admin peers status council", result.Out);
    }

    [Fact]
    public async Task PeersAdd_AlreadyAPeer_ExitsSixWithTheNodesMessage()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "add", "council", "--endpoint", "https://127.0.0.1:7304");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("the node refused the request: council is already a peer of this node", result.Error);
    }

    [Fact]
    public async Task PeersAdd_Json_IsThePeerTheNodeReturned()
    {
        var result = await _server.RunAsync("peers", "add", "nisc", "--endpoint", "https://127.0.0.1:7305", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("nisc", document.RootElement.GetProperty("nodeId").GetString());
        Assert.Equal("https://127.0.0.1:7305", document.RootElement.GetProperty("endpoint").GetString());
        Assert.Equal("2025-04-01T09:30:00Z", document.RootElement.GetProperty("addedAt").GetString());
    }

    [Fact]
    public async Task PeersList_Table_ShowsEachLinksLiveState()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "list");

        Assert.Equal(0, result.ExitCode);
        var council = Line(result.Out, "council");
        Assert.Contains("https://127.0.0.1:7304", council);
        Assert.Contains("yes", council);
        Assert.Contains("2025-04-01 19:15:00 +09:00", council);
        Assert.Contains("12,345", council);
        var nisc = Line(result.Out, "nisc");
        Assert.Contains("no", nisc);
        Assert.Contains("1,500", nisc);
        Assert.Contains("4 min 05 s", nisc);
        Assert.Contains("connection refused", nisc);
        Assert.Contains("2025-04-01 19:16:30 +09:00", nisc);
        Assert.Contains("1 of 2 peers connected; 1,500 items waiting in outboxes.", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out);
    }

    [Fact]
    public async Task PeersList_Json_IsOneDocumentWithTheState()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var peers = document.RootElement.GetProperty("peers");
        Assert.Equal(2, peers.GetArrayLength());
        var nisc = peers[1].GetProperty("state");
        Assert.False(nisc.GetProperty("connected").GetBoolean());
        Assert.Equal("1500", nisc.GetProperty("outboxDepth").GetString());
        Assert.Equal(245, nisc.GetProperty("oldestSeconds").GetDouble());
        Assert.Equal("connection refused", nisc.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task PeersList_NoPeers_SaysHowToAddOne()
    {
        var result = await _server.RunAsync("peers", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no peers yet; add one with: ceptoar-admin peers add NODE-ID --endpoint https://host:port", result.Out);
    }

    [Fact]
    public async Task PeersRemove_KnownPeer_RemovesItAndMentionsItsOutbox()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "remove", "nisc");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nisc", _server.Service.LastRemovePeer!.NodeId);
        Assert.Equal(["council"], _server.Service.Peers.Select(p => p.NodeId));
        Assert.Contains("peer nisc removed: this node no longer connects to https://127.0.0.1:7305", result.Out);
        Assert.Contains("1500 items were still waiting for it", result.Out);
    }

    [Fact]
    public async Task PeersRemove_UnknownPeer_ExitsFour()
    {
        var result = await _server.RunAsync("peers", "remove", "ministry-meti");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("not found: ministry-meti is not a peer of this node", result.Error);
    }

    [Fact]
    public async Task PeersStatus_OnePeer_ShowsItsFields()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "status", "nisc");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("National center of Incident readiness and Strategy for Cybersecurity", result.Out);
        Assert.Contains("1,500 items waiting, oldest 4 min 05 s", result.Out);
        Assert.Contains("Next attempt", result.Out);
        Assert.DoesNotContain("council", result.Out);
    }

    [Fact]
    public async Task PeersStatus_OnePeerAsJson_IsThatPeer()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "status", "council", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("council", document.RootElement.GetProperty("nodeId").GetString());
        Assert.True(document.RootElement.GetProperty("state").GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task PeersStatus_AllPeers_ShowsEveryPeerAndTheSummary()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "status");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("peer council:", result.Out);
        Assert.Contains("peer nisc:", result.Out);
        Assert.Contains("1 of 2 peers connected", result.Out);

        // Only the disconnected peer has a next attempt.
        Assert.Single(result.Out.Split('\n'), l => l.Contains("Next attempt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PeersStatus_NotAPeer_ExitsFourListingThePeers()
    {
        AddPeers();

        var result = await _server.RunAsync("peers", "status", "gas-ceptoar");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("not found: gas-ceptoar is not a peer of this node (its peers are council, nisc).", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task ItemsStatus_Table_ShowsEveryRecipientAndTheSummary()
    {
        _server.Service.ItemStatuses[ItemId] = Status();

        var result = await _server.RunAsync("items", "status", ItemId);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"item {ItemId} (TLP:GREEN): delivered to 3 of 4 nodes, acknowledged by 1, 1 rejected", result.Out);
        var electricity = Line(result.Out, "electricity-ceptoar");
        Assert.Contains("acknowledged", electricity);
        Assert.Contains("2025-04-01 19:15:00 +09:00", electricity);
        Assert.Contains("2025-04-01 19:16:30 +09:00", electricity);
        Assert.Contains("member:tepco", electricity);
        Assert.Contains("expired before delivery", Line(result.Out, "local-gov-ceptoar"));
    }

    [Fact]
    public async Task ItemsStatus_Json_IsTheNodesAnswer()
    {
        _server.Service.ItemStatuses[ItemId] = Status();

        var result = await _server.RunAsync("items", "status", ItemId, "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("TLP_GREEN", document.RootElement.GetProperty("tlp").GetString());
        var recipients = document.RootElement.GetProperty("recipients");
        Assert.Equal(4, recipients.GetArrayLength());
        Assert.Equal("member:tepco", recipients[2].GetProperty("acknowledgedBy").GetString());
        Assert.Equal("rejected", recipients[3].GetProperty("state").GetString());
    }

    [Fact]
    public async Task ItemsStatus_SealedItem_ShowsTheHubsThatRelayedIt()
    {
        var status = new ItemStatus { ItemId = ItemId, Tlp = Tlp.Amber };
        status.Recipients.Add(new RecipientStatus { NodeId = "electricity-ceptoar", State = "delivered", DeliveredAt = LastContact });
        status.Recipients.Add(new RecipientStatus { NodeId = "council", State = "relayed" });
        status.Recipients.Add(new RecipientStatus { NodeId = "nisc", State = "relayed" });
        _server.Service.ItemStatuses[ItemId] = status;

        var result = await _server.RunAsync("items", "status", ItemId);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(
            $"item {ItemId} (TLP:AMBER): delivered to 1 of 1 node, acknowledged by 0, 0 rejected; relayed by 2 hubs that are not recipients (council, nisc)",
            result.Out);
        Assert.Contains("relayed", Line(result.Out, "council"));
        Assert.DoesNotContain("does not know", result.Out);
    }

    [Fact]
    public async Task ItemsStatus_UnknownItem_ExitsFour()
    {
        var result = await _server.RunAsync("items", "status", ItemId);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains($"not found: no item {ItemId} originated at this node", result.Error);
    }

    private static string Line(string output, string nodeId) =>
        output.Split('\n').First(l => l.Contains($" {nodeId} ", StringComparison.Ordinal));

    private static ItemStatus Status()
    {
        var status = new ItemStatus { ItemId = ItemId, Tlp = Tlp.Green };
        status.Recipients.Add(new RecipientStatus { NodeId = "council", State = "delivered", DeliveredAt = LastContact });
        status.Recipients.Add(new RecipientStatus { NodeId = "nisc", State = "delivered", DeliveredAt = LastContact });
        status.Recipients.Add(new RecipientStatus
        {
            NodeId = "electricity-ceptoar", State = "acknowledged", DeliveredAt = LastContact, AcknowledgedAt = NextAttempt, AcknowledgedBy = "member:tepco",
        });
        status.Recipients.Add(new RecipientStatus { NodeId = "local-gov-ceptoar", State = "rejected", Reason = "expired before delivery" });
        return status;
    }

    private void AddPeers()
    {
        _server.Service.Peers.Add(new Peer
        {
            NodeId = "council",
            Endpoint = "https://127.0.0.1:7304",
            AddedAt = FakeAdminService.CreatedAt,
            State = new PeerState { Connected = true, LastContact = LastContact, Delivered = 12345, Rejected = 2, Role = "council", NameEn = "CEPTOAR Council" },
        });
        _server.Service.Peers.Add(new Peer
        {
            NodeId = "nisc",
            Endpoint = "https://127.0.0.1:7305",
            AddedAt = FakeAdminService.CreatedAt,
            State = new PeerState
            {
                Connected = false,
                LastContact = LastContact,
                OutboxDepth = 1500,
                OldestSeconds = 245,
                LastError = "connection refused",
                NextAttempt = NextAttempt,
                Role = "nisc",
                NameEn = "National center of Incident readiness and Strategy for Cybersecurity",
            },
        });
    }
}
