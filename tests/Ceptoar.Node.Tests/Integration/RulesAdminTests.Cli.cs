using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>`ceptoar-admin rules …` against a real node: file errors as FILE:LINE:COLUMN, the dry run, add/move/remove, export.</summary>
public sealed partial class RulesAdminTests
{
    [Fact]
    public async Task CliRulesImport_FileWithMistakes_PrintsFileLineColumnExitsSixAndChangesNothing()
    {
        var before = await _node.Admin.ListRulesAsync(new ListRulesRequest());
        var path = _dir.Combine("bad.rules");
        await File.WriteAllTextAsync(path, "rule fine\n  when label=green\n  then hold=yes\n\nrule bad-label\n  when label=orange\n  then hold=maybe\n");

        var import = await RunCliAsync("rules", "import", path);

        Assert.Equal(ExitCodes.Refused, import.Code);
        var errors = import.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{path}:6:14: 'orange' is not a TLP label", errors[0]);
        Assert.StartsWith($"{path}:7:", errors[1]);
        Assert.Contains("nothing was imported", errors[^1]);
        Assert.Equal(before, await _node.Admin.ListRulesAsync(new ListRulesRequest()));
    }

    [Fact]
    public async Task CliRulesTest_Draft_PrintsWhichRuleFiresAndWhy()
    {
        var rules = _dir.Combine("valid.rules");
        await File.WriteAllTextAsync(rules, ValidFile);
        Assert.Equal(ExitCodes.Ok, (await RunCliAsync("rules", "import", rules)).Code);
        await _node.AddMemberWithKeyAsync("tepco", "electricity");
        var draft = _dir.Combine("draft.json");
        await File.WriteAllTextAsync(draft, JsonFormatter.Default.Format(Drafts.Incident(Tlp.Amber)));

        var test = await RunCliAsync("rules", "test", "--draft", draft, "--member", "tepco");

        Assert.True(test.Code == ExitCodes.Ok, test.Error);
        Assert.Contains("rule incidents-to-all fires", test.Output);
        Assert.Contains("rule strip-bank-attribution: no match, sector:", test.Output);
        Assert.Contains("clamped deliver: AMBER is need-to-know", test.Output);
    }

    [Fact]
    public async Task CliRulesTest_RulesFileWithAMistake_PrintsFileLineColumn()
    {
        await _node.AddMemberWithKeyAsync("tepco", "electricity");
        var draft = _dir.Combine("draft.json");
        await File.WriteAllTextAsync(draft, JsonFormatter.Default.Format(Drafts.Incident(Tlp.Green)));
        var rules = _dir.Combine("bad.rules");
        await File.WriteAllTextAsync(rules, "# a comment\nrule x\n  then raise=orange\n");

        var test = await RunCliAsync("rules", "test", "--draft", draft, "--member", "tepco", "--rules", rules);

        Assert.Equal(ExitCodes.Refused, test.Code);
        Assert.StartsWith($"{rules}:3:", test.Error);
        Assert.Contains("orange", test.Error);
    }

    [Fact]
    public async Task CliRulesAddMoveRemoveExport_ChangeTheNodeAndWriteItsFile()
    {
        var drills = _dir.Combine("drills.rule");
        await File.WriteAllTextAsync(drills, Drills);
        var amber = _dir.Combine("amber.rule");
        await File.WriteAllTextAsync(amber, AmberNeedToKnow);

        Assert.Equal(ExitCodes.Ok, (await RunCliAsync("rules", "add", "--file", drills)).Code);
        var add = await RunCliAsync("rules", "add", "--file", amber, "--position", "1");
        Assert.True(add.Code == ExitCodes.Ok, add.Error);
        Assert.Contains("rule amber-need-to-know added at position 1.", add.Output);
        var move = await RunCliAsync("rules", "move", "drills", "--to", "1");
        Assert.True(move.Code == ExitCodes.Ok, move.Error);
        var remove = await RunCliAsync("rules", "remove", "tlp-default");
        Assert.True(remove.Code == ExitCodes.Ok, remove.Error);
        var listed = await _node.Admin.ListRulesAsync(new ListRulesRequest());
        Assert.Equal(["drills", "amber-need-to-know"], Names(listed));

        var export = _dir.Combine("export.rules");
        Assert.Equal(ExitCodes.Ok, (await RunCliAsync("rules", "export", export)).Code);
        Assert.Equal(listed.Text, await File.ReadAllTextAsync(export));
        var again = await RunCliAsync("rules", "export", export);
        Assert.Equal(ExitCodes.Usage, again.Code);
        Assert.Contains("--force", again.Error);
        Assert.Equal(ExitCodes.Ok, (await RunCliAsync("rules", "export", export, "--force")).Code);

        var show = await RunCliAsync("rules", "show", "amber-need-to-know");
        Assert.Contains(AmberNeedToKnow, show.Output);
        var missing = await RunCliAsync("rules", "show", "no-such-rule");
        Assert.Equal(ExitCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task CliRulesImport_StaleEtag_RefusedWithExitSix()
    {
        var stale = (await _node.Admin.ListRulesAsync(new ListRulesRequest())).Etag;
        await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills });
        var rules = _dir.Combine("valid.rules");
        await File.WriteAllTextAsync(rules, ValidFile);

        var import = await RunCliAsync("rules", "import", rules, "--etag", stale);

        Assert.Equal(ExitCodes.Refused, import.Code);
        Assert.Contains("the rules changed meanwhile", import.Error);
    }

    private async Task<(int Code, string Output, string Error)> RunCliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", _node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
