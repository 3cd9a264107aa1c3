using Ceptoar.AdminCli.Rules;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`ceptoar-admin rules …` before the node is contacted: the command tree, local checks, and how file errors are printed.</summary>
public sealed class RulesCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-rules-").FullName;

    // Nobody listens here: a command that got past its local checks would exit 2 (unreachable), not 1.
    private string Socket => Path.Combine(_dir, "absent.sock");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_RulesHelp_ListsEverySubcommand()
    {
        var result = await CliResult.RunAsync("rules", "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.All(new[] { "list", "show", "add", "remove", "move", "export", "import", "test" }, s => Assert.Contains($"  {s} ", result.Out));
    }

    [Theory]
    [InlineData("show", "Bad_Name")]
    [InlineData("remove", "-starts-with-a-dash")]
    [InlineData("move", "9lives", "--to", "1")]
    public async Task RunAsync_InvalidRuleName_ExitsOneWithTheRule(params string[] args)
    {
        var result = await CliResult.RunAsync(["rules", .. args, "--socket", Socket]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not a rule name", result.Error);
        Assert.Contains("a-z, 0-9 and '-'", result.Error);
    }

    [Theory]
    [InlineData("--file")]
    [InlineData("--to")]
    public async Task RunAsync_RequiredOptionMissing_ExitsOneNamingIt(string option)
    {
        var args = option == "--file" ? new[] { "rules", "add" } : ["rules", "move", "drills"];

        var result = await CliResult.RunAsync([.. args, "--socket", Socket]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(option, result.Error);
    }

    [Theory]
    [InlineData("add", "--file", "x.rule", "--position", "0")]
    [InlineData("add", "--file", "x.rule", "--position", "1001")]
    [InlineData("move", "drills", "--to", "0")]
    public async Task RunAsync_PositionOutOfRange_ExitsOne(params string[] args)
    {
        var result = await CliResult.RunAsync(["rules", .. args, "--socket", Socket]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(args[^2], result.Error);
    }

    [Theory]
    [InlineData("give either --item", "test")]
    [InlineData("give either --item", "test", "--item", "01890a5d-ac96-774b-bcce-b302099a8057", "--draft", "d.json")]
    [InlineData("--draft needs --member", "test", "--draft", "d.json")]
    [InlineData("--member goes with --draft only", "test", "--item", "01890a5d-ac96-774b-bcce-b302099a8057", "--member", "tepco")]
    [InlineData("--from goes with --item only", "test", "--draft", "d.json", "--member", "tepco", "--from", "council")]
    [InlineData("is not an item id", "test", "--item", "42")]
    [InlineData("is not a valid member id", "test", "--draft", "d.json", "--member", "Bad_Member")]
    [InlineData("is not a valid node id", "test", "--item", "01890a5d-ac96-774b-bcce-b302099a8057", "--from", "Bad Peer")]
    public async Task RunAsync_TestWithWrongSubject_ExitsOneSayingWhatToGive(string expected, params string[] args)
    {
        var result = await CliResult.RunAsync(["rules", .. args, "--socket", Socket]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error);
    }

    [Fact]
    public async Task RunAsync_TestDraftNotProtobufJson_ExitsOneNamingTheFile()
    {
        var draft = Path.Combine(_dir, "draft.json");
        await File.WriteAllTextAsync(draft, "{\"kind\": \"GOSSIP\"}");

        var result = await CliResult.RunAsync("rules", "test", "--draft", draft, "--member", "tepco", "--socket", Socket);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{draft} is not a draft in protobuf JSON", result.Error);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("add")]
    public async Task RunAsync_RuleFileMissing_ExitsOneBeforeConnecting(string command)
    {
        var missing = Path.Combine(_dir, "missing.rules");
        var args = command == "import" ? new[] { "rules", "import", missing } : ["rules", "add", "--file", missing];

        var result = await CliResult.RunAsync([.. args, "--socket", Socket]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{missing} does not exist", result.Error);
    }

    [Fact]
    public async Task RunAsync_ExportOverAnExistingFile_ExitsOneAskingForForceAndKeepsTheFile()
    {
        var existing = Path.Combine(_dir, "rules.txt");
        await File.WriteAllTextAsync(existing, "keep me");

        var result = await CliResult.RunAsync("rules", "export", existing, "--socket", Socket);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--force", result.Error);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task RunAsync_ExportWithForce_GoesOnToTheNode()
    {
        var existing = Path.Combine(_dir, "rules.txt");
        await File.WriteAllTextAsync(existing, "keep me");

        var result = await CliResult.RunAsync("rules", "export", existing, "--force", "--socket", Socket);

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public void FileErrors_LineAndColumnViolations_PrintedAsFileLineColumn()
    {
        var error = Refusal(("line 3, column 14", "'orange' is not a TLP label"), ("line 9, column 1", "rule 'x' can never fire"), ("errors", "and 7 more errors"));

        var lines = RuleFiles.FileErrors(error, "site.rules");

        Assert.Equal(["site.rules:3:14: 'orange' is not a TLP label", "site.rules:9:1: rule 'x' can never fire", "site.rules: errors: and 7 more errors"], lines);
    }

    [Fact]
    public void FileErrors_WithPrefix_OnlyViolationsOfThatField()
    {
        var error = Refusal(("rules_text, line 2, column 6", "bad"), ("member_id", "is missing"));

        Assert.Equal(["t.rules:2:6: bad", "t.rules: member_id: is missing"], RuleFiles.FileErrors(error, "t.rules", "rules_text, "));
        Assert.Null(RuleFiles.FileErrors(error, "t.rules"));
    }

    [Fact]
    public void FileErrors_NoLineInTheFile_NullSoTheGenericReportApplies()
    {
        Assert.Null(RuleFiles.FileErrors(Refusal(("position", "is 9")), "x.rules"));
        Assert.Null(RuleFiles.FileErrors(new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, "the rules changed meanwhile")), "x.rules"));
    }

    [Theory]
    [InlineData("when", "direction=received label=amber sector=finance")]
    [InlineData("then", "deliver=sector:finance hold=yes")]
    [InlineData("description", "Two lines")]
    public void Part_RuleBlock_JoinsTheLinesOfThatKey(string key, string expected)
    {
        const string block = "rule x\n  description Two lines\n  when direction=received label=amber\n  when sector=finance\n  then deliver=sector:finance hold=yes\n";

        Assert.Equal(expected, RuleViews.Part(block, key));
    }

    private static RpcException Refusal(params (string Field, string Description)[] violations)
    {
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = "invalid request", Details = { Any.Pack(badRequest) } }.ToRpcException();
    }
}
