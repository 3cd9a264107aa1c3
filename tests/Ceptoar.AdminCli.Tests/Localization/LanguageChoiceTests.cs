namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>
/// Which language ceptoar-admin speaks: --lang, else LC_ALL, else LANG; Japanese or English. The expected phrases are
/// written here, not read from the resources, so a wrong or missing translation fails.
/// </summary>
public sealed class LanguageChoiceTests : IDisposable
{
    private static readonly Dictionary<string, string> NoLocale = [];
    private static readonly Dictionary<string, string> JapaneseLocale = new() { ["LANG"] = "ja_JP.UTF-8" };

    private readonly string _dir = Directory.CreateTempSubdirectory("cli-lang-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_LangJa_HelpIsJapanese()
    {
        var result = await CliResult.RunAsync(NoLocale, "--lang", "ja", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("終了コード:", result.Out);
        Assert.Contains("監査ログのハッシュチェーンが壊れている", result.Out);
        Assert.DoesNotContain("Exit codes:", result.Out);
    }

    [Fact]
    public async Task RunAsync_LangJaWithEquals_SubcommandHelpIsJapanese()
    {
        var result = await CliResult.RunAsync(NoLocale, "members", "add", "--help", "--lang=ja");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("構成員を登録します", result.Out);
        Assert.Contains("構成員の日本語名称", result.Out);
    }

    [Fact]
    public async Task RunAsync_LangEnvironmentJapanese_SpeaksJapanese()
    {
        var result = await CliResult.RunAsync(JapaneseLocale, "queue", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("承認待ち", result.Out);
    }

    [Fact]
    public async Task RunAsync_LangEnvironmentJapaneseButLangEn_SpeaksEnglish()
    {
        var result = await CliResult.RunAsync(JapaneseLocale, "--lang", "en", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Exit codes:", result.Out);
        Assert.DoesNotContain("終了コード", result.Out);
    }

    [Fact]
    public async Task RunAsync_LcAllEnglishOverLangJapanese_SpeaksEnglish()
    {
        var environment = new Dictionary<string, string> { ["LC_ALL"] = "en_US.UTF-8", ["LANG"] = "ja_JP.UTF-8" };

        var result = await CliResult.RunAsync(environment, "--help");

        Assert.Contains("Exit codes:", result.Out);
    }

    [Theory]
    [InlineData("C")]
    [InlineData("POSIX")]
    [InlineData("C.UTF-8")]
    [InlineData("en_US.UTF-8")]
    [InlineData("")]
    public async Task RunAsync_NonJapaneseLocale_SpeaksEnglish(string lang)
    {
        var result = await CliResult.RunAsync(new Dictionary<string, string> { ["LANG"] = lang }, "--help");

        Assert.Contains("Exit codes:", result.Out);
        Assert.DoesNotContain("終了コード", result.Out);
    }

    [Fact]
    public async Task RunAsync_UnknownLang_ExitsOneListingTheChoices()
    {
        var result = await CliResult.RunAsync(NoLocale, "--lang", "fr", "status", "--socket", Path.Combine(_dir, "admin.sock"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--lang 'fr'", result.Error);
        Assert.Contains("ja, en", result.Error);
    }

    [Fact]
    public async Task RunAsync_NodeNotRunningWithLangJa_ErrorIsJapanese()
    {
        var result = await CliResult.RunAsync(NoLocale, "members", "list", "--socket", Path.Combine(_dir, "admin.sock"), "--lang", "ja");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("ノードが起動していません", result.Error);
    }

    [Fact]
    public async Task RunAsync_BadMemberIdWithJapaneseLocale_ValidationIsJapanese()
    {
        var result = await CliResult.RunAsync(JapaneseLocale, "members", "show", "Not_An_Id", "--socket", Path.Combine(_dir, "admin.sock"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("構成員IDとして使えません", result.Error);
        Assert.Contains("使い方は `ceptoar-admin members show --help` で確認してください。", result.Error);
    }

    [Theory]
    [InlineData("ja_JP.UTF-8", "ja")]
    [InlineData("ja_JP", "ja")]
    [InlineData("ja", "ja")]
    [InlineData("ja-JP", "ja")]
    [InlineData("en_US.UTF-8", "en")]
    [InlineData("C", "en")]
    [InlineData("POSIX", "en")]
    [InlineData("jax_XX", "en")]
    [InlineData(null, "en")]
    public void FromLocale_Locale_GivesItsLanguage(string? locale, string expected)
    {
        Assert.Equal(expected, Ceptoar.AdminCli.Localization.CliLanguage.FromLocale(locale));
    }

    [Theory]
    [InlineData(new[] { "--lang", "JA", "status" }, "ja")]
    [InlineData(new[] { "status", "--lang:en" }, "en")]
    [InlineData(new[] { "status", "--lang", "fr" }, "ja")]
    [InlineData(new[] { "items", "show", "--", "--lang", "en" }, "ja")]
    public void Resolve_Arguments_OptionThenEnvironment(string[] args, string expected)
    {
        Assert.Equal(expected, Ceptoar.AdminCli.Localization.CliLanguage.Resolve(args, name => name == "LANG" ? "ja_JP.UTF-8" : null));
    }
}
