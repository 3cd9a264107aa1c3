using System.Net;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Rest;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Api;

/// <summary>
/// The error details of refusals at a real node (README "Error reasons", docs/OPERATIONS.md §5): every refusal carries
/// google.rpc.ErrorInfo with its stable reason in the domain ceptoar.jp, a rate-limited call google.rpc.RetryInfo, over
/// gRPC and in REST's google.rpc.Status JSON; no detail carries a key or item content.
/// </summary>
public sealed class ErrorDetailsTests : IAsyncLifetime
{
    private const string SecretTitle = "Wire fraud at a named customer";
    private const int MaxRequestBytes = 65536;

    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;
    private string _mizuhoKey = "";
    private string _resonaKey = "";

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"), s => s["Limits:MaxRequestBytes"] = "65536");
        _mizuhoKey = await _node.AddMemberWithKeyAsync("mizuho-bank");
        _resonaKey = await _node.AddMemberWithKeyAsync("resona-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Refusals_TableOfCases_ErrorInfoWithStableReasonAndDomain()
    {
        var amber = (await _node.Member(_mizuhoKey).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Amber, SecretTitle)))).ItemId;
        var spare = await _node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = "resona-bank", Label = "spare" });
        await _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = spare.Key.KeyId, Reason = "laptop stolen" });
        var leaving = await _node.AddMemberWithKeyAsync("leaving-bank");
        await _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "leaving-bank", Reason = "contract ended" });
        var resona = _node.Member(_resonaKey);
        var oversized = Drafts.Request(Drafts.Incident(Tlp.Green, new string('x', MaxRequestBytes + 1)));

        // Case, the call, the expected status, reason and metadata: literals, as the README table states them.
        var cases = new (string Case, Func<Task> Call, StatusCode Code, string Reason, string? Key, string? Value)[]
        {
            ("no key", () => _node.Member(null).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync, StatusCode.Unauthenticated, "API_KEY_MISSING", null, null),
            ("unknown key", () => _node.Member("ck_nosuchkey_secret").WhoAmIAsync(new WhoAmIRequest()).ResponseAsync, StatusCode.Unauthenticated, "API_KEY_UNKNOWN", null, null),
            ("revoked key", () => _node.Member(spare.ApiKey).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync, StatusCode.Unauthenticated, "API_KEY_REVOKED", null, null),
            ("disabled member", () => _node.Member(leaving).WhoAmIAsync(new WhoAmIRequest()).ResponseAsync, StatusCode.PermissionDenied, "MEMBER_DISABLED", null, null),
            ("unknown item", () => resona.GetAsync(new GetItemRequest { ItemId = "01890a5d-ac96-774b-bcce-b302099a8057" }).ResponseAsync, StatusCode.NotFound, "ITEM_NOT_FOUND", null, null),
            ("item not shared", () => resona.GetAsync(new GetItemRequest { ItemId = amber }).ResponseAsync, StatusCode.PermissionDenied, "ITEM_NOT_SHARED", null, null),
            ("withdraw another's", () => resona.RevokeAsync(new RevokeRequest { ClientRequestId = "w1", ItemId = amber, Reason = "not mine" }).ResponseAsync, StatusCode.PermissionDenied, "ITEM_NOT_OWN", null, null),
            ("no format", () => resona.ExportAsync(new ExportRequest { ItemIds = { amber } }).ResponseAsync, StatusCode.InvalidArgument, "FIELD_INVALID", "field", "format"),
            ("bad page token", () => resona.ListAsync(new ListItemsRequest { PageToken = "not-a-token" }).ResponseAsync, StatusCode.InvalidArgument, "PAGE_TOKEN_INVALID", "field", "page_token"),
            ("too large", () => resona.SubmitAsync(oversized).ResponseAsync, StatusCode.ResourceExhausted, "REQUEST_TOO_LARGE", "limit_bytes", "65536"),
            ("admin: unknown member", () => _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "nosuch-bank", Reason = "x" }).ResponseAsync, StatusCode.NotFound, "MEMBER_NOT_FOUND", null, null),
            ("admin: member exists", () => _node.Admin.AddMemberAsync(new AddMemberRequest { MemberId = "resona-bank", NameEn = "R", NameJa = "R", Sector = "finance" }).ResponseAsync, StatusCode.AlreadyExists, "MEMBER_EXISTS", null, null),
        };

        var mismatches = new List<string>();
        foreach (var (name, call, code, reason, key, value) in cases)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(call);
            var info = refused.GetRpcStatus()?.GetDetail<ErrorInfo>();
            var seen = $"{refused.StatusCode} {info?.Reason} {info?.Domain} {info?.Metadata}";
            if (refused.StatusCode != code || info?.Reason != reason || info.Domain != "ceptoar.jp"
                || (key is not null && (!info.Metadata.TryGetValue(key, out var actual) || actual != value)))
            {
                mismatches.Add($"{name}: expected {code} {reason} ceptoar.jp {key}={value}, got {seen}");
            }

            // Details never carry a secret or item content.
            var details = refused.GetRpcStatus()!.ToString();
            foreach (var secret in new[] { _resonaKey, spare.ApiKey, leaving, SecretTitle })
            {
                if (details.Contains(secret, StringComparison.Ordinal) || refused.Status.Detail.Contains(secret, StringComparison.Ordinal))
                {
                    mismatches.Add($"{name}: the refusal carries '{secret}'");
                }
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Get_ItemNotSharedWithTheCaller_ErrorInfoReasonOnlyEntitledMemberReadsIt()
    {
        var amber = (await _node.Member(_mizuhoKey).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Amber, SecretTitle)))).ItemId;
        // Who is entitled to a finance AMBER item by default (docs/TLP.md §2): its submitter only.
        var entitled = new Dictionary<string, bool> { ["mizuho-bank"] = true, ["resona-bank"] = false };
        var keys = new Dictionary<string, string> { ["mizuho-bank"] = _mizuhoKey, ["resona-bank"] = _resonaKey };

        foreach (var (member, may) in entitled)
        {
            var get = _node.Member(keys[member]).GetAsync(new GetItemRequest { ItemId = amber }).ResponseAsync;
            if (may)
            {
                Assert.Equal(SecretTitle, (await get).Item.Body.Title);
                continue;
            }

            var refused = await Assert.ThrowsAsync<RpcException>(() => get);
            var status = refused.GetRpcStatus()!;
            Assert.Equal("ITEM_NOT_SHARED", status.GetDetail<ErrorInfo>()!.Reason);
            Assert.DoesNotContain(SecretTitle, status.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WhoAmI_OverTheMemberRateLimit_ResourceExhaustedWithRetryInfoUntilATokenIsBack()
    {
        await using var limited = await TestNode.StartAsync(_federation, "water-ceptoar", _dir.Combine("limited"), s =>
        {
            s["Limits:MemberRequestsPerSecond"] = "1";
            s["Limits:MemberBurst"] = "3";
        });
        var member = limited.Member(await limited.AddMemberWithKeyAsync("tokyo-water", "water"));

        RpcException? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            try
            {
                await member.WhoAmIAsync(new WhoAmIRequest());
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var status = refused.GetRpcStatus()!;
        var info = status.GetDetail<ErrorInfo>()!;
        Assert.Equal("RATE_LIMITED", info.Reason);
        Assert.Equal("ceptoar.jp", info.Domain);
        Assert.Equal("1", info.Metadata["limit_per_second"]);
        Assert.Equal("3", info.Metadata["burst"]);
        // One token a second: the bucket has one again within a second, and not before the refusal.
        var delay = status.GetDetail<RetryInfo>()!.RetryDelay.ToTimeSpan();
        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RestWhoAmI_OverTheMemberRateLimit_429StatusJsonWithErrorInfoAndRetryInfo()
    {
        await using var limited = await TestNode.StartAsync(_federation, "water-ceptoar", _dir.Combine("limited"), s =>
        {
            s["Limits:MemberRequestsPerSecond"] = "1";
            s["Limits:MemberBurst"] = "3";
        });
        var key = await limited.AddMemberWithKeyAsync("tokyo-water", "water");
        using var rest = new RestClient(limited.Ready.MemberEndpoint!, limited.Root, key, HttpVersion.Version11);

        RestAnswer? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var answer = await rest.GetAsync("/v1/whoami");
            refused = answer.Status == 200 ? null : answer;
        }

        Assert.NotNull(refused);
        Assert.Equal(429, refused.Status);
        var details = refused.Json.GetProperty("details").EnumerateArray().ToList();
        var info = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("RATE_LIMITED", info.GetProperty("reason").GetString());
        Assert.Equal("ceptoar.jp", info.GetProperty("domain").GetString());
        var retry = Assert.Single(details, d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.RetryInfo");
        // proto3 JSON writes a Duration as seconds with an "s" suffix.
        var delay = Duration.Parser.ParseJson($"\"{retry.GetProperty("retryDelay").GetString()}\"").ToTimeSpan();
        Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RestSubmit_BrokenBody_StatusJsonWithErrorInfoBesideFieldViolations()
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _resonaKey, HttpVersion.Version11);

        var answer = await rest.PostAsync("/v1/items", """{"client_request_id":"r1","draft":{"bdy":{}}}""");

        Assert.Equal(400, answer.Status);
        Assert.True(answer.Violations.ContainsKey("draft.bdy"), answer.ToString());
        var info = Assert.Single(answer.Json.GetProperty("details").EnumerateArray(), d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("FIELD_INVALID", info.GetProperty("reason").GetString());
        Assert.Equal("draft.bdy", info.GetProperty("metadata").GetProperty("field").GetString());
    }

    [Fact]
    public async Task RestGet_ItemNotFoundFromTheHandler_StatusJsonWithErrorInfo()
    {
        using var rest = new RestClient(_node.Ready.MemberEndpoint!, _node.Root, _resonaKey, HttpVersion.Version11);

        var answer = await rest.GetAsync("/v1/items/01890a5d-ac96-774b-bcce-b302099a8057");

        Assert.Equal(404, answer.Status);
        var info = Assert.Single(answer.Json.GetProperty("details").EnumerateArray(), d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("ITEM_NOT_FOUND", info.GetProperty("reason").GetString());
    }
}
