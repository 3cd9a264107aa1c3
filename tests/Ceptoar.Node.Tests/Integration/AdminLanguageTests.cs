using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// The admin API answers in the language its call's accept-language asks for, on a real node over its Unix socket, and
/// ceptoar-admin asks in the language it shows: the same bad call gets the same status code and field names in Japanese
/// and in English, while the audit log stays English. The expected phrases are written here, as a secretariat's staff
/// would read them.
/// </summary>
public sealed class AdminLanguageTests : OneNodeTest
{
    [Fact]
    public async Task AddMember_SameBadRequestWithAndWithoutJapanese_SameCodeAndFieldsEachInItsLanguage()
    {
        var request = new AddMemberRequest { MemberId = "Odd_Bank", Sector = "banking" };

        var japanese = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.AddMemberAsync(request, Japanese()).ResponseAsync);
        var english = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.AddMemberAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, japanese.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, english.StatusCode);
        var ja = Violations(japanese);
        var en = Violations(english);
        Assert.Equal(["member_id", "name_ja", "sector"], ja.Keys);
        Assert.Equal(ja.Keys, en.Keys);
        Assert.Equal("a-z、0-9、'-' からなる 2〜64 文字（例: tokyo-electric）で指定してください。", ja["member_id"]);
        Assert.Equal("名称は必須です。会社名を日本語（name_ja）または英語（name_en）、あるいはその両方で指定してください。", ja["name_ja"]);
        Assert.StartsWith("'banking' は分野コードではありません。", ja["sector"], StringComparison.Ordinal);
        Assert.StartsWith("リクエストが正しくありません: member_id: a-z、0-9", japanese.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("must be 2 to 64 characters of a-z, 0-9 and '-', e.g. tokyo-electric", en["member_id"]);
        Assert.Equal("a name is required: give the company's name in Japanese (name_ja) and/or English (name_en)", en["name_ja"]);
        Assert.StartsWith("'banking' is not a sector code: use one of ", en["sector"], StringComparison.Ordinal);
        Assert.StartsWith("invalid request: member_id: must be", english.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ja", "このノードに構成員 'no-such-bank' はありません。`members list --all` で構成員を確認してください。")]
    [InlineData("ja-JP, en;q=0.5", "このノードに構成員 'no-such-bank' はありません。`members list --all` で構成員を確認してください。")]
    [InlineData("en", "no member 'no-such-bank' on this node: list members with `members list --all`.")]
    [InlineData("fr", "no member 'no-such-bank' on this node: list members with `members list --all`.")]
    [InlineData(null, "no member 'no-such-bank' on this node: list members with `members list --all`.")]
    public async Task GetMember_UnknownMember_NotFoundInTheAskedLanguage(string? acceptLanguage, string expected)
    {
        var headers = acceptLanguage is null ? null : new Metadata { { "accept-language", acceptLanguage } };

        var error = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.GetMemberAsync(new GetMemberRequest { MemberId = "no-such-bank" }, headers).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(expected, error.Status.Detail);
    }

    [Fact]
    public async Task AddContact_PlainHttpWebhookAskingForJapanese_WebhookUrlViolationInJapanese()
    {
        await Node.AddMemberWithKeyAsync("resona-bank");
        var request = new AddContactRequest { MemberId = "resona-bank", Name = "SOC", WebhookUrl = "http://soc.resona.example/hooks", Language = "ja" };

        var error = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.AddContactAsync(request, Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(
            "'http://soc.resona.example/hooks' は https:// の URL ではありません。Webhook は通知とその署名を運ぶため HTTPS でのみ送ります。構成員システムの https:// アドレスを指定してください。",
            Assert.Single(Violations(error)).Value);
    }

    [Fact]
    public async Task AddRule_AskingForJapanese_RefusalInJapaneseAndAuditEntryStaysEnglish()
    {
        var added = await Node.Admin.AddRuleAsync(new AddRuleRequest { Text = "rule drills\n  when exercise=yes\n  then retain=30d", Position = 1 }, Japanese());
        var again = await Assert.ThrowsAsync<RpcException>(() =>
            Node.Admin.AddRuleAsync(new AddRuleRequest { Text = "rule drills\n  when exercise=yes\n  then retain=30d", Position = 1 }, Japanese()).ResponseAsync);

        Assert.Contains(added.Rules, r => r.Name == "drills");
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
        Assert.Equal("ルール 'drills' はすでにあります（1 番目）。別の名前にするか、先に `rules remove drills` で削除してください。", again.Status.Detail);
        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "rules.change" });
        Assert.Equal("rule drills added at position 1", Assert.Single(audit.Entries).Detail);
    }

    [Fact]
    public async Task SubmitItem_BadDraftAskingForJapanese_ValidatorTextInJapaneseAndAuditEntryStaysEnglish()
    {
        var draft = Drafts.Incident(Tlp.Green);
        draft.Body.Title = "";

        var error = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SubmitItemAsync(
            new AdminSubmitRequest { ClientRequestId = "staff-1", Draft = draft, StaffName = "sato" }, Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("件名がありません: 目に見える文字を 1〜200 文字で書いてください", Violations(error)["draft.body.title"]);
        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit" });
        Assert.Equal("invalid fields: draft.body.title", Assert.Single(audit.Entries).Detail);
    }

    [Fact]
    public async Task MembersAdd_CliLangJa_NodeRefusalInJapaneseWithTheSameExitCodeAndField()
    {
        string[] add = ["members", "add", "odd-bank", "--name-ja", "変な銀行", "--name-en", "Odd Bank", "--sector", "banking"];

        var japanese = await RunAsync([.. add, "--lang", "ja"]);
        var english = await RunAsync([.. add, "--lang", "en"]);

        Assert.Equal(ExitCodes.Refused, japanese.Code);
        Assert.Equal(ExitCodes.Refused, english.Code);
        Assert.StartsWith("ノードが要求を受け付けませんでした: リクエストが正しくありません: sector: 'banking' は分野コードではありません。", japanese.Error, StringComparison.Ordinal);
        Assert.Contains("  sector: 'banking' は分野コードではありません。", japanese.Error, StringComparison.Ordinal);
        Assert.Contains("  sector: 'banking' is not a sector code: use one of ", english.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("is not a sector code", japanese.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MembersShow_JapaneseLocaleWithoutLang_NotFoundInJapanese()
    {
        var show = await RunAsync(["members", "show", "no-such-bank"], new Dictionary<string, string> { ["LANG"] = "ja_JP.UTF-8" });

        Assert.Equal(ExitCodes.NotFound, show.Code);
        Assert.Equal("見つかりません: このノードに構成員 'no-such-bank' はありません。`members list --all` で構成員を確認してください。", show.Error.Trim());
    }

    [Fact]
    public async Task ContactsList_LangJaAndEn_ChannelNamedInTheLanguageAndJsonKeepsTheCode()
    {
        await Node.AddMemberWithKeyAsync("resona-bank");
        await Node.Admin.AddContactAsync(new AddContactRequest { MemberId = "resona-bank", Name = "佐藤 花子", Email = "sato@resona.example", Language = "ja" });

        var japanese = await RunAsync(["contacts", "list", "--lang", "ja"]);
        var english = await RunAsync(["contacts", "list", "--lang", "en"]);
        var json = await RunAsync(["contacts", "list", "--json"]);

        Assert.True(japanese.Code == 0, japanese.Error);
        Assert.Contains("メール", japanese.Output, StringComparison.Ordinal);
        Assert.Contains("e-mail", english.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("email", japanese.Output.Replace("sato@resona.example", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"channel\": \"email\"", json.Output, StringComparison.Ordinal);
    }

    private static Metadata Japanese() => new() { { "accept-language", "ja" } };

    private static Dictionary<string, string> Violations(RpcException error)
    {
        var details = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        return details.FieldViolations.ToDictionary(v => v.Field, v => v.Description);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", Node.Ready.AdminSocket], output, error, name => environment?.GetValueOrDefault(name));
        return (code, output.ToString(), error.ToString());
    }
}
