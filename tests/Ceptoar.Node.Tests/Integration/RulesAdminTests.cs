using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>The handling rules through the admin API of a real node: list, add, move, remove, import, export, the dry run.</summary>
public sealed partial class RulesAdminTests : IAsyncLifetime
{
    private const string Drills = "rule drills\n  description Drill and exercise traffic is kept a month\n  when exercise=yes\n  then retain=30d\n";
    private const string AmberNeedToKnow = "rule amber-need-to-know\n  when direction=received label=amber\n  then deliver=sector:electricity,tag:incident-response\n";

    // A whole file in the form the node writes, so export must give it back unchanged.
    private const string ValidFile = RuleFile.Header
        + "\nrule drills\n  description Drill and exercise traffic is kept a month\n  when exercise=yes\n  then retain=30d\n"
        + "\nrule strip-bank-attribution\n  description Bank reports stay anonymous and wait for the secretariat\n"
        + "  when direction=submitted kind=incident-report label=green,amber sector=finance\n  then deliver=sector:finance attribution=strip hold=yes\n"
        + "\nrule incidents-to-all\n  when kind=incident-report\n  then deliver=all\n";

    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"));
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task ListRules_NewNode_ShowsTheWrittenOutDefault()
    {
        var view = await _node.Admin.ListRulesAsync(new ListRulesRequest());

        var rule = Assert.Single(view.Rules);
        Assert.Equal((1u, RuleSet.BuiltInDefault.Name, RuleSet.BuiltInDefault.Description), (rule.Position, rule.Name, rule.Description));
        Assert.Equal(RuleSet.Default.ETag, view.Etag);
        Assert.Equal(RuleFile.Write(RuleSet.Default), view.Text);
        Assert.StartsWith("rule tlp-default\n", rule.Text);
        Assert.Equal(RuleSet.Default, RuleFile.Parse(rule.Text).RuleSet);
    }

    [Fact]
    public async Task AddMoveRemove_ChangeTheOrder_AndPersistAcrossRestart()
    {
        var added = await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills });
        Assert.Equal(["drills", "tlp-default"], Names(added));

        var second = await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = AmberNeedToKnow, Position = 1, ExpectedEtag = added.Etag });
        Assert.Equal(["amber-need-to-know", "drills", "tlp-default"], Names(second));

        var moved = await _node.Admin.MoveRuleAsync(new MoveRuleRequest { Name = "drills", Position = 1, ExpectedEtag = second.Etag });
        Assert.Equal(["drills", "amber-need-to-know", "tlp-default"], Names(moved));
        Assert.Equal([1u, 2u, 3u], moved.Rules.Select(r => r.Position));

        var removed = await _node.Admin.RemoveRuleAsync(new RemoveRuleRequest { Name = "tlp-default", ExpectedEtag = moved.Etag });
        Assert.Equal(["drills", "amber-need-to-know"], Names(removed));

        await _node.DisposeAsync();
        _node = await TestNode.StartAsync(_federation, "bank-ceptoar", _dir.Combine("data"));

        var afterRestart = await _node.Admin.ListRulesAsync(new ListRulesRequest());
        Assert.Equal(removed, afterRestart);
        var shown = await _node.Admin.GetRuleAsync(new GetRuleRequest { Name = "amber-need-to-know" });
        Assert.Equal(2u, shown.Position);
        Assert.Equal(AmberNeedToKnow, shown.Text);
    }

    [Fact]
    public async Task AddRule_AfterARuleWithoutConditions_RefusedNamingThePosition()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills, Position = 2 }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(Violations(error));
        Assert.Equal("position", violation.Field);
        Assert.Contains("'drills' can never fire", violation.Description);
        Assert.Contains("tlp-default", violation.Description);
        Assert.Equal(RuleSet.Default.ETag, (await _node.Admin.ListRulesAsync(new ListRulesRequest())).Etag);
    }

    [Fact]
    public async Task AddRule_MistakeInTheBlock_RefusedWithItsLineAndColumn()
    {
        const string text = "rule bad-label\n  when label=orange\n  then hold=yes\n";

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = text }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(Violations(error));
        Assert.Equal($"line 2, column {text.Split('\n')[1].IndexOf("orange", StringComparison.Ordinal) + 1}", violation.Field);
        Assert.Contains("'orange' is not a TLP label", violation.Description);
    }

    [Theory]
    [InlineData("", "text")]
    [InlineData("# only a comment\n", "text")]
    [InlineData(Drills + AmberNeedToKnow, "text")]
    public async Task AddRule_NotExactlyOneRule_RefusedNamingTheText(string text, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = text }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(field, Assert.Single(Violations(error)).Field);
    }

    [Fact]
    public async Task AddRule_NameInUse_AlreadyExists()
    {
        await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills });

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills }).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("'drills' already exists (position 1)", error.Status.Detail);
    }

    [Fact]
    public async Task RemoveMoveGet_UnknownRuleOrPosition_NotFoundOrInvalidArgument()
    {
        var get = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.GetRuleAsync(new GetRuleRequest { Name = "no-such-rule" }).ResponseAsync);
        var remove = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.RemoveRuleAsync(new RemoveRuleRequest { Name = "no-such-rule" }).ResponseAsync);
        var move = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.MoveRuleAsync(new MoveRuleRequest { Name = "tlp-default", Position = 2 }).ResponseAsync);
        var add = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills, Position = 3 }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, get.StatusCode);
        Assert.Contains("'no-such-rule'", get.Status.Detail);
        Assert.Contains("`rules list`", get.Status.Detail);
        Assert.Equal(StatusCode.NotFound, remove.StatusCode);
        Assert.Equal("position", Assert.Single(Violations(move)).Field);
        Assert.Equal("position", Assert.Single(Violations(add)).Field);
    }

    [Fact]
    public async Task ImportRules_FileWithMistakes_RefusedWithEveryLineAndNothingChanged()
    {
        await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills });
        var before = await _node.Admin.ListRulesAsync(new ListRulesRequest());
        var file = string.Join('\n',
            "# two mistakes, on lines 7 and 11",
            "rule fine",
            "  when label=green",
            "  then hold=yes",
            "",
            "rule bad-label",
            "  when label=orange",
            "  then hold=yes",
            "",
            "rule bad-hold",
            "  then hold=maybe",
            "");

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = file }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var fields = Violations(error).Select(v => v.Field).ToList();
        Assert.Equal(2, fields.Count);
        Assert.StartsWith("line 7, column ", fields[0]);
        Assert.StartsWith("line 11, column ", fields[1]);
        Assert.Equal(before, await _node.Admin.ListRulesAsync(new ListRulesRequest()));
    }

    [Fact]
    public async Task ImportRules_ValidFile_ExportGivesTheSameTextBack()
    {
        var imported = await _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = ValidFile });

        Assert.Equal(["drills", "strip-bank-attribution", "incidents-to-all"], Names(imported));
        var listed = await _node.Admin.ListRulesAsync(new ListRulesRequest());
        Assert.Equal(ValidFile, listed.Text);
        Assert.Equal(imported.Etag, listed.Etag);
        Assert.NotEqual(RuleSet.Default.ETag, listed.Etag);
    }

    [Fact]
    public async Task Changes_WithAStaleEtag_FailedPreconditionAndNothingChanged()
    {
        var stale = (await _node.Admin.ListRulesAsync(new ListRulesRequest())).Etag;
        var changed = await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills, ExpectedEtag = stale });

        var calls = new Func<Task>[]
        {
            () => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = AmberNeedToKnow, ExpectedEtag = stale }).ResponseAsync,
            () => _node.Admin.RemoveRuleAsync(new RemoveRuleRequest { Name = "drills", ExpectedEtag = stale }).ResponseAsync,
            () => _node.Admin.MoveRuleAsync(new MoveRuleRequest { Name = "drills", Position = 2, ExpectedEtag = stale }).ResponseAsync,
            () => _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = ValidFile, ExpectedEtag = stale }).ResponseAsync,
        };
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
            Assert.Contains(stale, error.Status.Detail);
            Assert.Contains("`rules list`", error.Status.Detail);
        }

        Assert.Equal(changed, await _node.Admin.ListRulesAsync(new ListRulesRequest()));
    }

    [Fact]
    public async Task AddRule_ConcurrentAdmins_WithoutEtagAllApplied_WithTheSameEtagOnlyOne()
    {
        static string Block(string name) => $"rule {name}\n  when exercise=yes\n  then retain=30d\n";
        var unguarded = Enumerable.Range(0, 8).Select(i => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Block($"free-{i}") }).ResponseAsync);
        await Task.WhenAll(unguarded);
        var etag = (await _node.Admin.ListRulesAsync(new ListRulesRequest())).Etag;

        var racing = Enumerable.Range(0, 8)
            .Select(i => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Block($"race-{i}"), ExpectedEtag = etag }).ResponseAsync)
            .ToList();
        var outcomes = await Task.WhenAll(racing.Select(async call =>
        {
            try
            {
                await call;
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.FailedPrecondition, o));
        var names = Names(await _node.Admin.ListRulesAsync(new ListRulesRequest()));
        Assert.Equal(8, names.Count(n => n.StartsWith("free-", StringComparison.Ordinal)));
        Assert.Single(names, n => n.StartsWith("race-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImportRules_HundredsOfMistakes_TheFirstFiftyAndHowManyMore()
    {
        var longValue = new string('x', 5000);
        var file = string.Concat(Enumerable.Range(0, 120).Select(i => $"rule r{i}\n  when label={longValue}\n  then hold=yes\n"));

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = file }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = Violations(error);
        Assert.Equal(51, violations.Count);
        Assert.StartsWith("line 2, column ", violations[0].Field);
        Assert.Equal("errors", violations[^1].Field);
        Assert.Contains("and 70 more errors", violations[^1].Description);
        Assert.All(violations, v => Assert.True(v.Description.Length <= 400, v.Field));
    }

    [Fact]
    public async Task Changes_Audited_AsRulesChangeWithWhatChanged()
    {
        var added = await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills });
        await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = AmberNeedToKnow });
        var moved = await _node.Admin.MoveRuleAsync(new MoveRuleRequest { Name = "drills", Position = 2 });
        await _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = ValidFile });

        var audit = await _node.Admin.ListAuditAsync(new ListAuditRequest { Action = "rules.change" });

        Assert.Equal(4, audit.Entries.Count);
        Assert.All(audit.Entries, e => Assert.Equal(("admin", "rules.change"), (e.Actor, e.Action)));
        Assert.Equal(added.Etag, audit.Entries[0].Subject);
        Assert.Contains("rule drills added at position 1", audit.Entries[0].Detail);
        Assert.Contains("rule amber-need-to-know added at position 2", audit.Entries[1].Detail);
        Assert.Equal(moved.Etag, audit.Entries[2].Subject);
        Assert.Contains("rule drills moved from position 1 to 2", audit.Entries[2].Detail);
        Assert.Contains("rules imported: 3 rules", audit.Entries[3].Detail);
    }

    private static List<string> Names(RuleSetView view) => [.. view.Rules.Select(r => r.Name)];

    private static IReadOnlyList<BadRequest.Types.FieldViolation> Violations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? throw new Xunit.Sdk.XunitException($"no field violations in {error.Status}");
}
