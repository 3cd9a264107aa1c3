using System.Net;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Interchange;

namespace Ceptoar.Node.Tests.Rest;

/// <summary>
/// The TLP leak matrix through the REST door (docs/INTERCHANGE.md §4, docs/TLP.md §2): members of different sectors,
/// items of every label and audience (the table of <see cref="LeakMatrix"/>); each member's REST List, Get and event stream show exactly the items the table
/// says it is entitled to — the same ids its gRPC List shows — and no more.
/// </summary>
public sealed class RestLeakTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private Dictionary<string, string> _keys = [];
    private Dictionary<string, string> _ids = [];
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, LeakMatrix.Node, _dir.Combine("data"));
        (_keys, _ids) = await LeakMatrix.FillAsync(_node);
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
        var entitled = LeakMatrix.Entitled[member].Select(n => _ids[n]).Order(StringComparer.Ordinal).ToList();

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
        Assert.Equal(LeakMatrix.Items.ToDictionary(i => i.Name, i => LeakMatrix.Entitled[member].Contains(i.Name) ? 200 : 403), gets);
    }
}
