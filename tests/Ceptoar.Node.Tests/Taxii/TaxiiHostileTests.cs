using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Taxii;

/// <summary>
/// Hostile and mistaken TAXII requests against a real node: each is answered with its exact HTTP status and a TAXII error
/// message naming what is wrong, in the caller's language; refused credentials are audited as the gRPC door audits them;
/// nothing is stored (docs/INTERCHANGE.md §3).
/// </summary>
public sealed class TaxiiHostileTests : IAsyncLifetime
{
    private const int Limit = 65536;
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;
    private string _key = null!;
    private TaxiiHttp _taxii = null!;
    private string _feed = null!;
    private string _write = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), s => s["Limits:MaxRequestBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _key = await _node.AddMemberWithKeyAsync("taxii-bank");
        _taxii = new TaxiiHttp(_node, _key);
        (_feed, _write) = await _taxii.CollectionsAsync();
    }

    public async Task DisposeAsync()
    {
        _taxii.Dispose();
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    private long StoredItems => _node.Services.GetRequiredService<ItemStore>().LastSeq;

    [Theory]
    [InlineData("objects/?limit=0", "bad_limit", "limit '0'")]
    [InlineData("objects/?limit=1001", "bad_limit", "from 1 to 1000")]
    [InlineData("objects/?limit=ten", "bad_limit", "limit 'ten'")]
    [InlineData("objects/?next=not-a-token", "bad_next", "next 'not-a-token'")]
    [InlineData("objects/?next=ZjEuMQ", "bad_next", "is not a token")]
    [InlineData("objects/?added_after=yesterday", "bad_added_after", "added_after 'yesterday'")]
    [InlineData("objects/?match[type]=Report", "bad_match_type", "match[type] 'Report'")]
    [InlineData("objects/?match[id]=report--1", "bad_match_id", "match[id] 'report--1'")]
    [InlineData("objects/?match[version]=newest", "bad_match_version", "match[version] 'newest'")]
    [InlineData("objects/?match[label]=x", "unknown_parameter", "parameter 'match[label]'")]
    [InlineData("objects/?limit=1&limit=2", "repeated_parameter", "parameter 'limit'")]
    public async Task Objects_BadParameter_400NamingTheParameter(string path, string code, string expected)
    {
        var (response, body) = await _taxii.GetJsonAsync($"{_taxii.Root}collections/{_feed}/{path}");

        AssertError(response, body, HttpStatusCode.BadRequest, code);
        Assert.Contains(expected, (string)body["description"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "application/taxii+json;version=2.1", HttpStatusCode.BadRequest, "not_json")]
    [InlineData("[1,2]", "application/taxii+json;version=2.1", HttpStatusCode.BadRequest, "not_an_envelope")]
    [InlineData("""{"objects":[]}""", "application/taxii+json;version=2.1", HttpStatusCode.BadRequest, "not_an_envelope")]
    [InlineData("""{"objects":[1]}""", "application/taxii+json;version=2.1", HttpStatusCode.BadRequest, "not_an_envelope")]
    [InlineData("""{"more":false}""", "application/taxii+json;version=2.1", HttpStatusCode.BadRequest, "not_an_envelope")]
    [InlineData("""{"objects":[{"type":"note"}]}""", "application/json", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    [InlineData("""{"objects":[{"type":"note"}]}""", "application/taxii+json;version=2.0", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    [InlineData("""{"objects":[{"type":"note"}]}""", "application/stix+json;version=2.1", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type")]
    public async Task Post_BadEnvelope_RefusedWithItsStatusAndNothingStored(string body, string contentType, HttpStatusCode status, string code)
    {
        var (response, answer) = await _taxii.PostAsync($"{_taxii.Root}collections/{_write}/objects/", body, contentType);

        AssertError(response, answer, status, code);
        Assert.Equal(0, StoredItems);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_BodyOverTheLimit_413NamingTheLimitAndNothingStored(bool withLength)
    {
        var huge = Encoding.UTF8.GetBytes("{\"objects\":[" + string.Join(',', Enumerable.Repeat("{\"type\":\"note\",\"content\":\"" + new string('x', 1000) + "\"}", 100)) + "]}");
        HttpContent content = withLength ? new ByteArrayContent(huge) : new StreamContent(new MemoryStream(huge));
        content.Headers.TryAddWithoutValidation("Content-Type", TaxiiHttp.MediaType);
        if (!withLength)
        {
            content.Headers.ContentLength = null;
        }

        using var response = await _taxii.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{_taxii.Root}collections/{_write}/objects/") { Content = content });
        var body = await TaxiiHttp.BodyAsync(response);

        AssertError(response, body, HttpStatusCode.RequestEntityTooLarge, "too_large");
        Assert.Contains("65536", (string)body["description"]!, StringComparison.Ordinal);
        Assert.Equal(0, StoredItems);
    }

    [Fact]
    public async Task Post_ToTheFeedCollection_403NamingTheWriteCollection()
    {
        var (response, body) = await _taxii.PostAsync($"{_taxii.Root}collections/{_feed}/objects/", """{"objects":[{"type":"note"}]}""");

        AssertError(response, body, HttpStatusCode.Forbidden, "not_writable");
        Assert.Contains(_write, (string)body["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ObjectsOfTheWriteCollection_403NamingTheFeed()
    {
        var (response, body) = await _taxii.GetJsonAsync($"{_taxii.Root}collections/{_write}/objects/");

        AssertError(response, body, HttpStatusCode.Forbidden, "not_readable");
        Assert.Contains(_feed, (string)body["description"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status/6b1f9a3c-5d2e-4f70-8a91-0c3d2e4f5a6b/", "no_status")]
    [InlineData("collections/x/objects/y/z/", "no_resource")]
    [InlineData("elsewhere/", "no_resource")]
    public async Task Get_UnknownResource_404(string path, string code)
    {
        var (response, body) = await _taxii.GetJsonAsync(_taxii.Root + path);

        AssertError(response, body, HttpStatusCode.NotFound, code);
    }

    [Fact]
    public async Task Delete_Objects_405WithAllow()
    {
        using var response = await _taxii.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"{_taxii.Root}collections/{_feed}/objects/"));
        var body = await TaxiiHttp.BodyAsync(response);

        AssertError(response, body, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/taxii+json;version=2.0")]
    [InlineData("application/json")]
    public async Task Get_AcceptWithoutTaxii21_406(string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _taxii.Root);
        request.Headers.Accept.Clear();
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await _taxii.SendAsync(request);

        AssertError(response, await TaxiiHttp.BodyAsync(response), HttpStatusCode.NotAcceptable, "not_acceptable");
    }

    [Theory]
    [InlineData(null, "no_credentials", "no credentials")]
    [InlineData("Bearer ck_nosuchkey_0000", "bad_credentials", "API key not recognised")]
    [InlineData("Digest username=\"x\"", "no_credentials", "neither 'Bearer <key>' nor HTTP Basic")]
    [InlineData("Basic !!!", "no_credentials", "neither 'Bearer <key>' nor HTTP Basic")]
    public async Task Get_BadCredentials_401WithChallengeAndAudited(string? authorization, string code, string expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_taxii.Root}collections/");
        request.Headers.Authorization = null;
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var stranger = new TaxiiHttp(_node, apiKey: null);
        using var response = await stranger.SendAsync(request);
        var body = await TaxiiHttp.BodyAsync(response);

        AssertError(response, body, HttpStatusCode.Unauthorized, code);
        Assert.Contains(expected, (string)body["description"]!, StringComparison.Ordinal);
        Assert.Equal(["Basic", "Bearer"], response.Headers.WwwAuthenticate.Select(c => c.Scheme).Order());
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "auth.denied", Limit = 100 });
        Assert.Contains(audit.Entries, e => e.Subject == "TAXII GET /taxii2/bank-ceptoar/collections/" && e.Outcome == "denied");
    }

    [Fact]
    public async Task Get_BasicWithTheKeyAsPassword_Served()
    {
        using var basic = new TaxiiHttp(_node, apiKey: null);
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("taxii-bank:" + _key)));

        Assert.Equal((_feed, _write), await basic.CollectionsAsync());
    }

    [Fact]
    public async Task Get_RevokedKeyThenDisabledMember_401Then403()
    {
        var spare = await _node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = "taxii-bank", Label = "spare" });
        await _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = spare.Key.KeyId, Reason = "test" });
        using var revoked = new TaxiiHttp(_node, spare.ApiKey);

        var (revokedResponse, revokedBody) = await revoked.GetJsonAsync(_taxii.Root);
        await _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "taxii-bank", Reason = "test" });
        var (disabledResponse, disabledBody) = await _taxii.GetJsonAsync(_taxii.Root);

        AssertError(revokedResponse, revokedBody, HttpStatusCode.Unauthorized, "bad_credentials");
        Assert.Contains(spare.Key.KeyId, (string)revokedBody["description"]!, StringComparison.Ordinal);
        AssertError(disabledResponse, disabledBody, HttpStatusCode.Forbidden, "member_disabled");
        Assert.Contains("taxii-bank", (string)disabledBody["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_OverTheRateLimit_429WithRetryAfter()
    {
        await using var limited = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("limited"), s =>
        {
            s["Limits:MemberRequestsPerSecond"] = "1";
            s["Limits:MemberBurst"] = "2";
        });
        using var taxii = new TaxiiHttp(limited, await limited.AddMemberWithKeyAsync("busy-bank"));

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var response = await taxii.GetAsync(taxii.Root);
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(refused);
        AssertError(refused, await TaxiiHttp.BodyAsync(refused), HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, statuses[0]);
    }

    [Theory]
    [InlineData("ja", "limit '0' は 1 から 1000 までの整数ではありません", "不正なリクエストです")]
    [InlineData("en-GB,ja;q=0.5", "limit '0' is not a whole number from 1 to 1000", "Bad request")]
    [InlineData("ja;q=0.2,en;q=0.8", "limit '0' is not a whole number from 1 to 1000", "Bad request")]
    public async Task Objects_BadLimit_InTheLanguageAsked(string acceptLanguage, string description, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{_taxii.Root}collections/{_feed}/objects/?limit=0");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        using var response = await _taxii.SendAsync(request);
        var body = await TaxiiHttp.BodyAsync(response);

        AssertError(response, body, HttpStatusCode.BadRequest, "bad_limit");
        Assert.Contains(description, (string)body["description"]!, StringComparison.Ordinal);
        Assert.Equal(title, (string)body["title"]!);
    }

    [Fact]
    public async Task Get_MemberSetToJapaneseAskingNoLanguage_AnsweredInJapanese()
    {
        await _node.Admin.AddMemberAsync(new AddMemberRequest { MemberId = "ja-bank", NameEn = "JA Bank", NameJa = "日本語銀行", Sector = "finance", Language = "ja" });
        var key = (await _node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = "ja-bank", Label = "test" })).ApiKey;
        using var japanese = new TaxiiHttp(_node, key);
        var (feed, _) = await japanese.CollectionsAsync();

        var (response, body) = await japanese.GetJsonAsync($"{japanese.Root}collections/{feed}/objects/?limit=0");

        AssertError(response, body, HttpStatusCode.BadRequest, "bad_limit");
        Assert.Equal("不正なリクエストです", (string)body["title"]!);
    }

    private static void AssertError(HttpResponseMessage response, System.Text.Json.Nodes.JsonObject body, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/taxii+json; version=2.1", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(code, (string)body["error_code"]!);
        Assert.Equal(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), (string)body["http_status"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)body["description"]));
    }
}
