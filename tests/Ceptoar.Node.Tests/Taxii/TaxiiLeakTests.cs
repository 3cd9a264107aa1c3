using System.Net;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Taxii;

/// <summary>
/// The TLP leak matrix through the TAXII door: members of different sectors at one real node, items of every label and
/// audience; each member's feed collection holds exactly the items its gRPC List shows and the literal table below says it
/// is entitled to (docs/TLP.md §2, §4), and no text of any other item (docs/INTERCHANGE.md §3).
/// </summary>
public sealed class TaxiiLeakTests : IAsyncLifetime
{
    private const string Node = "bank-ceptoar";
    private const string Author = "author-bank";
    private const string Peer = "peer-bank";
    private const string Power = "power-co";
    private const string Named = "named-co";

    // Who is entitled to each item (the author always sees its own): written out here, not asked of the policy code.
    private static readonly (string Title, Tlp Tlp, Audience? Audience, string[] Entitled)[] Matrix =
    [
        ("clear to the federation", Tlp.Clear, new Audience { WholeFederation = true }, [Author, Peer, Power, Named]),
        ("green with no audience", Tlp.Green, null, [Author, Peer, Power, Named]),
        ("green to finance", Tlp.Green, new Audience { Sectors = { "finance" } }, [Author, Peer]),
        ("green to electricity", Tlp.Green, new Audience { Sectors = { "electricity" } }, [Author, Power]),
        ("green to one member", Tlp.Green, new Audience { Members = { new MemberRef { Node = Node, MemberId = Named } } }, [Author, Named]),
        ("green to this node", Tlp.Green, new Audience { Nodes = { Node } }, [Author, Peer, Power, Named]),
        ("amber to finance", Tlp.Amber, new Audience { Sectors = { "finance" } }, [Author]),
        ("amber to this node", Tlp.Amber, new Audience { Nodes = { Node } }, [Author]),
        ("amber+strict to the council", Tlp.AmberStrict, new Audience { Nodes = { "council" } }, [Author]),
        ("red to one member", Tlp.Red, new Audience { Members = { new MemberRef { Node = Node, MemberId = Named } } }, [Author, Named]),
        ("red to nisc", Tlp.Red, new Audience { Nodes = { "nisc" } }, [Author]),
    ];

    private static readonly (string Member, string Sector)[] Members = [(Author, "finance"), (Peer, "finance"), (Power, "electricity"), (Named, "ict")];

    private readonly TestDirectory _dir = new();
    private readonly Dictionary<string, string> _keys = [];
    private readonly Dictionary<string, string> _titles = [];
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, Node, _dir.Combine("data"));
        foreach (var (member, sector) in Members)
        {
            _keys[member] = await _node.AddMemberWithKeyAsync(member, sector);
        }

        var author = _node.Member(_keys[Author]);
        foreach (var (title, tlp, audience, _) in Matrix)
        {
            var draft = Drafts.Incident(tlp, title);
            draft.Audience = audience;
            var submitted = await author.SubmitAsync(Drafts.Request(draft));
            _titles[title] = submitted.ItemId;
        }
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(Author, "2.0")]
    [InlineData(Peer, "1.1")]
    [InlineData(Power, "2.0")]
    [InlineData(Named, "1.1")]
    public async Task FeedCollection_EveryLabelAndAudience_ExactlyWhatGrpcListShowsAndTheTableEntitles(string member, string version)
    {
        var entitled = Matrix.Where(m => m.Entitled.Contains(member)).Select(m => _titles[m.Title]).Order().ToList();
        var listed = (await _node.Member(_keys[member]).ListAsync(new ListItemsRequest { PageSize = 100 })).Items.Select(i => i.Item.Id).Order().ToList();
        using var taxii = new TaxiiHttp(_node, _keys[member], Version.Parse(version));
        var (feed, _) = await taxii.CollectionsAsync();

        var objects = await taxii.AllObjectsAsync(feed, 1000);
        var manifest = await taxii.GetJsonAsync($"{taxii.Root}collections/{feed}/manifest/?limit=1000");

        Assert.Equal(entitled, listed);
        Assert.Equal(entitled, TaxiiHttp.ItemIds(objects).Order());
        var text = string.Join('\n', objects.Select(o => o.ToJsonString()));
        foreach (var (title, _, _, _) in Matrix.Where(m => !m.Entitled.Contains(member)))
        {
            Assert.DoesNotContain(title, text, StringComparison.Ordinal);
            Assert.DoesNotContain(_titles[title], text, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, manifest.Response.StatusCode);
        Assert.Equal(objects.Select(o => (string)o["id"]!), manifest.Body["objects"]!.AsArray().Select(e => (string)e!["id"]!));
    }

    [Theory]
    [InlineData(Peer)]
    [InlineData(Power)]
    [InlineData(Named)]
    public async Task ObjectEndpoints_ItemsNotEntitled_NotFoundAsAnUnknownObject(string member)
    {
        using var author = new TaxiiHttp(_node, _keys[Author]);
        var (authorFeed, _) = await author.CollectionsAsync();
        var reports = (await author.AllObjectsAsync(authorFeed, 1000)).Where(o => (string?)o["type"] == "report").ToList();
        using var taxii = new TaxiiHttp(_node, _keys[member]);
        var (feed, _) = await taxii.CollectionsAsync();

        foreach (var (title, _, _, entitled) in Matrix.Where(m => !m.Entitled.Contains(member)))
        {
            var id = (string)reports.Single(r => TaxiiHttp.ItemIdOf(r) == _titles[title])["id"]!;
            var (response, body) = await taxii.GetJsonAsync($"{taxii.Root}collections/{feed}/objects/{id}/");
            var (versions, _) = await taxii.GetJsonAsync($"{taxii.Root}collections/{feed}/objects/{id}/versions/");

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("no_object", (string)body["error_code"]!);
            Assert.Equal(HttpStatusCode.NotFound, versions.StatusCode);
            Assert.DoesNotContain(member, entitled);
        }
    }
}
