using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// The member API answers in the language the call's accept-language header asks for (Japanese or English, else English),
/// on a real node over TLS; what the node keeps for its operators (the audit log) stays English (the admin API's own
/// languages: AdminLanguageTests).
/// The expected phrases are written here, as a member's engineer would read them.
/// </summary>
public sealed class MemberLanguageTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;
    private string _key = "";

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"));
        _key = await _node.AddMemberWithKeyAsync("careless-bank");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("ja-JP")]
    [InlineData("fr-FR, ja;q=0.7, en;q=0.3")]
    [InlineData("en-US;q=0.2, ja-JP;q=0.9")]
    public async Task Submit_BadDraftAskingForJapanese_InvalidArgumentWithJapaneseDescriptionForEachField(string acceptLanguage)
    {
        var error = await SubmitBadDraftAsync(acceptLanguage);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = Violations(error);
        Assert.Equal(["client_request_id", "draft.body.title", "draft.body.indicators[0].value"], violations.Keys);
        Assert.Equal("印字可能な ASCII 文字 1〜128 文字で指定してください: 報告ごとに一意の ID（UUID など）を選び、同じ報告を再送するときだけ同じ ID を使ってください",
            violations["client_request_id"]);
        Assert.Equal("件名がありません: 目に見える文字を 1〜200 文字で書いてください", violations["draft.body.title"]);
        Assert.Equal("INDICATOR_TYPE_IPV4 の値がIPv4 アドレスではありません: 0〜255 の 10 進数 4 つを先頭の 0 なしでドットで区切ってください（例: 192.0.2.1）",
            violations["draft.body.indicators[0].value"]);
        Assert.StartsWith("リクエストが正しくありません: client_request_id: 印字可能な", error.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en")]
    [InlineData("en-GB, ja;q=0.5")]
    [InlineData("fr, de;q=0.5")]
    [InlineData("ja;q=0, en;q=0.1")]
    public async Task Submit_BadDraftNotAskingForJapanese_InvalidArgumentInEnglish(string? acceptLanguage)
    {
        var error = await SubmitBadDraftAsync(acceptLanguage);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = Violations(error);
        Assert.Equal(["client_request_id", "draft.body.title", "draft.body.indicators[0].value"], violations.Keys);
        Assert.Equal("must be 1 to 128 printable ASCII characters: choose a unique id per report (e.g. a UUID) and reuse it only when retrying the same report",
            violations["client_request_id"]);
        Assert.Equal("The title is missing: write at least one visible character (at most 200)", violations["draft.body.title"]);
        Assert.Equal("The INDICATOR_TYPE_IPV4 value is not an IPv4 address: expected four decimal numbers 0-255 separated by dots, without leading zeros, e.g. 192.0.2.1",
            violations["draft.body.indicators[0].value"]);
        Assert.StartsWith("invalid request: client_request_id: must be 1 to 128", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_RefusedInJapanese_AuditEntryStaysEnglish()
    {
        await SubmitBadDraftAsync("ja");

        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit" });
        var entry = Assert.Single(audit.Entries);
        Assert.Equal("member:careless-bank", entry.Actor);
        Assert.Equal("rejected", entry.Outcome);
        Assert.Equal("invalid fields: client_request_id, draft.body.title, draft.body.indicators[0].value", entry.Detail);
    }

    [Fact]
    public async Task Call_RevokedKeyAskingForJapanese_UnauthenticatedInJapaneseAndAuditedInEnglish()
    {
        var key = await _node.AddMemberWithKeyAsync("revoked-bank");
        var keyId = (await _node.Admin.ListApiKeysAsync(new ListApiKeysRequest { MemberId = "revoked-bank" })).Keys.Single().KeyId;
        await _node.Admin.RevokeApiKeyAsync(new RevokeApiKeyRequest { KeyId = keyId, Reason = "laptop lost" });

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(key).WhoAmIAsync(new WhoAmIRequest(), Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith($"API キー {keyId} は ", error.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith(" UTC に失効しました: 事務局に新しいキーを依頼してください。", error.Status.Detail, StringComparison.Ordinal);
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "auth.denied", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Detail.StartsWith($"revoked API key {keyId} from ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_MissingKeyAskingForJapanese_UnauthenticatedInJapanese()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(null).WhoAmIAsync(new WhoAmIRequest(), Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("API キーがありません: 事務局から発行されたキーを 'authorization: Bearer <key>' ヘッダーで送ってください。", error.Status.Detail);
    }

    [Fact]
    public async Task Submit_OverTheSizeLimitAskingForJapanese_ResourceExhaustedInJapanese()
    {
        var request = Drafts.Request(Drafts.Incident(Tlp.Green));
        request.Draft.Body.What = new string('x', 1_100_000);

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Member(_key).SubmitAsync(request, Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("リクエストがノードの上限 1048576 バイト（Limits:MaxRequestBytes）を超えています: 小さくして送ってください", error.Status.Detail);
    }

    [Fact]
    public async Task Get_NotAnItemIdAskingForJapanese_FieldViolationInJapanese()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _node.Member(_key).GetAsync(new GetItemRequest { ItemId = "not-an-id" }, Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("項目IDではありません: Submit が返した item_id のような小文字の UUIDv7 を指定してください", Violations(error)["item_id"]);
    }

    [Fact]
    public async Task Calls_JapaneseAndEnglishAtTheSameTime_EachAnsweredInItsOwnLanguage()
    {
        var client = _node.Member(_key);
        var calls = Enumerable.Range(0, 24).Select(async i =>
        {
            var japanese = i % 2 == 0;
            var error = await Assert.ThrowsAsync<RpcException>(() =>
                client.GetAsync(new GetItemRequest { ItemId = "not-an-id" }, japanese ? Japanese() : null).ResponseAsync);
            return (japanese, Violations(error)["item_id"]);
        });

        foreach (var (japanese, description) in await Task.WhenAll(calls))
        {
            Assert.Equal(japanese ? "項目IDではありません: Submit が返した item_id のような小文字の UUIDv7 を指定してください"
                : "is not an item id: expected a lower-case UUIDv7 such as the item_id Submit returned", description);
        }
    }

    [Fact]
    public async Task Subscribe_MemberDisabledWhileOpenAskingForJapanese_EndsPermissionDeniedInJapaneseAndAuditedInEnglish()
    {
        var reader = _node.Member(await _node.AddMemberWithKeyAsync("reader-bank"));
        var before = await _node.Member(_key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "before the change")));
        using var stream = reader.Subscribe(new SubscribeRequest { AfterCursor = 0 }, Japanese(), DateTime.UtcNow.AddSeconds(30));
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(before.ItemId, stream.ResponseStream.Current.Item.Id);

        await _node.Admin.DisableMemberAsync(new DisableMemberRequest { MemberId = "reader-bank", Reason = "contract ended" });
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await stream.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("構成員 'reader-bank' は事務局により無効にされています: 再び有効にするには事務局に連絡してください。", error.Status.Detail);
        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "call.end", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Actor == "member:reader-bank" && e.Detail.EndsWith(": member disabled (contract ended)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_OverTheRateAskingForJapanese_ResourceExhaustedInJapanese()
    {
        await using var limited = await TestNode.StartAsync(_federation, "electricity-ceptoar", _dir.Combine("data-limited"), settings =>
        {
            settings["Limits:MemberRequestsPerSecond"] = "1";
            settings["Limits:MemberBurst"] = "1";
        });
        var client = limited.Member(await limited.AddMemberWithKeyAsync("busy-bank"));

        // One token a second: of a few calls in a row, one finds the bucket empty (the first may still find its token).
        RpcException? refused = null;
        for (var i = 0; i < 20 && refused is null; i++)
        {
            try
            {
                await client.WhoAmIAsync(new WhoAmIRequest(), Japanese());
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal("構成員 'busy-bank' の呼び出しが上限（毎秒 1 件）を超えました: 間隔を空けて、1 秒後に再試行してください。", refused.Status.Detail);
    }

    [Fact]
    public async Task Submit_NoHeader_MemberSetToJapanese_AnsweredInJapanese_AndAHeaderStillWins()
    {
        // The secretariat sets the member's language; a call that says nothing is answered in it.
        await _node.Admin.AddMemberAsync(new AddMemberRequest { MemberId = "kansai-bank", NameJa = "関西銀行", NameEn = "Kansai Bank", Sector = "finance", Language = "ja" });
        var key = (await _node.Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = "kansai-bank", Label = "soc" })).ApiKey;

        var silent = await SubmitBadDraftAsync(null, key);
        var english = await SubmitBadDraftAsync("en", key);

        Assert.Equal("件名がありません: 目に見える文字を 1〜200 文字で書いてください", Violations(silent)["draft.body.title"]);
        Assert.Equal("The title is missing: write at least one visible character (at most 200)", Violations(english)["draft.body.title"]);
        Assert.Equal("ja", (await _node.Admin.GetMemberAsync(new GetMemberRequest { MemberId = "kansai-bank" })).Language);
    }

    [Fact]
    public async Task AddMember_LanguageNotJaOrEn_InvalidArgumentNamingLanguage_NothingAdded()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddMemberAsync(
            new AddMemberRequest { MemberId = "paris-bank", NameJa = "パリ銀行", NameEn = "Paris Bank", Sector = "finance", Language = "fr" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("language", error.Status.Detail);
        Assert.DoesNotContain((await _node.Admin.ListMembersAsync(new ListMembersRequest())).Members, m => m.MemberId == "paris-bank");
    }

    private async Task<RpcException> SubmitBadDraftAsync(string? acceptLanguage, string? key = null)
    {
        var request = Drafts.Request(Drafts.Incident(Tlp.Green));
        request.ClientRequestId = "";
        request.Draft.Body.Title = "";
        request.Draft.Body.Indicators[0].Value = "300.1.2.3";
        var headers = acceptLanguage is null ? null : new Metadata { { "accept-language", acceptLanguage } };
        return await Assert.ThrowsAsync<RpcException>(() => _node.Member(key ?? _key).SubmitAsync(request, headers).ResponseAsync);
    }

    private static Metadata Japanese() => new() { { "accept-language", "ja" } };

    private static Dictionary<string, string> Violations(RpcException error)
    {
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        return details.FieldViolations.ToDictionary(v => v.Field, v => v.Description);
    }
}
