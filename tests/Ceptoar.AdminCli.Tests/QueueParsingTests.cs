using Ceptoar.AdminCli.Queue;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`queue …` before the node is contacted: help, argument reading and every refusal that must not reach the node.</summary>
public sealed class QueueParsingTests : IDisposable
{
    private const string ItemId = "01890a5d-ac96-774b-bcce-b302099a8057";
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_RootHelp_ListsQueue()
    {
        var result = await CliResult.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("  queue ", result.Out);
    }

    [Fact]
    public async Task RunAsync_QueueHelp_ListsEverySubcommandAndTheGlobalOptions()
    {
        var result = await CliResult.RunAsync("queue", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.All(["list", "show <ITEM-ID>", "approve <ITEM-ID>", "reject <ITEM-ID>", "edit <ITEM-ID>"], s => Assert.Contains($"  {s} ", result.Out));
        Assert.Contains("--json", result.Out);
        Assert.Contains("--socket", result.Out);
    }

    [Fact]
    public async Task RunAsync_EditHelp_NamesTheRemovableFields()
    {
        var result = await CliResult.RunAsync("queue", "edit", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("what, affected, where, indicators, actions-taken, cause", result.Out);
        Assert.Contains("--strip-attribution", result.Out);
        Assert.Contains("--raise <LABEL>", result.Out);
    }

    [Fact]
    public async Task RunAsync_RejectWithoutReason_ExitsOneBeforeConnecting()
    {
        var result = await RunAsync("queue", "reject", ItemId);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("Option '--reason' is required.", result.Error);
        Assert.Contains("Run `ceptoar-admin queue reject --help` for usage.", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task RunAsync_RejectWithBlankReason_ExitsOne()
    {
        var result = await RunAsync("queue", "reject", ItemId, "--reason", "   ");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason must not be empty: give the reason, which the submitting member reads.", result.Error);
    }

    [Fact]
    public async Task RunAsync_RejectWithReasonOverTheNodesLimit_ExitsOneWithTheLength()
    {
        var result = await RunAsync("queue", "reject", ItemId, "--reason", new string('x', QueueArguments.MaxReasonLength + 1));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--reason is 501 characters long; the node keeps at most 500.", result.Error);
    }

    [Fact]
    public async Task RunAsync_EditWithNothingToChange_ExitsOneNamingTheOptions()
    {
        var result = await RunAsync("queue", "edit", ItemId);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("nothing to edit: give --strip-attribution, --raise LABEL or --remove FIELD", result.Error);
    }

    [Fact]
    public async Task RunAsync_EditRemovingAnUnknownField_ExitsOneListingTheFields()
    {
        var result = await RunAsync("queue", "edit", ItemId, "--remove", "what,title");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("cannot remove 'title': the fields an edit can clear are what, affected, where, indicators, actions-taken, cause.", result.Error);
        Assert.DoesNotContain("nothing to edit", result.Error);
    }

    [Theory]
    [InlineData("white", "--raise: unknown TLP label 'white'; valid values: clear, green, amber, amber+strict, red.")]
    [InlineData("clear", "--raise clear cannot change anything: TLP:CLEAR is the lowest label")]
    public async Task RunAsync_EditRaisingToAnImpossibleLabel_ExitsOne(string label, string expected)
    {
        var result = await RunAsync("queue", "edit", ItemId, "--raise", label);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error);
        Assert.DoesNotContain("nothing to edit", result.Error);
    }

    [Theory]
    [InlineData("show", "not-a-uuid")]
    [InlineData("approve", "1234")]
    [InlineData("edit", "01890a5d-ac96-774b-bcce", "--strip-attribution")]
    public async Task RunAsync_NotAnItemId_ExitsOneWithAnExample(params string[] args)
    {
        var result = await RunAsync(["queue", .. args]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("is not an item id: item ids are UUIDs such as 01890a5d-ac96-774b-bcce-b302099a8057", result.Error);
    }

    [Fact]
    public async Task RunAsync_ValidEditOnAbsentSocket_GetsAsFarAsConnecting()
    {
        // The control for the refusals above: the same command line, valid, passes parsing and fails only on the missing node.
        var result = await RunAsync("queue", "edit", ItemId, "--strip-attribution", "--raise", "amber", "--remove", "what", "cause");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("node is not running", result.Error);
    }

    [Theory]
    [InlineData("what", "what")]
    [InlineData(" Affected ", "affected")]
    [InlineData("WHERE", "where")]
    [InlineData("indicators", "indicators")]
    [InlineData("actions-taken", "actions_taken")]
    [InlineData("actions_taken", "actions_taken")]
    [InlineData("Actions-Taken", "actions_taken")]
    [InlineData("cause", "cause")]
    public void TryParseField_KnownFieldInAnySpelling_GivesTheNodesName(string text, string expected)
    {
        Assert.True(QueueArguments.TryParseField(text, out var field));
        Assert.Equal(expected, field);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("title")]
    [InlineData("summary")]
    [InlineData("actions taken")]
    [InlineData("actionstaken")]
    [InlineData("why")]
    public void TryParseField_NotARemovableField_Fails(string? text)
    {
        Assert.False(QueueArguments.TryParseField(text, out var field));
        Assert.Equal(string.Empty, field);
    }

    [Fact]
    public void RemovableFields_EachHasAFriendlyFormThatReadsBack()
    {
        foreach (var field in QueueArguments.RemovableFields)
        {
            Assert.True(QueueArguments.TryParseField(QueueArguments.Friendly(field), out var back));
            Assert.Equal(field, back);
        }
    }

    [Theory]
    [InlineData("green", Tlp.Green)]
    [InlineData("amber", Tlp.Amber)]
    [InlineData("AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("TLP:RED", Tlp.Red)]
    public void TryParseRaise_ALabelAboveClear_GivesIt(string text, Tlp expected)
    {
        Assert.True(QueueArguments.TryParseRaise(text, out var label, out var problem));
        Assert.Equal(expected, label);
        Assert.Equal(string.Empty, problem);
    }

    [Theory]
    [InlineData("clear")]
    [InlineData("TLP:CLEAR")]
    [InlineData("unspecified")]
    [InlineData("")]
    public void TryParseRaise_ClearOrNoLabel_FailsWithAProblem(string text)
    {
        Assert.False(QueueArguments.TryParseRaise(text, out _, out var problem));
        Assert.StartsWith("--raise", problem);
    }

    [Theory]
    [InlineData("names a customer", null)]
    [InlineData("", "must not be empty")]
    [InlineData(" \t ", "must not be empty")]
    [InlineData(null, "must not be empty")]
    public void ReasonProblem_BlankOrPresent_SaysWhatIsMissing(string? reason, string? expected)
    {
        var problem = QueueArguments.ReasonProblem(reason);

        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem);
        }
    }

    [Fact]
    public void ReasonProblem_AtTheLimitAfterTrimming_IsAccepted()
    {
        Assert.Null(QueueArguments.ReasonProblem("  " + new string('x', QueueArguments.MaxReasonLength) + "  "));
        Assert.NotNull(QueueArguments.ReasonProblem(new string('x', QueueArguments.MaxReasonLength + 1)));
    }

    [Theory]
    [InlineData("01890A5D-AC96-774B-BCCE-B302099A8057 ", "01890a5d-ac96-774b-bcce-b302099a8057")]
    [InlineData(ItemId, ItemId)]
    public void NormalizeItemId_AnySpelling_IsTheLowerCaseForm(string text, string expected)
    {
        Assert.Equal(expected, QueueArguments.NormalizeItemId(text));
    }

    private Task<CliResult> RunAsync(params string[] args) => CliResult.RunAsync([.. args, "--socket", Path.Combine(_dir, "absent.sock")]);
}
