using System.Text.Json;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Node.Tests.Rest;

/// <summary>
/// The member API as REST/JSON (docs/INTERCHANGE.md §4) on a real node, with a real HttpClient over TLS at HTTP/1.1 and
/// HTTP/2: the calls a member system makes, answered as the gRPC API answers them.
/// </summary>
public sealed class RestApiTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));
        _key = await _node.AddMemberWithKeyAsync("mizuho-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Submit_ThenGet_ItemAsSubmitted_OverEachHttpVersion(string version)
    {
        using var rest = Client(_key, version);

        var submitted = await rest.PostAsync("/v1/items", Drafts.Request(Drafts.Incident(Tlp.Green, "REST report " + version), "rest-" + version));
        var id = submitted.Json.GetProperty("itemId").GetString()!;
        var got = await rest.GetAsync($"/v1/items/{id}");

        Assert.Equal(200, submitted.Status);
        Assert.Equal(RestClient.Parse(version), submitted.Version);
        Assert.Equal("application/json", submitted.MediaType);
        Assert.Equal("accepted", submitted.Json.GetProperty("status").GetString());
        Assert.Equal(200, got.Status);
        Assert.Equal("REST report " + version, got.Json.GetProperty("item").GetProperty("body").GetProperty("title").GetString());
        Assert.Equal("TLP_GREEN", got.Json.GetProperty("item").GetProperty("tlp").GetString());
        Assert.True(got.Json.GetProperty("ownSubmission").GetBoolean());
        // The same item as gRPC sees it.
        var grpc = await _node.Member(_key).GetAsync(new GetItemRequest { ItemId = id });
        Assert.Equal("REST report " + version, grpc.Item.Body.Title);
    }

    [Fact]
    public async Task Submit_SameClientRequestIdTwice_SecondIsDuplicateOfFirst()
    {
        using var rest = Client(_key, "2.0");
        var request = Drafts.Request(Drafts.Incident(Tlp.Green), "same-id");

        var first = await rest.PostAsync("/v1/items", request);
        var second = await rest.PostAsync("/v1/items", request);

        Assert.Equal(first.Json.GetProperty("itemId").GetString(), second.Json.GetProperty("itemId").GetString());
        Assert.True(second.Json.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task List_FiltersByLabelAndPages_NoGapNoDuplicate()
    {
        using var rest = Client(_key, "1.1");
        var green = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            green.Add((await rest.PostAsync("/v1/items", Drafts.Request(Drafts.Incident(Tlp.Green, $"green {i}")))).Json.GetProperty("itemId").GetString()!);
        }

        var clear = (await rest.PostAsync("/v1/items", Drafts.Request(Drafts.Incident(Tlp.Clear, "clear one")))).Json.GetProperty("itemId").GetString()!;

        var pages = new List<List<string>>();
        var token = "";
        do
        {
            var page = await rest.GetAsync($"/v1/items?labels=TLP_GREEN&page_size=2&page_token={Uri.EscapeDataString(token)}");
            Assert.Equal(200, page.Status);
            pages.Add([.. page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item").GetProperty("id").GetString()!)]);
            token = page.Json.TryGetProperty("nextPageToken", out var next) ? next.GetString()! : "";
        }
        while (token.Length > 0 && pages.Count < 10);
        var both = await rest.GetAsync("/v1/items?labels=TLP_GREEN&labels=TLP_CLEAR&text=clear%20one");

        // Newest first, two per page.
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Reverse(green), pages.SelectMany(p => p));
        Assert.Equal([clear], both.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Acknowledge_TwiceThenWhoAmI_FirstKeptAndCallerNamed()
    {
        using var rest = Client(_key, "2.0");
        var id = (await rest.PostAsync("/v1/items", Drafts.Request(Drafts.Incident(Tlp.Green)))).Json.GetProperty("itemId").GetString()!;

        var first = await rest.PostAsync($"/v1/items/{id}:acknowledge", """{"note":"read by the SOC"}""");
        var second = await rest.PostAsync($"/v1/items/{id}:acknowledge", "{}");
        var whoami = await rest.GetAsync("/v1/whoami");

        Assert.Equal(200, first.Status);
        Assert.False(first.Json.GetProperty("alreadyAcknowledged").GetBoolean());
        Assert.True(second.Json.GetProperty("alreadyAcknowledged").GetBoolean());
        Assert.Equal(first.Json.GetProperty("acknowledgedAt").GetString(), second.Json.GetProperty("acknowledgedAt").GetString());
        Assert.Equal("mizuho-bank", whoami.Json.GetProperty("memberId").GetString());
        Assert.Equal("bank-ceptoar", whoami.Json.GetProperty("nodeId").GetString());
        Assert.Equal("finance", whoami.Json.GetProperty("sector").GetString());
    }

    [Fact]
    public async Task RevokeThenGet_OwnItem_WithdrawnWithoutBody()
    {
        using var rest = Client(_key, "1.1");
        var id = (await rest.PostAsync("/v1/items", Drafts.Request(Drafts.Incident(Tlp.Green, "sent by mistake")))).Json.GetProperty("itemId").GetString()!;

        var revoked = await rest.PostAsync($"/v1/items/{id}:revoke", """{"client_request_id":"undo-1","reason":"sent to the wrong list"}""");
        var got = await rest.GetAsync($"/v1/items/{id}");

        Assert.Equal(200, revoked.Status);
        Assert.Equal(id, revoked.Json.GetProperty("itemId").GetString());
        Assert.Equal("revoked", got.Json.GetProperty("withdrawn").GetProperty("state").GetString());
        Assert.DoesNotContain("sent by mistake", got.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correct_OwnItem_NewItemSupersedesIt()
    {
        using var rest = Client(_key, "2.0");
        var id = (await rest.PostAsync("/v1/items", Drafts.Request(Drafts.Incident(Tlp.Green, "first version")))).Json.GetProperty("itemId").GetString()!;
        var draft = Drafts.Incident(Tlp.Green, "second version");

        var corrected = await rest.PostAsync($"/v1/items/{id}:correct", $$"""{"client_request_id":"fix-1","draft":{{JsonFormatter.Default.Format(draft)}}}""");
        var newId = corrected.Json.GetProperty("itemId").GetString()!;
        var got = await rest.GetAsync($"/v1/items/{newId}");

        Assert.Equal(200, corrected.Status);
        Assert.NotEqual(id, newId);
        Assert.Equal("second version", got.Json.GetProperty("item").GetProperty("body").GetProperty("title").GetString());
        Assert.Equal([id], got.Json.GetProperty("item").GetProperty("references").GetProperty("supersedes").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task ListStandingCopies_NoRules_EmptyList()
    {
        using var rest = Client(_key, "1.1");

        var answer = await rest.GetAsync("/v1/standing-copies");

        Assert.Equal(200, answer.Status);
        Assert.Equal("""{"copies":[]}""", answer.Body);
    }

    [Theory]
    [InlineData(null, "en", "missing API key")]
    [InlineData("ck_0000000000000000000000000000000000000000000", "en", "API key not recognised")]
    public async Task AnyRoute_MissingOrUnknownKey_401StatusJson(string? key, string language, string words)
    {
        using var rest = Client(key, "2.0");

        var whoami = await rest.GetAsync("/v1/whoami", language);
        var submit = await rest.PostAsync("/v1/items", JsonFormatter.Default.Format(Drafts.Request(Drafts.Incident(Tlp.Green))), language);

        foreach (var answer in new[] { whoami, submit })
        {
            Assert.Equal(401, answer.Status);
            Assert.Equal("application/json", answer.MediaType);
            Assert.Equal(16, answer.Code);
            Assert.Contains(words, answer.Message, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty((await _node.Member(_key).ListAsync(new ListItemsRequest())).Items);
    }

    [Theory]
    [InlineData("en", "title")]
    [InlineData("ja", "件名")]
    public async Task Submit_DraftWithoutTitle_400WithFieldViolationInCallersLanguage(string language, string word)
    {
        using var rest = Client(_key, "1.1");
        var request = Drafts.Request(Drafts.Incident(Tlp.Green));
        request.Draft.Body.Title = "";

        var answer = await rest.PostAsync("/v1/items", JsonFormatter.Default.Format(request), language);

        Assert.Equal(400, answer.Status);
        Assert.Equal(3, answer.Code);
        Assert.Contains("draft.body.title", answer.Violations.Keys);
        Assert.Contains(word, answer.Violations["draft.body.title"], StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await _node.Member(_key).ListAsync(new ListItemsRequest())).Items);
    }

    [Fact]
    public async Task Get_AnotherMembersAmberItem_403AndUnknownId404AndBadId400()
    {
        var other = await _node.AddMemberWithKeyAsync("mufg-bank");
        var amber = Drafts.Incident(Tlp.Amber, "MUFG only");
        var id = (await _node.Member(other).SubmitAsync(Drafts.Request(amber))).ItemId;
        using var rest = Client(_key, "2.0");

        var denied = await rest.GetAsync($"/v1/items/{id}");
        var unknown = await rest.GetAsync("/v1/items/0190a5c4-1a2b-7c3d-8e4f-0123456789ab");
        var bad = await rest.GetAsync("/v1/items/not-a-uuid");
        var ack = await rest.PostAsync($"/v1/items/{id}:acknowledge", "{}");

        Assert.Equal((403, 7), (denied.Status, denied.Code));
        Assert.DoesNotContain("MUFG only", denied.Body, StringComparison.Ordinal);
        Assert.Equal((404, 5), (unknown.Status, unknown.Code));
        Assert.Equal((400, 3), (bad.Status, bad.Code));
        Assert.Contains("item_id", bad.Violations.Keys);
        Assert.Equal((403, 7), (ack.Status, ack.Code));
    }

    [Fact]
    public async Task OpenApi_NoKey_ParsesAndListsEveryRoute()
    {
        // The routes as docs/INTERCHANGE.md §4 lists them: this table is the test's own statement.
        var expected = new[]
        {
            ("post", "/v1/items", "Submit"),
            ("get", "/v1/items/{item_id}", "Get"),
            ("get", "/v1/items", "List"),
            ("get", "/v1/items:subscribe", "Subscribe"),
            ("post", "/v1/items/{item_id}:acknowledge", "Acknowledge"),
            ("get", "/v1/whoami", "WhoAmI"),
            ("get", "/v1/standing-copies", "ListStandingCopies"),
            ("post", "/v1/items/{item_id}:revoke", "Revoke"),
            ("post", "/v1/items/{item_id}:correct", "Correct"),
            ("post", "/v1/items:export", "Export"),
            ("post", "/v1/items:import", "Import"),
            ("get", "/v1/openapi.json", "OpenApi"),
        };
        using var rest = Client(null, "1.1");

        var answer = await rest.GetAsync("/v1/openapi.json");

        Assert.Equal(200, answer.Status);
        using var document = JsonDocument.Parse(answer.Body);
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name, p.Name, o.Value.GetProperty("operationId").GetString()!)))
            .OrderBy(o => o.Item3, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.OrderBy(o => o.Item3, StringComparer.Ordinal), operations);
        // Every reference resolves.
        var schemas = root.GetProperty("components").GetProperty("schemas");
        foreach (var reference in References(root))
        {
            Assert.True(schemas.TryGetProperty(reference["#/components/schemas/".Length..], out _), reference);
        }

        var list = root.GetProperty("paths").GetProperty("/v1/items").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["kinds", "labels", "sector", "created_from", "created_to", "text", "page_size", "page_token", "exclude_exercise"], list);
    }

    [Theory]
    [InlineData("ja", "構成員 API")]
    [InlineData("en", "member API")]
    public async Task OpenApi_AcceptLanguage_DescriptionsInThatLanguage(string language, string title)
    {
        using var rest = Client(null, "2.0");

        var answer = await rest.GetAsync("/v1/openapi.json", language);

        Assert.Equal(200, answer.Status);
        Assert.Contains(title, answer.Json.GetProperty("info").GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    private static IEnumerable<string> References(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "$ref" ? [p.Value.GetString()!] : References(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(References),
        _ => [],
    };

    private RestClient Client(string? key, string version) => new(_node.Ready.MemberEndpoint!, _node.Root, key, RestClient.Parse(version));
}
