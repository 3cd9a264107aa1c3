using Ceptoar.Federation.V1;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.Web.Federation;

/// <summary>
/// The query page against real nodes (docs/CONSOLE.md §4.5): the Council's node with the web listener, a secretariat that
/// answers, one that is stopped. A hostile title sent from a peer's member is shown as inert text with its label badge.
/// </summary>
public sealed class StaffQueryFederationTests : IAsyncLifetime
{
    private const string HostileTitle = "<script>alert(1)</script> \u202Eexe.pdf <a href=\"javascript:alert(2)\">x</a>";
    private readonly TestDirectory _dir = new();
    private readonly TestPeople _people = new(new JumpClock());
    private TestCluster _cluster = null!;
    private string _itemId = "";

    public async Task InitializeAsync()
    {
        ClusterNode[] layout =
        [
            new("council", NodeRole.Council, []),
            new("bank-ceptoar", NodeRole.Secretariat, ["finance"]),
            new("electricity-ceptoar", NodeRole.Secretariat, ["electricity"]),
        ];
        _cluster = await TestCluster.StartAsync(_dir.Path, layout, processes: false, (id, s) =>
        {
            if (id == "council")
            {
                s["Node:WebListen"] = "127.0.0.1:0";
            }
        }, clock: _people.Clock);
        _people.Attach((TestNode)_cluster["council"]);
        await _people.AddAsync("council@council.example.jp", "Suzuki Jiro", null, PersonKind.Council);
        var bank = _cluster["bank-ceptoar"].Member(await _cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var draft = Drafts.Incident(Tlp.Green, HostileTitle);
        draft.Audience = new Audience { WholeFederation = true };
        _itemId = (await bank.SubmitAsync(Drafts.Request(draft))).ItemId;
        await _cluster["electricity-ceptoar"].DisposeAsync();
        _cluster.Nodes.Remove("electricity-ceptoar", out _);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("en", "answered", "unreachable")]
    [InlineData("ja", "回答あり", "到達不能")]
    public async Task QueryPage_OneNodeAnsweringOneStopped_EachNodesAnswerOrReasonAndInertItem(string language, string answered, string unreachable)
    {
        var council = (TestNode)_cluster["council"];
        using var client = new WebClient(council.Ready.WebEndpoint!, council.Root, language, _people);
        await client.SignInAsync("council@council.example.jp");
        await client.GetAsync("/staff/query");

        var page = await client.PostAsync("/staff/query", [new("Text", "script"), new("Deadline", "5")]);

        Assert.Equal(200, page.Status);
        var bank = page.Document.QuerySelector("table.query-nodes tr[data-node='bank-ceptoar']")!;
        Assert.Equal(answered, bank.QuerySelectorAll("td")[0].TextContent);
        Assert.Equal("1", bank.QuerySelectorAll("td")[1].TextContent);
        var stopped = page.Document.QuerySelector("table.query-nodes tr[data-node='electricity-ceptoar']")!;
        Assert.Equal(unreachable, stopped.QuerySelectorAll("td")[0].TextContent);
        Assert.NotEqual("", stopped.QuerySelectorAll("td")[2].TextContent.Trim());
        var item = page.Document.QuerySelector($"table.query-items tr[data-item='{_itemId}']")!;
        Assert.Equal("TLP:GREEN", item.QuerySelector(".tlp-green")!.TextContent);
        var title = item.QuerySelector(".item-title")!;
        Assert.Equal(HostileTitle, title.TextContent);
        Assert.Empty(title.Children);
        Assert.DoesNotContain("<script>alert(1)", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page.Body, StringComparison.Ordinal);
        StaffAssert.Inert(page);
    }
}
