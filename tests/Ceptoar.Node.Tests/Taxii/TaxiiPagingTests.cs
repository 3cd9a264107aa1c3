using System.Globalization;
using System.Net;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Taxii;

/// <summary>
/// Reading a member's feed collection of a real node over TAXII: paging by limit and next over many items with no gap and
/// no duplicate, in feed order; the match filters; added_after; the one-object endpoints; a revoked item (docs/INTERCHANGE.md §3).
/// </summary>
public sealed class TaxiiPagingTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _node = null!;
    private MemberService.MemberServiceClient _writer = null!;
    private TaxiiHttp _taxii = null!;
    private string _feed = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"), s =>
        {
            // Paging by one object makes thousands of requests: the rate limit is not what these tests are about.
            s["Limits:MemberRequestsPerSecond"] = "1000000";
            s["Limits:MemberBurst"] = "1000000";
        });
        _writer = _node.Member(await _node.AddMemberWithKeyAsync("writer-bank"));
        _taxii = new TaxiiHttp(_node, await _node.AddMemberWithKeyAsync("reader-bank"));
        (_feed, _) = await _taxii.CollectionsAsync();
    }

    public async Task DisposeAsync()
    {
        _taxii.Dispose();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>Submits GREEN reports for everyone from many callers at once; their ids in feed (cursor) order.</summary>
    private async Task<List<string>> SubmitAsync(int count, string title)
    {
        var submitted = new SubmitResponse[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                submitted[i] = await _writer.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, $"{title} {i}")));
            }
        })));
        return [.. submitted.OrderBy(s => s.Cursor).Select(s => s.ItemId)];
    }

    [Fact]
    public async Task Objects_TenThousandItemsPagedBy1000_EveryItemOnceInFeedOrder()
    {
        var expected = await SubmitAsync(10_000, "paging");

        var objects = await _taxii.AllObjectsAsync(_feed, 1000);

        Assert.Equal(expected, TaxiiHttp.ItemIds(objects));
        var ids = objects.Select(o => (string)o["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task Objects_SmallLimits_SameObjectsInTheSameOrderAsOnePage(int limit)
    {
        var expected = await SubmitAsync(150, "small pages");
        var whole = await _taxii.AllObjectsAsync(_feed, 1000);

        var paged = await _taxii.AllObjectsAsync(_feed, limit);

        Assert.Equal(expected, TaxiiHttp.ItemIds(paged));
        Assert.Equal(whole.Select(o => o.ToJsonString()), paged.Select(o => o.ToJsonString()));
    }

    [Fact]
    public async Task Objects_MatchFilters_OnlyTheAskedTypesAndIds()
    {
        var items = await SubmitAsync(3, "filters");
        var all = await _taxii.AllObjectsAsync(_feed, 1000);
        var report = all.Single(o => (string?)o["type"] == "report" && TaxiiHttp.ItemIdOf(o) == items[1]);
        var reportId = (string)report["id"]!;

        var indicators = await _taxii.AllObjectsAsync(_feed, 1000, "&match[type]=indicator");
        var reports = await _taxii.AllObjectsAsync(_feed, 1000, "&match[type]=report");
        var both = await _taxii.AllObjectsAsync(_feed, 1000, "&match[type]=report,indicator");
        var one = await _taxii.AllObjectsAsync(_feed, 1000, "&match[id]=" + reportId);
        var last = await _taxii.AllObjectsAsync(_feed, 1000, "&match[id]=" + reportId + "&match[version]=last");
        var never = await _taxii.AllObjectsAsync(_feed, 1000, "&match[id]=" + reportId + "&match[version]=2001-01-01T00:00:00.000Z");

        // Drafts.Incident carries two indicators (an IPv4 address and a SHA-256).
        Assert.Equal(6, indicators.Count);
        Assert.All(indicators, o => Assert.Equal("indicator", (string)o["type"]!));
        Assert.Equal(items, TaxiiHttp.ItemIds(reports));
        Assert.Equal(reports.Count + indicators.Count, both.Count);
        Assert.Equal([reportId], one.Select(o => (string)o["id"]!));
        Assert.Equal([reportId], last.Select(o => (string)o["id"]!));
        Assert.Empty(never);
    }

    [Fact]
    public async Task Object_ByIdVersionsAndManifest_TheObjectItsVersionAndItsManifestEntry()
    {
        var items = await SubmitAsync(2, "one object");
        var report = (await _taxii.AllObjectsAsync(_feed, 1000)).Single(o => (string?)o["type"] == "report" && TaxiiHttp.ItemIdOf(o) == items[0]);
        var id = (string)report["id"]!;
        var collection = $"{_taxii.Root}collections/{_feed}/";

        var (objectResponse, objectBody) = await _taxii.GetJsonAsync($"{collection}objects/{id}/");
        var (versionsResponse, versionsBody) = await _taxii.GetJsonAsync($"{collection}objects/{id}/versions/");
        var (manifestResponse, manifestBody) = await _taxii.GetJsonAsync($"{collection}manifest/?match[id]={id}");
        var (missing, missingBody) = await _taxii.GetJsonAsync($"{collection}objects/report--00000000-0000-4000-8000-000000000000/");

        Assert.Equal(HttpStatusCode.OK, objectResponse.StatusCode);
        Assert.Equal(report.ToJsonString(), objectBody["objects"]!.AsArray().Single()!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, versionsResponse.StatusCode);
        Assert.Equal([(string)report["modified"]!], versionsBody["versions"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(HttpStatusCode.OK, manifestResponse.StatusCode);
        var entry = manifestBody["objects"]!.AsArray().Single()!.AsObject();
        Assert.Equal(id, (string)entry["id"]!);
        Assert.Equal((string)report["modified"]!, (string)entry["version"]!);
        Assert.Equal("application/stix+json;version=2.1", (string)entry["media_type"]!);
        Assert.Equal(manifestResponse.Headers.GetValues("X-TAXII-Date-Added-First").Single(), (string)entry["date_added"]!);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no_object", (string)missingBody["error_code"]!);
    }

    [Fact]
    public async Task Objects_AddedAfterTheLastPage_OnlyItemsStoredSince()
    {
        await SubmitAsync(5, "before");
        using var first = await _taxii.GetAsync($"{_taxii.Root}collections/{_feed}/objects/?limit=1000");
        var last = first.Headers.GetValues("X-TAXII-Date-Added-Last").Single();
        var lastAt = DateTimeOffset.Parse(last, CultureInfo.InvariantCulture);
        // Items stored within the same millisecond as the last one would count as "at", not "after", that time.
        await Until.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > lastAt.AddMilliseconds(2)), TimeSpan.FromSeconds(5), "the clock to pass the last date added");
        var after = await SubmitAsync(4, "after");

        var objects = await _taxii.AllObjectsAsync(_feed, 1000, "&added_after=" + Uri.EscapeDataString(last));
        var beforeFirstItem = await _taxii.AllObjectsAsync(_feed, 1000, "&added_after=2000-01-01T00:00:00Z");

        Assert.Equal(after, TaxiiHttp.ItemIds(objects));
        Assert.Equal(9, TaxiiHttp.ItemIds(beforeFirstItem).Count);
    }

    [Fact]
    public async Task Objects_RevokedItem_RevokedReportWithoutItsBody()
    {
        var items = await SubmitAsync(2, "to be withdrawn");
        var title = "to be withdrawn 0";
        var withdrawn = items.Single(id => _writer.Get(new GetItemRequest { ItemId = id }).Item.Body.Title == title);
        await _writer.RevokeAsync(new RevokeRequest { ClientRequestId = Guid.NewGuid().ToString(), ItemId = withdrawn, Reason = "sent by mistake" });

        var objects = await _taxii.AllObjectsAsync(_feed, 1000);

        var report = objects.Single(o => (string?)o["type"] == "report" && TaxiiHttp.ItemIdOf(o) == withdrawn);
        Assert.True((bool)report["revoked"]!);
        Assert.DoesNotContain(objects, o => o.ToJsonString().Contains(title, StringComparison.Ordinal));
        var standing = objects.Single(o => (string?)o["type"] == "report" && TaxiiHttp.ItemIdOf(o) == items.Single(id => id != withdrawn));
        Assert.Null(standing["revoked"]);
    }

    [Fact]
    public async Task Objects_PageHeaders_DateAddedFirstAndLastOfThePage()
    {
        await SubmitAsync(3, "headers");

        using var response = await _taxii.GetAsync($"{_taxii.Root}collections/{_feed}/objects/?match[type]=report");
        var body = await TaxiiHttp.BodyAsync(response);

        var first = DateTimeOffset.Parse(response.Headers.GetValues("X-TAXII-Date-Added-First").Single(), CultureInfo.InvariantCulture);
        var last = DateTimeOffset.Parse(response.Headers.GetValues("X-TAXII-Date-Added-Last").Single(), CultureInfo.InvariantCulture);
        Assert.Equal(3, body["objects"]!.AsArray().Count);
        Assert.True(first <= last);
        Assert.False((bool)body["more"]!);
    }
}
