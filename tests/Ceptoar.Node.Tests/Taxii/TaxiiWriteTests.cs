using System.Net;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Taxii;

/// <summary>
/// POST to a member's write collection of a real node: the envelope is imported as the member's submissions (the same path
/// as the member API's Import), the answer is the complete status, the status can be read again by its member only, and a
/// document the import cannot read stores nothing (docs/INTERCHANGE.md §3.5).
/// </summary>
public sealed class TaxiiWriteTests : IAsyncLifetime
{
    private const string Green = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private const string ReportId = "report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3";
    private const string IndicatorId = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";
    private const string Title = "Phishing wave against regional banks";

    // Objects as a STIX 2.1 producer writes them, independent of this node's exporter: a GREEN report naming one indicator.
    private const string Indicator = $$"""
        {"type":"indicator","spec_version":"2.1","id":"{{IndicatorId}}","created":"2026-12-01T00:00:00.000Z",
         "modified":"2026-12-01T00:00:00.000Z","name":"C2 server","pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix",
         "valid_from":"2026-12-01T00:00:00Z","object_marking_refs":["{{Green}}"]}
        """;

    private const string Report = $$"""
        {"type":"report","spec_version":"2.1","id":"{{ReportId}}","created":"2026-12-01T00:00:00.000Z",
         "modified":"2026-12-01T00:00:00.000Z","name":"{{Title}}","description":"Mails imitating a payment notice lead to a credential page.",
         "published":"2026-12-01T00:00:00Z","report_types":["threat-report"],"object_refs":["{{IndicatorId}}"],"object_marking_refs":["{{Green}}"]}
        """;

    private const string Malware = $$"""
        {"type":"malware","spec_version":"2.1","id":"malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc","created":"2026-12-01T00:00:00.000Z",
         "modified":"2026-12-01T00:00:00.000Z","name":"Emotet","is_family":true,"object_marking_refs":["{{Green}}"]}
        """;

    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private string _key = null!;
    private string _readerKey = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));
        _key = await _node.AddMemberWithKeyAsync("poster-bank");
        _readerKey = await _node.AddMemberWithKeyAsync("reader-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    private long StoredItems => _node.Services.GetRequiredService<ItemStore>().LastSeq;

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Post_GreenReportWithItsIndicator_CompleteStatusAndTheItemInGrpcListAndOthersFeeds(string version)
    {
        using var taxii = new TaxiiHttp(_node, _key, Version.Parse(version));
        var (_, write) = await taxii.CollectionsAsync();

        var (response, status) = await taxii.PostAsync($"{taxii.Root}collections/{write}/objects/", $$"""{"objects":[{{Indicator}},{{Report}}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("complete", (string)status["status"]!);
        Assert.Equal(2, (int)status["total_count"]!);
        Assert.Equal(2, (int)status["success_count"]!);
        Assert.Equal(0, (int)status["failure_count"]!);
        Assert.Equal(0, (int)status["pending_count"]!);
        var listed = (await _node.Member(_key).ListAsync(new ListItemsRequest())).Items.Single();
        Assert.Equal(Title, listed.Item.Body.Title);
        Assert.Equal(["198.51.100.7"], listed.Item.Body.Indicators.Select(i => i.Value));
        var reportEntry = status["successes"]!.AsArray().Single(s => (string)s!["id"]! == ReportId)!;
        Assert.Contains(listed.Item.Id, (string)reportEntry["message"]!, StringComparison.Ordinal);
        Assert.Contains(status["successes"]!.AsArray(), s => (string)s!["id"]! == IndicatorId);

        var (again, reread) = await taxii.GetJsonAsync($"{taxii.Root}status/{(string)status["id"]!}/");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(status.ToJsonString(), reread.ToJsonString());

        using var reader = new TaxiiHttp(_node, _readerKey);
        var (feed, _) = await reader.CollectionsAsync();
        Assert.Equal([listed.Item.Id], TaxiiHttp.ItemIds(await reader.AllObjectsAsync(feed, 1000)));
    }

    [Fact]
    public async Task Post_SameEnvelopeTwice_SecondSaysAlreadyImportedAndStoresNothing()
    {
        using var taxii = new TaxiiHttp(_node, _key);
        var (_, write) = await taxii.CollectionsAsync();
        var envelope = $$"""{"objects":[{{Indicator}},{{Report}}]}""";
        var (first, _) = await taxii.PostAsync($"{taxii.Root}collections/{write}/objects/", envelope);
        var stored = StoredItems;

        var (second, status) = await taxii.PostAsync($"{taxii.Root}collections/{write}/objects/", envelope);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(stored, StoredItems);
        var reportEntry = status["successes"]!.AsArray().Single(s => (string)s!["id"]! == ReportId)!;
        Assert.Contains("already imported", (string)reportEntry["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AnObjectTheImportCannotMap_ItsFailureNamedAndTheRestImported()
    {
        using var taxii = new TaxiiHttp(_node, _key);
        var (_, write) = await taxii.CollectionsAsync();

        var (response, status) = await taxii.PostAsync($"{taxii.Root}collections/{write}/objects/", $$"""{"objects":[{{Indicator}},{{Malware}},{{Report}}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, (int)status["total_count"]!);
        Assert.Equal(2, (int)status["success_count"]!);
        var failure = status["failures"]!.AsArray().Single()!;
        Assert.Equal("malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc", (string)failure["id"]!);
        Assert.StartsWith("unsupported_type: ", (string)failure["message"]!, StringComparison.Ordinal);
        Assert.Equal(1, StoredItems);
    }

    [Fact]
    public async Task Post_AmberReportNamingNoRecipient_InvalidDraftFailureBesideTheImportedGreenOne()
    {
        using var taxii = new TaxiiHttp(_node, _key);
        var (_, write) = await taxii.CollectionsAsync();
        const string AmberId = "report--0d6c9b51-3f1e-4a8e-9b7a-5c2d1e0f4a61";
        var amber = Report.Replace(ReportId, AmberId, StringComparison.Ordinal).Replace(Green, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", StringComparison.Ordinal);

        var (response, status) = await taxii.PostAsync($"{taxii.Root}collections/{write}/objects/", $$"""{"objects":[{{Indicator}},{{Report}},{{amber}}]}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var failure = status["failures"]!.AsArray().Single()!;
        Assert.Equal(AmberId, (string)failure["id"]!);
        Assert.StartsWith("invalid_draft: ", (string)failure["message"]!, StringComparison.Ordinal);
        Assert.Contains("draft.audience", (string)failure["message"]!, StringComparison.Ordinal);
        Assert.Equal(1, StoredItems);
    }

    [Fact]
    public async Task Post_NoTlpMarkingAnywhere_400NamingTheObjectAndNothingStored()
    {
        using var taxii = new TaxiiHttp(_node, _key);
        var (_, write) = await taxii.CollectionsAsync();
        var unmarked = Report.Replace($$""","object_marking_refs":["{{Green}}"]""", "", StringComparison.Ordinal);

        var (response, body) = await taxii.PostAsync($"{taxii.Root}collections/{write}/objects/", $$"""{"objects":[{{unmarked}}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("import_refused", (string)body["error_code"]!);
        Assert.Contains("no_tlp", (string)body["description"]!, StringComparison.Ordinal);
        Assert.Equal(0, StoredItems);
    }

    [Fact]
    public async Task Status_OfAnotherMember_NotFoundAsAnUnknownOne()
    {
        using var poster = new TaxiiHttp(_node, _key);
        var (_, write) = await poster.CollectionsAsync();
        var (_, status) = await poster.PostAsync($"{poster.Root}collections/{write}/objects/", $$"""{"objects":[{{Indicator}},{{Report}}]}""");
        using var other = new TaxiiHttp(_node, _readerKey);

        var (response, body) = await other.GetJsonAsync($"{other.Root}status/{(string)status["id"]!}/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no_status", (string)body["error_code"]!);
    }
}
