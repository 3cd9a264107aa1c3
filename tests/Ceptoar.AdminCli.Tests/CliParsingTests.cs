using System.CommandLine;
using System.Net.Sockets;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The command tree, help and local validation: everything that happens before the node is contacted.</summary>
public sealed class CliParsingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_Help_ListsEveryCommandAndTheExitCodes()
    {
        var result = await CliResult.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "status", "members", "keys", "items", "audit", "pki" })
        {
            Assert.Contains($"  {command} ", result.Out);
        }

        Assert.Contains("Exit codes:", result.Out);
        Assert.Contains("3  audit verify", result.Out);
    }

    [Theory]
    [InlineData("members", "add", "list", "show", "disable")]
    [InlineData("keys", "issue", "list", "revoke")]
    [InlineData("items", "list", "show")]
    [InlineData("audit", "list", "verify")]
    public async Task RunAsync_GroupHelp_ListsSubcommands(string group, params string[] subcommands)
    {
        var result = await CliResult.RunAsync(group, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.All(subcommands, s => Assert.Contains($"  {s} ", result.Out));
    }

    [Fact]
    public void BuildRoot_EveryCommandOptionAndArgument_HasHelpText()
    {
        var missing = new List<string>();
        Walk(CliApp.BuildRoot(), "ceptoar-admin", missing);

        Assert.Empty(missing);
    }

    [Fact]
    public async Task RunAsync_NodeCommandsHelp_ShowTheGlobalOptions()
    {
        foreach (var args in new[] { new[] { "status", "--help" }, ["members", "list", "--help"], ["audit", "verify", "--help"] })
        {
            var result = await CliResult.RunAsync(args);

            Assert.Equal(0, result.ExitCode);
            Assert.Contains("--data-dir", result.Out);
            Assert.Contains("--socket", result.Out);
            Assert.Contains("--json", result.Out);
            Assert.Contains("--timeout", result.Out);
        }
    }

    [Fact]
    public async Task RunAsync_MembersAddWithoutRequiredOptions_ExitsOneNamingThem()
    {
        var result = await CliResult.RunAsync("members", "add", "mizuho-bank", "--socket", Path.Combine(_dir, "admin.sock"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--name-ja", result.Error);
        Assert.Contains("--name-en", result.Error);
        Assert.Contains("--sector", result.Error);
    }

    [Theory]
    [InlineData("items", "list", "--limit", "abc")]
    [InlineData("status", "--timeout", "abc")]
    [InlineData("rules", "move", "drills", "--to", "abc")]
    public async Task RunAsync_NumberOptionGivenText_ExitsOneNamingTheOption(params string[] args)
    {
        var result = await CliResult.RunAsync([.. args, "--socket", Path.Combine(_dir, "admin.sock")]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'abc'", result.Error);
    }

    [Fact]
    public async Task RunAsync_MembersShowWithoutId_ExitsOne()
    {
        var result = await CliResult.RunAsync("members", "show");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Required argument missing for command: 'show'", result.Error);
        Assert.Contains("Run `ceptoar-admin members show --help` for usage.", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Theory]
    [InlineData("members", "show", "Mizuho_Bank")]
    [InlineData("members", "show", "x")]
    [InlineData("keys", "issue", "UPPER")]
    [InlineData("keys", "list", "bad id")]
    public async Task RunAsync_InvalidMemberId_ExitsOneWithTheRule(params string[] args)
    {
        var result = await CliResult.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not a valid member id", result.Error);
        Assert.Contains("a-z, 0-9 and '-'", result.Error);
    }

    [Theory]
    [InlineData("members", "disable", "mizuho-bank")]
    [InlineData("keys", "revoke", "k123")]
    public async Task RunAsync_DisableOrRevokeWithoutReason_ExitsOne(params string[] args)
    {
        var result = await CliResult.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason", result.Error);
    }

    [Fact]
    public async Task RunAsync_BlankReason_ExitsOne()
    {
        var result = await CliResult.RunAsync("members", "disable", "mizuho-bank", "--reason", "  ");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason must not be empty", result.Error);
    }

    [Fact]
    public async Task RunAsync_BlankSector_ExitsOne()
    {
        var result = await CliResult.RunAsync("members", "add", "mizuho-bank", "--name-ja", "みずほ銀行", "--name-en", "Mizuho", "--sector", "");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--sector must not be empty", result.Error);
    }

    [Fact]
    public async Task RunAsync_ItemsListWithUnknownLabelAndKind_ExitsOneListingValidValues()
    {
        var result = await CliResult.RunAsync("items", "list", "--tlp", "amberish", "--kind", "incident-report,gossip");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown TLP label 'amberish'; valid values: clear, green, amber, amber+strict, red.", result.Error);
        Assert.Contains("unknown item kind 'gossip'; valid values: incident-report, early-warning,", result.Error);
    }

    [Theory]
    [InlineData("--from", "4/1/2025")]
    [InlineData("--to", "yesterday")]
    public async Task RunAsync_ItemsListWithNonIsoTime_ExitsOne(string option, string value)
    {
        var result = await CliResult.RunAsync("items", "list", option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{option} '{value}' is not an ISO 8601 date or time", result.Error);
    }

    [Fact]
    public async Task RunAsync_ItemsListWithFromAfterTo_ExitsOneBeforeConnecting()
    {
        var result = await CliResult.RunAsync(
            "items", "list", "--from", "2025-05-01", "--to", "2025-04-01", "--socket", Path.Combine(_dir, "absent.sock"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--from 2025-05-01 09:00:00 +09:00 is after --to 2025-04-01 09:00:00 +09:00", result.Error);
    }

    [Theory]
    [InlineData("items", "list", "--limit", "0")]
    [InlineData("audit", "list", "--limit", "1001")]
    [InlineData("status", "--timeout", "0")]
    [InlineData("items", "show", "not-a-uuid")]
    public async Task RunAsync_OutOfRangeValues_ExitOne(params string[] args)
    {
        var result = await CliResult.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.NotEqual(string.Empty, result.Error.Trim());
    }

    [Fact]
    public async Task RunAsync_StatusWithNoSocket_ExitsTwoSayingNodeIsNotRunning()
    {
        var dataDir = Path.Combine(_dir, "data");

        var result = await CliResult.RunAsync("status", "--data-dir", dataDir);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"node is not running (no admin socket at {Path.Combine(dataDir, "admin.sock")})", result.Error);
        Assert.Contains($"ceptoar-node --Node:DataDir={dataDir}", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task RunAsync_StatusOnSocketNobodyListensOn_ExitsTwoSayingNodeIsNotRunning()
    {
        // A socket file left behind by a node that stopped: bound, never listening.
        var socketPath = Path.Combine(_dir, "admin.sock");
        using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        stale.Bind(new UnixDomainSocketEndPoint(socketPath));

        var result = await CliResult.RunAsync("status", "--data-dir", _dir);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains($"node is not running (the admin socket at {socketPath} refuses connections", result.Error);
    }

    [Fact]
    public async Task RunAsync_SocketPathTooLong_ExitsOneSayingWhy()
    {
        var longPath = Path.Combine(_dir, new string('s', 120), "admin.sock");

        var result = await CliResult.RunAsync("status", "--socket", longPath);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Unix sockets allow at most 107", result.Error);
    }

    private static void Walk(Command command, string path, List<string> missing)
    {
        if (string.IsNullOrWhiteSpace(command.Description))
        {
            missing.Add(path);
        }

        missing.AddRange(command.Options.Where(o => string.IsNullOrWhiteSpace(o.Description)).Select(o => $"{path} {o.Name}"));
        missing.AddRange(command.Arguments.Where(a => string.IsNullOrWhiteSpace(a.Description)).Select(a => $"{path} <{a.Name}>"));
        // `pki` is owned and tested separately.
        foreach (var sub in command.Subcommands.Where(s => s.Name != "pki"))
        {
            Walk(sub, $"{path} {sub.Name}", missing);
        }
    }
}
