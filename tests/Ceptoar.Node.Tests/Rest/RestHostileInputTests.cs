using System.Net;
using System.Text;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Node.Tests.Rest;

/// <summary>
/// Hostile and broken REST requests (docs/INTERCHANGE.md §4) at a real node: each answers a 4xx google.rpc.Status JSON that
/// names the field, never a 500 or an HTML page, and nothing reaches storage. The REST routes exist on the member port only.
/// </summary>
public sealed class RestHostileInputTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), s =>
        {
            s["Node:FederationListen"] = "127.0.0.1:0";
            s["Limits:MaxRequestBytes"] = "65536";
        });
        _key = await _node.AddMemberWithKeyAsync("mizuho-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>Body, expected HTTP status, the field the answer names, a word of its description.</summary>
    public static TheoryData<string, string, int, string, string> Bodies => new()
    {
        { "malformed", """{"client_request_id":"r1","draft":{"kind":""", 400, "body", "not valid JSON (line 1" },
        { "not an object", """["a"]""", 400, "body", "expected object, got array" },
        { "unknown field", """{"client_request_id":"r1","draft":{"bdy":{}}}""", 400, "draft.bdy", "no such field in ItemDraft" },
        { "unknown camelCase field", """{"clientRequestId":"r1","draft":{"body":{"titel":"x"}}}""", 400, "draft.body.titel", "no such field in Body" },
        { "enum as number out of range", """{"client_request_id":"r1","draft":{"tlp":99}}""", 400, "draft.tlp", "'99' is not one of TLP_UNSPECIFIED" },
        { "unknown enum name", """{"client_request_id":"r1","draft":{"tlp":"TLP_PURPLE"}}""", 400, "draft.tlp", "'TLP_PURPLE' is not one of" },
        { "string for bool", """{"client_request_id":"r1","draft":{"exercise":"yes"}}""", 400, "draft.exercise", "expected true/false" },
        { "object for string", """{"client_request_id":{"a":1},"draft":{}}""", 400, "client_request_id", "expected string, got object" },
        { "array element of wrong type", """{"client_request_id":"r1","draft":{"body":{"indicators":[{"type":"INDICATOR_TYPE_IPV4","value":"1.2.3.4"},7]}}}""", 400, "draft.body.indicators[1]", "expected object, got number" },
        { "bad time", """{"client_request_id":"r1","draft":{"expires_at":"tomorrow"}}""", 400, "draft.expires_at", "'tomorrow' is not an RFC 3339 time" },
        { "too deep", new string('[', 200) + new string(']', 200), 400, "body", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Submit_BrokenBody_400NamingTheField_NothingStored(string what, string body, int status, string field, string words)
    {
        using var rest = Client(_key, HttpVersion.Version20);

        var answer = await rest.PostAsync("/v1/items", body);

        Assert.True(status == answer.Status, $"{what}: {answer}");
        Assert.Equal("application/json", answer.MediaType);
        Assert.Equal(3, answer.Code);
        Assert.True(answer.Violations.ContainsKey(field), $"{what}: {answer}");
        Assert.Contains(words, answer.Violations[field], StringComparison.Ordinal);
        Assert.Empty((await _node.Member(_key).ListAsync(new ListItemsRequest())).Items);
    }

    [Fact]
    public async Task Submit_BrokenBodyInJapanese_DescriptionInJapaneseFieldUnchanged()
    {
        using var rest = Client(_key, HttpVersion.Version11);

        var answer = await rest.PostAsync("/v1/items", """{"client_request_id":"r1","draft":{"bdy":{}}}""", "ja");

        Assert.Equal(400, answer.Status);
        Assert.Contains("フィールドはありません", answer.Violations["draft.bdy"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task Submit_BodyOverMaxRequestBytes_413NamesTheLimit_NothingStored(string version)
    {
        using var rest = Client(_key, RestClient.Parse(version));
        var request = Drafts.Request(Drafts.Incident(Tlp.Green));
        request.Draft.Body.What = new string('x', 70_000);

        var answer = await rest.PostAsync("/v1/items", JsonFormatter.Default.Format(request));

        Assert.Equal(413, answer.Status);
        Assert.Equal(8, answer.Code);
        Assert.Contains("Limits:MaxRequestBytes", answer.Message, StringComparison.Ordinal);
        Assert.Empty((await _node.Member(_key).ListAsync(new ListItemsRequest())).Items);
    }

    [Fact]
    public async Task Submit_NotJsonContentType_415()
    {
        using var rest = Client(_key, HttpVersion.Version20);

        var answer = await rest.SendAsync(HttpMethod.Post, "/v1/items", "client_request_id=r1", null, "application/x-www-form-urlencoded");

        Assert.Equal(415, answer.Status);
        Assert.Contains("application/json", answer.Message, StringComparison.Ordinal);
        Assert.Empty((await _node.Member(_key).ListAsync(new ListItemsRequest())).Items);
    }

    [Theory]
    [InlineData("pagesize=5", "pagesize", "no such query parameter")]
    [InlineData("page_size=abc", "page_size", "'abc' is not a whole number from 0 to 4294967295")]
    [InlineData("page_size=-1", "page_size", "is not a whole number")]
    [InlineData("labels=TLP_PURPLE", "labels", "'TLP_PURPLE' is not one of")]
    [InlineData("created_from=yesterday", "created_from", "not an RFC 3339 time")]
    [InlineData("exclude_exercise=maybe", "exclude_exercise", "expected true/false")]
    [InlineData("text=a&text=b", "text", "given more than once")]
    public async Task List_BadQueryParameter_400NamingIt(string query, string field, string words)
    {
        using var rest = Client(_key, HttpVersion.Version11);

        var answer = await rest.GetAsync("/v1/items?" + query);

        Assert.Equal(400, answer.Status);
        Assert.Contains(words, answer.Violations[field], StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_QueryByJsonName_Accepted()
    {
        using var rest = Client(_key, HttpVersion.Version11);

        var answer = await rest.GetAsync("/v1/items?pageSize=5&excludeExercise=true&created_from=2025-04-01T00:00:00Z");

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", 404)]
    [InlineData("DELETE", "/v1/items", 404)]
    public async Task UnknownRoute_StatusJsonPointingToOpenApi(string method, string path, int status)
    {
        using var rest = Client(_key, HttpVersion.Version20);

        var answer = await rest.SendAsync(new HttpMethod(method), path, null, null);

        Assert.Equal(status, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.Contains("/v1/openapi.json", answer.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v1/whoami")]
    [InlineData("/v1/openapi.json")]
    [InlineData("/v1/items")]
    public async Task RestRoute_OnFederationPort_404NotServed(string path)
    {
        var peerCertificate = RawPeer.TlsCertificateOf(_federation.NodeCertificates("electricity-ceptoar"));
        using var rest = new RestClient(_node.Ready.FederationEndpoint!, _node.Root, _key, HttpVersion.Version20, peerCertificate);

        var answer = await rest.GetAsync(path);

        Assert.Equal(404, answer.Status);
        Assert.Equal(5, answer.Code);
        Assert.Contains("member port only", answer.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mizuho", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestRoute_OnAdminSocket_404NotServed()
    {
        using var http = new HttpClient(Clients.AdminHandler(_node.Ready.AdminSocket)) { BaseAddress = new Uri("http://localhost") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/whoami") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add("authorization", "Bearer " + _key);

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("member port only", body, StringComparison.Ordinal);
        Assert.DoesNotContain("mizuho", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcOnMemberPort_StillHttp2_AfterHttp1Enabled()
    {
        // gRPC clients negotiate h2 by ALPN on the listener that now also speaks HTTP/1.1.
        var whoami = await _node.Member(_key).WhoAmIAsync(new WhoAmIRequest());

        Assert.Equal("mizuho-bank", whoami.MemberId);
    }

    /// <summary>The member port now speaks HTTP/1.1 too: gRPC over it is refused as before (426 by grpc-dotnet; Unimplemented, trailers-only, by the listener gate for another listener's service).</summary>
    [Theory]
    [InlineData("/ceptoar.federation.v1.MemberService/WhoAmI", 426)]
    [InlineData("/ceptoar.federation.v1.MemberService/Subscribe", 426)]
    [InlineData("/ceptoar.federation.v1.AdminService/ListMembers", 200)]
    public async Task GrpcPath_OverHttp11_RefusedNeverServed(string path, int status)
    {
        using var rest = Client(_key, HttpVersion.Version11);

        var answer = await rest.SendAsync(HttpMethod.Post, path, "\0\0\0\0\0", null, "application/grpc");

        Assert.Equal(status, answer.Status);
        Assert.Equal("", answer.Body);
    }

    [Fact]
    public async Task ManyCalls_OverTheMembersRate_429ResourceExhausted()
    {
        await using var limited = await TestNode.StartAsync(_federation, "water-ceptoar", _dir.Combine("limited"), s =>
        {
            s["Limits:MemberRequestsPerSecond"] = "1";
            s["Limits:MemberBurst"] = "3";
        });
        var key = await limited.AddMemberWithKeyAsync("tokyo-water", "water");
        using var rest = new RestClient(limited.Ready.MemberEndpoint!, limited.Root, key, HttpVersion.Version11);

        var answers = new List<RestAnswer>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await rest.GetAsync("/v1/whoami"));
        }

        var refused = answers.First(a => a.Status != 200);
        Assert.Equal(429, refused.Status);
        Assert.Equal(8, refused.Code);
        Assert.Contains("tokyo-water", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_FuzzedBodies_NeverA5xxOrNonJson_OnlyAcceptedItemsStored()
    {
        using var rest = Client(_key, HttpVersion.Version20);
        var random = new Random(20_141_201);
        var valid = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(Drafts.Request(Drafts.Incident(Tlp.Green), "fuzz")));
        string[] tokens = ["{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1", "1e999", "\"\\u0000\"", "\"TLP_RED\"", "\"x\":", "18446744073709551616"];
        var accepted = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<string>();

        for (var i = 0; i < 300; i++)
        {
            var body = new List<byte>(valid);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(body.Count);
                switch (random.Next(4))
                {
                    case 0:
                        body[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        body.RemoveRange(at, Math.Min(body.Count - at, random.Next(1, 20)));
                        break;
                    case 2:
                        body.InsertRange(at, Encoding.UTF8.GetBytes(tokens[random.Next(tokens.Length)]));
                        break;
                    default:
                        body.RemoveRange(at, body.Count - at);
                        break;
                }
            }

            var text = Encoding.UTF8.GetString([.. body]).Replace("\"fuzz\"", $"\"fuzz-{i}\"", StringComparison.Ordinal);
            var answer = await rest.PostAsync("/v1/items", text);
            var json = answer.MediaType == "application/json" && IsJson(answer.Body);
            if (answer.Status >= 500 || !json || answer.Status is not (200 or 400 or 413 or 415))
            {
                findings.Add($"{answer.Status} {answer.MediaType} for {text}: {answer.Body}");
            }
            else if (answer.Status == 200)
            {
                accepted.Add(answer.Json.GetProperty("itemId").GetString()!);
            }
        }

        var stored = (await _node.Member(_key).ListAsync(new ListItemsRequest { PageSize = 500 })).Items.Select(i => i.Item.Id).ToHashSet(StringComparer.Ordinal);
        Assert.True(findings.Count == 0, string.Join('\n', findings.Take(5)));
        Assert.Equal(accepted, stored);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private RestClient Client(string? key, Version version) => new(_node.Ready.MemberEndpoint!, _node.Root, key, version);
}
