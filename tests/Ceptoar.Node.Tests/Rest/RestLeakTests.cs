using System.Net;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Rest;

/// <summary>
/// The TLP leak matrix through the REST door (docs/INTERCHANGE.md §4, docs/TLP.md §2): members of different sectors,
/// items of every label and audience; each member's REST List, Get and event stream show exactly the items the table
/// below says it is entitled to — the same ids its gRPC List shows — and no more.
/// </summary>
public sealed class RestLeakTests : IAsyncLifetime
{
    private const string Node = "bank-ceptoar";

    /// <summary>Who submits what: name → (submitter, label, audience).</summary>
    private static readonly (string Name, string Submitter, Tlp Tlp, Audience Audience)[] Items =
    [
        ("green-all", "mizuho-bank", Tlp.Green, new Audience()),
        ("clear-all", "tepco", Tlp.Clear, new Audience()),
        ("green-electricity", "mizuho-bank", Tlp.Green, new Audience { Sectors = { "electricity" } }),
        ("green-to-mufg", "tepco", Tlp.Green, new Audience { Members = { new MemberRef { Node = Node, MemberId = "mufg-bank" } } }),
        ("amber-finance", "mufg-bank", Tlp.Amber, new Audience { Sectors = { "finance" } }),
        ("amber-strict-council", "mizuho-bank", Tlp.AmberStrict, new Audience { Nodes = { "council" } }),
        ("red-to-mizuho", "tepco", Tlp.Red, new Audience { Members = { new MemberRef { Node = Node, MemberId = "mizuho-bank" } } }),
        ("red-to-nisc", "mizuho-bank", Tlp.Red, new Audience { Nodes = { "nisc" } }),
    ];

    /// <summary>
    /// Who is entitled to what (docs/TLP.md §2, the default with no handling rules): the submitter always; CLEAR/GREEN to
    /// all members, to the named sector's members or to the named member; AMBER and AMBER+STRICT to no other member; RED to
    /// the named member only.
    /// </summary>
    private static readonly Dictionary<string, string[]> Entitled = new()
    {
        ["mizuho-bank"] = ["green-all", "clear-all", "green-electricity", "amber-strict-council", "red-to-mizuho", "red-to-nisc"],
        ["mufg-bank"] = ["green-all", "clear-all", "green-to-mufg", "amber-finance"],
        ["tepco"] = ["green-all", "clear-all", "green-electricity", "green-to-mufg", "red-to-mizuho"],
        ["jr-east"] = ["green-all", "clear-all"],
    };

    private static readonly Dictionary<string, string> Sectors = new()
    {
        ["mizuho-bank"] = "finance",
        ["mufg-bank"] = "finance",
        ["tepco"] = "electricity",
        ["jr-east"] = "railway",
    };

    private readonly TestDirectory _dir = new();
    private readonly Dictionary<string, string> _keys = [];
    private readonly Dictionary<string, string> _ids = [];
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, Node, _dir.Combine("data"));
        foreach (var (member, sector) in Sectors)
        {
            _keys[member] = await _node.AddMemberWithKeyAsync(member, sector);
        }

        foreach (var (name, submitter, tlp, audience) in Items)
        {
            var draft = Drafts.Incident(tlp, name);
            draft.Audience = audience;
            _ids[name] = (await _node.Member(_keys[submitter]).SubmitAsync(Drafts.Request(draft))).ItemId;
        }
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("mizuho-bank")]
    [InlineData("mufg-bank")]
    [InlineData("tepco")]
    [InlineData("jr-east")]
    public async Task EveryRestDoor_EachMember_ExactlyWhatItIsEntitledTo(string member)
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _keys[member], HttpVersion.Version20);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var entitled = Entitled[member].Select(n => _ids[n]).Order(StringComparer.Ordinal).ToList();

        var grpc = (await _node.Member(_keys[member]).ListAsync(new ListItemsRequest { PageSize = 500 })).Items.Select(i => i.Item.Id).Order(StringComparer.Ordinal);
        var listed = (await rest.GetAsync("/v1/items?page_size=500")).Json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("item").GetProperty("id").GetString()!).Order(StringComparer.Ordinal);
        var gets = new Dictionary<string, int>();
        foreach (var (name, id) in _ids)
        {
            var answer = await rest.GetAsync($"/v1/items/{id}");
            gets[name] = answer.Status;
            if (answer.Status != 200)
            {
                Assert.DoesNotContain(name, answer.Body, StringComparison.Ordinal);
            }
        }

        // The stream: every event before a sentinel item every member may see, submitted after the stream opened.
        var streamed = new List<string>();
        using (var events = await EventReader.OpenAsync(rest.Http, "/v1/items:subscribe"))
        {
            var sentinel = (await _node.Member(_keys["jr-east"]).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "sentinel")))).ItemId;
            while (await events.NextAsync(deadline.Token) is { } next && next.ItemId != sentinel)
            {
                streamed.Add(next.ItemId);
            }
        }

        Assert.Equal(entitled, grpc);
        Assert.Equal(entitled, listed);
        Assert.Equal(entitled, streamed.Order(StringComparer.Ordinal));
        Assert.Equal(Items.ToDictionary(i => i.Name, i => Entitled[member].Contains(i.Name) ? 200 : 403), gets);
    }
}
