using Ceptoar.AdminCli.Query;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`query …` and `directory` before the node is contacted: indicator recognition, help and every refusal that must not reach the node.</summary>
public sealed class QueryParsingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("203.0.113.77", IndicatorType.Ipv4)]
    [InlineData("0.0.0.0", IndicatorType.Ipv4)]
    [InlineData("255.255.255.255", IndicatorType.Ipv4)]
    [InlineData("2001:db8::1", IndicatorType.Ipv6)]
    [InlineData("::1", IndicatorType.Ipv6)]
    [InlineData("::ffff:192.0.2.1", IndicatorType.Ipv6)]
    [InlineData("example.com", IndicatorType.Domain)]
    [InlineData("login.bank-example.co.jp", IndicatorType.Domain)]
    [InlineData("xn--eckwd4c7c.xn--zckzah", IndicatorType.Domain)]
    [InlineData("例え.テスト", IndicatorType.Domain)]
    [InlineData("https://example.com/login?next=1", IndicatorType.Url)]
    [InlineData("http://203.0.113.77:8080/a", IndicatorType.Url)]
    [InlineData("ftp://files.example.org/x.zip", IndicatorType.Url)]
    [InlineData("alerts@example.com", IndicatorType.Email)]
    [InlineData("first.last+tag@mail.example.jp", IndicatorType.Email)]
    [InlineData("d41d8cd98f00b204e9800998ecf8427e", IndicatorType.Md5)]
    [InlineData("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", IndicatorType.Sha1)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IndicatorType.Sha256)]
    [InlineData("CVE-2014-0160", IndicatorType.Cve)]
    [InlineData("CVE-2021-44228", IndicatorType.Cve)]
    [InlineData("CVE-2024-123456", IndicatorType.Cve)]
    public void Recognise_ValidValue_ReturnsItsType(string text, IndicatorType expected)
    {
        var indicator = IndicatorRecogniser.Recognise(text, out var problem);

        Assert.Null(problem);
        Assert.NotNull(indicator);
        Assert.Equal(expected, indicator.Type);
        Assert.Equal(text, indicator.Value);
    }

    [Fact]
    public void Recognise_SurroundingSpaces_AreTrimmed()
    {
        var indicator = IndicatorRecogniser.Recognise("  203.0.113.77\t", out _);

        Assert.Equal(new IndicatorValue(IndicatorType.Ipv4, "203.0.113.77"), indicator);
    }

    [Fact]
    public void Recognise_LowerCaseCve_IsUpperCased()
    {
        var indicator = IndicatorRecogniser.Recognise("cve-2014-0160", out _);

        Assert.Equal(new IndicatorValue(IndicatorType.Cve, "CVE-2014-0160"), indicator);
        Assert.Equal("CVE-2014-0160 (CVE id)", indicator!.ToString());
    }

    [Theory]
    [InlineData("1.2.3", "looks like an IPv4 address")]
    [InlineData("256.1.1.1", "looks like an IPv4 address")]
    [InlineData("192.168.01.1", "looks like an IPv4 address")]
    [InlineData("2001:db8:::1", "looks like an IPv6 address")]
    [InlineData("fe80::1%eth0", "looks like an IPv6 address")]
    [InlineData("[2001:db8::1]", "looks like an IPv6 address")]
    [InlineData("example.com.", "looks like a domain but ends with a dot")]
    [InlineData("-bad.example.com", "looks like a domain")]
    [InlineData("example.123", "looks like a domain")]
    [InlineData("javascript://alert", "looks like a URL")]
    [InlineData("https://", "looks like a URL")]
    [InlineData("alerts@", "looks like an e-mail address")]
    [InlineData("a@b@example.com", "looks like an e-mail address")]
    [InlineData("alerts@localhost", "looks like an e-mail address but its domain")]
    [InlineData("d41d8cd98f00b204e9800998ecf8427", "looks like a hex digest but has 31 characters")]
    [InlineData("CVE-14-0160", "looks like a CVE id")]
    [InlineData("CVE-2014-160", "looks like a CVE id")]
    [InlineData("evil host.com", "contains whitespace")]
    [InlineData("localhost", "is not an indicator value this command recognises")]
    [InlineData("Emotet", "is not an indicator value this command recognises")]
    public void Recognise_InvalidValue_SaysWhatItLooksLikeAndListsTheTypes(string text, string expected)
    {
        var indicator = IndicatorRecogniser.Recognise(text, out var problem);

        Assert.Null(indicator);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        Assert.Contains(IndicatorValue.RecognisedTypes, problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Recognise_Empty_SaysSoAndListsTheTypes(string? text)
    {
        Assert.Null(IndicatorRecogniser.Recognise(text, out var problem));
        Assert.Contains("the indicator value is empty", problem);
        Assert.Contains(IndicatorValue.RecognisedTypes, problem);
    }

    [Fact]
    public async Task RunAsync_RootHelp_ListsQueryAndDirectory()
    {
        var result = await CliResult.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  query ", result.Out);
        Assert.Contains("  directory ", result.Out);
    }

    [Fact]
    public async Task RunAsync_QueryHelp_ListsBothSubcommandsAndTheGlobalOptions()
    {
        var result = await CliResult.RunAsync("query", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  items ", result.Out);
        Assert.Contains("  indicator <VALUE> ", result.Out);
        Assert.Contains("--json", result.Out);
        Assert.Contains("--socket", result.Out);
    }

    [Fact]
    public async Task RunAsync_QueryItemsHelp_NamesScopesAndDeadlineRange()
    {
        var result = await CliResult.RunAsync("query", "items", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--scope <peers|federation>", result.Out);
        Assert.Contains("--deadline <SECONDS>", result.Out);
        Assert.Contains("(1 to 60)", result.Out);
        Assert.Contains("--exclude-exercise", result.Out);
    }

    [Fact]
    public async Task RunAsync_IndicatorBadValue_ExitsOneNamingTheRecognisedTypes()
    {
        var result = await RunAsync("query", "indicator", "1.2.3");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'1.2.3' looks like an IPv4 address but is not one", result.Error);
        Assert.Contains("an IPv4 or IPv6 address, a domain, a URL, an e-mail address, an MD5, SHA-1 or SHA-256 hex digest, or a CVE id", result.Error);
        Assert.Contains("Run `ceptoar-admin query indicator --help` for usage.", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task RunAsync_IndicatorGoodValue_PassesValidationAndTriesTheNode()
    {
        var result = await RunAsync("query", "indicator", "203.0.113.77");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("node is not running", result.Error);
    }

    [Theory]
    [InlineData("world")]
    [InlineData("all")]
    [InlineData("unspecified")]
    public async Task RunAsync_BadScope_ExitsOneListingTheScopes(string scope)
    {
        var result = await RunAsync("query", "items", "--scope", scope);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--scope: unknown query scope '{scope}'; valid values: peers, federation.", result.Error);
    }

    [Theory]
    [InlineData("peers")]
    [InlineData("FEDERATION")]
    [InlineData("query-scope-peers")]
    public async Task RunAsync_GoodScope_PassesValidation(string scope)
    {
        var result = await RunAsync("query", "items", "--scope", scope);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("3600")]
    public async Task RunAsync_DeadlineOutOfRange_ExitsOneGivingTheRange(string deadline)
    {
        var result = await RunAsync("query", "indicator", "example.com", "--deadline", deadline);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--deadline must be 1 to 60 whole seconds (nodes stop working on a query after a minute), not {deadline}.", result.Error);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("2.5")]
    [InlineData("soon")]
    public async Task RunAsync_DeadlineNotAWholeNumber_ExitsOne(string deadline)
    {
        var result = await RunAsync("query", "items", "--deadline", deadline);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"--deadline must be 1 to 60 whole seconds (nodes stop working on a query after a minute), not {deadline}.", result.Error);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("60")]
    public async Task RunAsync_DeadlineAtTheBounds_PassesValidation(string deadline)
    {
        var result = await RunAsync("query", "items", "--deadline", deadline);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
    }

    [Theory]
    [InlineData("--limit", "0", "--limit must be a whole number between 1 and 500, not 0.")]
    [InlineData("--limit", "501", "--limit must be a whole number between 1 and 500, not 501.")]
    [InlineData("--limit", "abc", "--limit must be a whole number between 1 and 500, not abc.")]
    [InlineData("--limit", "-5", "--limit must be a whole number between 1 and 500, not -5.")]
    [InlineData("--kind", "rumour", "unknown item kind 'rumour'")]
    [InlineData("--tlp", "amber+", "unknown TLP label 'amber+'")]
    [InlineData("--sector", " ", "--sector must not be empty")]
    [InlineData("--threat", "", "--threat must not be empty")]
    [InlineData("--text", "  ", "--text must not be empty")]
    [InlineData("--from", "1/4/2025", "--from '1/4/2025' is not an ISO 8601 date or time")]
    public async Task RunAsync_ItemsBadFilter_ExitsOneBeforeConnecting(string option, string value, string expected)
    {
        var result = await RunAsync("query", "items", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("node is not running", result.Error);
    }

    [Fact]
    public async Task RunAsync_ItemsFromAfterTo_ExitsOneSayingSwapThem()
    {
        var result = await RunAsync("query", "items", "--from", "2025-04-02", "--to", "2025-04-01");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--from 2025-04-02 09:00:00 +09:00 is after --to 2025-04-01 09:00:00 +09:00: swap them.", result.Error);
    }

    [Fact]
    public async Task RunAsync_DirectoryWithArgument_ExitsOne()
    {
        var result = await RunAsync("directory", "bank-ceptoar");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Run `ceptoar-admin directory --help` for usage.", result.Error);
    }

    private Task<CliResult> RunAsync(params string[] args) => CliResult.RunAsync([.. args, "--socket", Path.Combine(_dir, "absent.sock")]);
}
