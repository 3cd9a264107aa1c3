using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ceptoar.Node.Tests.Taxii;

/// <summary>A real TAXII client for tests: HttpClient over TLS to a node's member listener, trusting only the test root, on one HTTP version.</summary>
internal sealed class TaxiiHttp : IDisposable
{
    public const string MediaType = "application/taxii+json;version=2.1";

    private readonly HttpClient _client;

    public TaxiiHttp(RunningNode node, string? apiKey, Version? version = null, HttpMessageHandler? handler = null, string? baseAddress = null)
    {
        _client = new HttpClient(handler ?? Clients.TlsHandler(node.Root))
        {
            BaseAddress = new Uri(baseAddress ?? node.Ready.MemberEndpoint!),
            DefaultRequestVersion = version ?? HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromMinutes(2),
        };
        _client.DefaultRequestHeaders.Accept.ParseAdd(MediaType);
        if (apiKey is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        NodeId = node.Ready.NodeId;
    }

    public string NodeId { get; }

    public string Root => $"/taxii2/{NodeId}/";

    public HttpRequestHeaders Headers => _client.DefaultRequestHeaders;

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public async Task<(HttpResponseMessage Response, JsonObject Body)> GetJsonAsync(string path)
    {
        var response = await _client.GetAsync(path);
        return (response, await BodyAsync(response));
    }

    public async Task<(HttpResponseMessage Response, JsonObject Body)> PostAsync(string path, string body, string contentType = MediaType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _client.PostAsync(path, content);
        return (response, await BodyAsync(response));
    }

    /// <summary>The caller's two collections: (feed id, write id), from the collections resource.</summary>
    public async Task<(string Feed, string Write)> CollectionsAsync()
    {
        var (response, body) = await GetJsonAsync(Root + "collections/");
        response.EnsureSuccessStatusCode();
        var collections = body["collections"]!.AsArray().Select(c => c!.AsObject()).ToList();
        return ((string)collections.Single(c => (bool)c["can_read"]!)["id"]!, (string)collections.Single(c => (bool)c["can_write"]!)["id"]!);
    }

    /// <summary>Every object of the collection, page after page, following "next" until "more" is false.</summary>
    public async Task<List<JsonObject>> AllObjectsAsync(string collection, int limit, string query = "")
    {
        var objects = new List<JsonObject>();
        string? next = null;
        for (var pages = 0; pages < 1_000_000; pages++)
        {
            var url = $"{Root}collections/{collection}/objects/?limit={limit}{query}" + (next is null ? "" : "&next=" + Uri.EscapeDataString(next));
            var (response, body) = await GetJsonAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = body["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
            Assert.True(page.Count <= limit, $"a page of {page.Count} objects for limit {limit}");
            objects.AddRange(page);
            if (!(bool)body["more"]!)
            {
                Assert.Null(body["next"]);
                return objects;
            }

            next = (string)body["next"]!;
        }

        throw new InvalidOperationException("the collection never ended");
    }

    /// <summary>The CEPTOAR item ids the objects refer to: each report's external reference to its item (docs/INTERCHANGE.md §1).</summary>
    public static List<string> ItemIds(IEnumerable<JsonObject> objects) =>
        [.. objects.Where(o => (string?)o["type"] == "report").Select(ItemIdOf)];

    public static string ItemIdOf(JsonObject report) =>
        report["external_references"]!.AsArray().Select(r => r!.AsObject()).Where(r => (string?)r["source_name"] == "ceptoar").Select(r => (string)r["external_id"]!).Single();

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    public void Dispose() => _client.Dispose();
}
