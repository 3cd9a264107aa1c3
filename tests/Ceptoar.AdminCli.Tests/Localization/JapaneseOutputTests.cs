namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>
/// Representative commands against a real gRPC server on a real Unix socket, read in Japanese: tables, messages and the
/// operator's errors. The phrases are written here, as a secretariat's staff would expect to read them.
/// </summary>
public sealed class JapaneseOutputTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> JapaneseLocale = new() { ["LANG"] = "ja_JP.UTF-8" };

    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Status_LangJa_FieldsAreJapaneseAndTimesInTokyo()
    {
        var result = await _server.RunAsync("status", "--lang", "ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ノードID", result.Out);
        Assert.Contains("データベースの大きさ", result.Out);
        Assert.Contains("TLS証明書の有効期限", result.Out);
        Assert.Contains("2025-04-01 18:30:00 +09:00", result.Out);
        Assert.DoesNotContain("Node id", result.Out);
    }

    [Fact]
    public async Task QueueList_EmptyWithJapaneseLocale_SaysNothingIsWaiting()
    {
        var result = await CliResult.RunAsync(JapaneseLocale, "queue", "list", "--data-dir", _server.DataDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("承認待ちの情報はありません。", result.Out);
    }

    [Fact]
    public async Task KeysIssue_LangJa_WarnsInJapaneseThatTheKeyIsShownOnce()
    {
        var result = await _server.RunAsync("keys", "issue", "mizuho-bank", "--lang", "ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("構成員 mizuho-bank に APIキー", result.Out);
        Assert.Contains("このキーは今しか表示されません。", result.Out);
        Assert.DoesNotContain("Store this key now", result.Out);
    }

    [Fact]
    public async Task AuditVerify_LangJa_SaysTheLogIsIntact()
    {
        var result = await _server.RunAsync("audit", "verify", "--lang", "ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("監査ログは改ざんされていません", result.Out);
    }

    [Fact]
    public async Task MembersShow_UnknownMemberLangJa_NodeErrorHeadlineIsJapanese()
    {
        var result = await _server.RunAsync("members", "show", "nobody", "--lang", "ja");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.StartsWith("見つかりません: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusHelp_LangEn_StaysEnglish()
    {
        var result = await CliResult.RunAsync(JapaneseLocale, "status", "--help", "--lang", "en");

        Assert.Contains("Show the node's identity, counts, endpoints and certificate expiry.", result.Out);
        Assert.DoesNotContain("ノード", result.Out);
    }
}
