using System.Net;

namespace Ceptoar.Node.Tests.Taxii;

/// <summary>
/// The TAXII 2.1 resources of a real node (bank-ceptoar) over real TLS with HttpClient, on HTTP/1.1 and HTTP/2: discovery,
/// the API root, each member's own two collections, and the door served on the member listener only (docs/INTERCHANGE.md §3).
/// </summary>
public sealed class TaxiiDoorTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;
    private string _key = null!;
    private string _otherKey = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await StartAsync();
        _key = await _node.AddMemberWithKeyAsync("taxii-bank");
        _otherKey = await _node.AddMemberWithKeyAsync("other-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    private Task<TestNode> StartAsync() => TestNode.StartAsync(_federation, Bank, _dir.Combine("data"), s =>
    {
        s["Node:FederationListen"] = "127.0.0.1:0";
        s["Limits:MaxRequestBytes"] = "262144";
    });

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Discovery_OnEachHttpVersion_OneApiRootOfThisNodeInTheTaxiiMediaType(string version)
    {
        using var taxii = new TaxiiHttp(_node, _key, Version.Parse(version));

        var (response, body) = await taxii.GetJsonAsync("/taxii2/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Version.Parse(version), response.Version);
        Assert.Equal("application/taxii+json; version=2.1", response.Content.Headers.ContentType!.ToString());
        var root = $"{_node.Ready.MemberEndpoint}/taxii2/bank-ceptoar/";
        Assert.Equal(root, (string)body["default"]!);
        Assert.Equal([root], body["api_roots"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public async Task ApiRoot_Get_VersionIs21AndMaxContentLengthIsTheImportLimit()
    {
        using var taxii = new TaxiiHttp(_node, _key);

        var (response, body) = await taxii.GetJsonAsync("/taxii2/bank-ceptoar/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["application/taxii+json;version=2.1"], body["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(262144, (int)body["max_content_length"]!);
    }

    [Fact]
    public async Task Collections_TwoMembers_EachSeesOnlyItsOwnFeedAndWriteCollection()
    {
        using var mine = new TaxiiHttp(_node, _key, HttpVersion.Version11);
        using var others = new TaxiiHttp(_node, _otherKey);

        var (response, body) = await mine.GetJsonAsync("/taxii2/bank-ceptoar/collections/");
        var (feed, write) = await mine.CollectionsAsync();
        var (otherFeed, otherWrite) = await others.CollectionsAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var collections = body["collections"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(2, collections.Count);
        var feedResource = collections.Single(c => (string)c["id"]! == feed);
        Assert.True((bool)feedResource["can_read"]!);
        Assert.False((bool)feedResource["can_write"]!);
        Assert.Equal(["application/stix+json;version=2.1"], feedResource["media_types"]!.AsArray().Select(m => (string)m!));
        var writeResource = collections.Single(c => (string)c["id"]! == write);
        Assert.False((bool)writeResource["can_read"]!);
        Assert.True((bool)writeResource["can_write"]!);
        Assert.Equal(4, new[] { feed, write, otherFeed, otherWrite }.Distinct().Count());
        Assert.All([feed, write], id => Assert.True(Guid.TryParse(id, out _)));
    }

    [Fact]
    public async Task Collections_AfterARestart_SameIds()
    {
        (string, string) before;
        using (var taxii = new TaxiiHttp(_node, _key))
        {
            before = await taxii.CollectionsAsync();
        }

        await _node.DisposeAsync();
        _node = await StartAsync();
        using var again = new TaxiiHttp(_node, _key);

        Assert.Equal(before, await again.CollectionsAsync());
    }

    [Fact]
    public async Task Collection_AnotherMembersId_NotFoundExactlyAsAnUnknownId()
    {
        using var mine = new TaxiiHttp(_node, _key);
        using var others = new TaxiiHttp(_node, _otherKey);
        var (otherFeed, otherWrite) = await others.CollectionsAsync();
        var unknown = Guid.NewGuid().ToString();

        foreach (var path in new[] { "", "objects/", "manifest/" })
        {
            var (toOthers, othersBody) = await mine.GetJsonAsync($"/taxii2/bank-ceptoar/collections/{otherFeed}/{path}");
            var (toUnknown, unknownBody) = await mine.GetJsonAsync($"/taxii2/bank-ceptoar/collections/{unknown}/{path}");

            Assert.Equal(HttpStatusCode.NotFound, toOthers.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, toUnknown.StatusCode);
            Assert.Equal(((string)unknownBody["description"]!).Replace(unknown, otherFeed, StringComparison.Ordinal), (string)othersBody["description"]!);
            Assert.Equal("no_collection", (string)othersBody["error_code"]!);
        }

        var (posted, postedBody) = await mine.PostAsync($"/taxii2/bank-ceptoar/collections/{otherWrite}/objects/", """{"objects":[{"type":"note","id":"note--6a2c1f57-29a4-4a5c-8f8e-6d2c0f6b7e10"}]}""");
        Assert.Equal(HttpStatusCode.NotFound, posted.StatusCode);
        Assert.Equal("no_collection", (string)postedBody["error_code"]!);
    }

    [Fact]
    public async Task Taxii_OnTheFederationPortWithAPeerCertificate_NotFoundAndNoTaxiiAnswer()
    {
        var certificate = RawPeer.TlsCertificateOf(_federation.NodeCertificates("electricity-ceptoar"));
        using var handler = Clients.TlsHandler(_node.Root, certificate);
        using var taxii = new TaxiiHttp(_node, _key, handler: handler, baseAddress: _node.Ready.FederationEndpoint);

        foreach (var path in new[] { "/taxii2/", "/taxii2/bank-ceptoar/", "/taxii2/bank-ceptoar/collections/" })
        {
            using var response = await taxii.GetAsync(path);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task Taxii_OnTheAdminSocket_NotFoundAndNoTaxiiAnswer()
    {
        using var handler = Clients.AdminHandler(_node.Ready.AdminSocket);
        using var taxii = new TaxiiHttp(_node, _key, handler: handler, baseAddress: "http://localhost");

        using var response = await taxii.GetAsync("/taxii2/bank-ceptoar/collections/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ApiRoot_OfAnotherNode_NotFoundNamingThisNodesRoot()
    {
        using var taxii = new TaxiiHttp(_node, _key);

        var (response, body) = await taxii.GetJsonAsync("/taxii2/electricity-ceptoar/collections/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404", (string)body["http_status"]!);
        Assert.Contains("/taxii2/bank-ceptoar/", (string)body["description"]!, StringComparison.Ordinal);
    }
}
