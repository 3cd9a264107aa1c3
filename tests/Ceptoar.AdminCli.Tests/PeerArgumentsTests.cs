using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Peers;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>Local validation of peer and item-status arguments, and the pure formatting behind their output.</summary>
public sealed class PeerArgumentsTests
{
    [Theory]
    [InlineData("council")]
    [InlineData("bank-ceptoar")]
    [InlineData("n2")]
    public void NodeIdProblem_ValidId_IsNull(string id)
    {
        Assert.Null(PeerArguments.NodeIdProblem(id));
    }

    [Theory]
    [InlineData("c")]
    [InlineData("2fast")]
    [InlineData("-council")]
    [InlineData("Council")]
    [InlineData("bank_ceptoar")]
    [InlineData("")]
    [InlineData(null)]
    public void NodeIdProblem_InvalidId_StatesTheRule(string? id)
    {
        var problem = PeerArguments.NodeIdProblem(id);

        Assert.Equal($"'{id}' is not a valid node id: use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter, e.g. electricity-ceptoar.", problem);
    }

    [Fact]
    public void NodeIdProblem_SixtyFourCharacters_IsRefused()
    {
        Assert.Null(PeerArguments.NodeIdProblem("a" + new string('b', 62)));
        Assert.NotNull(PeerArguments.NodeIdProblem("a" + new string('b', 63)));
    }

    [Theory]
    [InlineData("https://127.0.0.1:7304", "https://127.0.0.1:7304")]
    [InlineData("https://127.0.0.1:7304/", "https://127.0.0.1:7304")]
    [InlineData("  https://Council.Example.JP:443  ", "https://council.example.jp:443")]
    [InlineData("HTTPS://nisc.example.jp:7305", "https://nisc.example.jp:7305")]
    [InlineData("https://[::1]:7301", "https://[::1]:7301")]
    public void NormalizeEndpoint_HttpsWithHostAndPort_GivesTheCanonicalForm(string text, string expected)
    {
        Assert.Equal(expected, PeerArguments.NormalizeEndpoint(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("127.0.0.1:7304", "is not an absolute URI")]
    [InlineData("council", "is not an absolute URI")]
    [InlineData("", "is not an absolute URI")]
    [InlineData("/srv/peer", "is not an absolute URI")]
    [InlineData("http://127.0.0.1:7304", "uses http://; nodes talk to each other over mutual TLS only")]
    [InlineData("https://council.example.jp", "has no port")]
    [InlineData("https://council.example.jp:", "has no port")]
    [InlineData("https://[::1]", "has no port")]
    [InlineData("https://council.example.jp:0", "names port 0")]
    [InlineData("https://admin@council.example.jp:7304", "holds a user name")]
    [InlineData("https://council.example.jp:7304/federation", "a peer endpoint is host and port only: use https://council.example.jp:7304")]
    [InlineData("https://council.example.jp:7304?x=1", "a peer endpoint is host and port only")]
    [InlineData("https://council.example.jp:7304#f", "a peer endpoint is host and port only")]
    public void NormalizeEndpoint_NotHttpsHostPort_SaysWhatToFix(string text, string expected)
    {
        Assert.Null(PeerArguments.NormalizeEndpoint(text, out var problem));
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData(0, "0 s")]
    [InlineData(42.9, "42 s")]
    [InlineData(245, "4 min 05 s")]
    [InlineData(7800, "2 h 10 min")]
    [InlineData(273600, "3 d 04 h")]
    [InlineData(-1, "")]
    [InlineData(double.NaN, "")]
    public void Age_Seconds_ShowsTheTwoLargestUnits(double seconds, string expected)
    {
        Assert.Equal(expected, PeerViews.Age(seconds));
    }

    [Fact]
    public void Summary_MixedPeers_CountsConnectedAndWaiting()
    {
        Peer[] peers =
        [
            new() { NodeId = "council", State = new PeerState { Connected = true, OutboxDepth = 2 } },
            new() { NodeId = "nisc", State = new PeerState { Connected = false, OutboxDepth = 1500 } },
            new() { NodeId = "old" },
        ];

        Assert.Equal("1 of 3 peers connected; 1,502 items waiting in outboxes.", PeerViews.Summary(peers));
    }

    [Fact]
    public void ItemStatusSummary_MixedRecipients_CountsAcknowledgedAsDelivered()
    {
        var status = Status(("council", "delivered"), ("nisc", "acknowledged"), ("electricity-ceptoar", "delivered"), ("local-gov-ceptoar", "rejected"));

        Assert.Equal("delivered to 3 of 4 nodes, acknowledged by 1, 1 rejected", ItemStatusView.Summary(status));
    }

    [Fact]
    public void ItemStatusSummary_PendingAndUnknownStates_AreNamed()
    {
        var status = Status(("council", "pending"), ("nisc", "quarantined"));

        Assert.Equal(
            "delivered to 0 of 2 nodes, acknowledged by 0, 0 rejected, 1 pending, 1 in a state this ceptoar-admin does not know",
            ItemStatusView.Summary(status));
    }

    [Fact]
    public void ItemStatusSummary_HubsThatOnlyRelayed_AreNamedApartFromTheRecipients()
    {
        var two = Status(("electricity-ceptoar", "delivered"), ("council", "relayed"), ("nisc", "relayed"));
        var one = Status(("electricity-ceptoar", "acknowledged"), ("nisc", "relayed"));

        Assert.Equal(
            "delivered to 1 of 1 node, acknowledged by 0, 0 rejected; relayed by 2 hubs that are not recipients (council, nisc)",
            ItemStatusView.Summary(two));
        Assert.Equal("delivered to 1 of 1 node, acknowledged by 1, 0 rejected; relayed by 1 hub that is not a recipient (nisc)", ItemStatusView.Summary(one));
    }

    [Fact]
    public void ItemStatusSummary_OnlyRelays_SaysNoOtherNodeIsAddressed()
    {
        Assert.Equal(
            "addressed to no other node; relayed by 1 hub that is not a recipient (council)",
            ItemStatusView.Summary(Status(("council", "relayed"))));
    }

    [Fact]
    public void ItemStatusSummary_NoRecipients_SaysOnlyThisNodeHoldsIt()
    {
        Assert.Equal("addressed to no other node: only this node holds it.", ItemStatusView.Summary(new ItemStatus()));
    }

    [Theory]
    [InlineData("peers", "add", "Council", "--endpoint", "https://127.0.0.1:7304")]
    [InlineData("peers", "remove", "2nd-hub")]
    [InlineData("peers", "status", "bank_ceptoar")]
    public async Task RunAsync_InvalidNodeId_ExitsOneWithTheRule(params string[] args)
    {
        var result = await CliResult.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not a valid node id: use 2 to 63 characters", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7304", "--endpoint 'http://127.0.0.1:7304' uses http://")]
    [InlineData("https://council.example.jp", "--endpoint 'https://council.example.jp' has no port")]
    public async Task RunAsync_PeersAddWithBadEndpoint_ExitsOneBeforeConnecting(string endpoint, string expected)
    {
        var result = await CliResult.RunAsync("peers", "add", "council", "--endpoint", endpoint, "--socket", "/nonexistent/admin.sock");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public async Task RunAsync_PeersAddWithoutEndpoint_ExitsOneNamingIt()
    {
        var result = await CliResult.RunAsync("peers", "add", "council");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--endpoint", result.Error);
        Assert.Contains("Run `ceptoar-admin peers add --help` for usage.", result.Error);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("01890a5d-ac96-774b-bcce")]
    public async Task RunAsync_ItemsStatusWithBadId_ExitsOne(string id)
    {
        var result = await CliResult.RunAsync("items", "status", id);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"'{id}' is not an item id", result.Error);
    }

    [Fact]
    public async Task RunAsync_Help_ListsPeersAndDemo()
    {
        var root = await CliResult.RunAsync("--help");
        var peers = await CliResult.RunAsync("peers", "--help");
        var items = await CliResult.RunAsync("items", "--help");

        Assert.Contains("  peers ", root.Out);
        Assert.Contains("  demo ", root.Out);
        Assert.All(new[] { "add", "list", "remove", "status" }, s => Assert.Contains($"  {s} ", peers.Out));
        Assert.Contains("  status ", items.Out);
    }

    private static ItemStatus Status(params (string Node, string State)[] recipients)
    {
        var status = new ItemStatus { ItemId = "01890a5d-ac96-774b-bcce-b302099a8057", Tlp = Tlp.Green };
        status.Recipients.Add(recipients.Select(r => new RecipientStatus { NodeId = r.Node, State = r.State }));
        return status;
    }
}
