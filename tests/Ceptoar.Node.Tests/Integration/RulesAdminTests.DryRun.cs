using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>The dry run (TestRules): which rule fires for a draft or a stored item, why, and what the label clamped.</summary>
public sealed partial class RulesAdminTests
{
    [Fact]
    public async Task TestRules_AmberDraft_NamesTheRuleThatFiresWhyAndTheClamp()
    {
        await _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = ValidFile });
        await _node.AddMemberWithKeyAsync("tepco", "electricity");

        var result = await _node.Admin.TestRulesAsync(new TestRulesRequest { Draft = Drafts.Incident(Tlp.Amber), MemberId = "tepco" });

        Assert.Equal("incidents-to-all", result.FiredRule);
        var lines = result.Explanation.Split('\n');
        Assert.StartsWith("rule drills: no match, exercise:", lines[0]);
        Assert.StartsWith("rule strip-bank-attribution: no match, sector:", lines[1]);
        Assert.Equal("rule incidents-to-all fires", lines[2]);
        Assert.Contains("kind=incident-report", lines[3]);
        Assert.Contains(lines, l => l.StartsWith("clamped deliver: AMBER is need-to-know", StringComparison.Ordinal));
        Assert.Equal((Tlp.Amber, false, "no member", 365u), (result.Label, result.Held, result.Delivery, result.RetentionDays));
    }

    [Fact]
    public async Task TestRules_StoredItemOfAMember_TestedAsSubmittedByThatMember()
    {
        await _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = ValidFile });
        var member = _node.Member(await _node.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var draft = Drafts.Incident(Tlp.Green);
        draft.Handling = new HandlingPolicy { Attribution = Attribution.May };
        var submitted = await member.SubmitAsync(Drafts.Request(draft));

        var result = await _node.Admin.TestRulesAsync(new TestRulesRequest { ItemId = submitted.ItemId });

        Assert.Equal("strip-bank-attribution", result.FiredRule);
        Assert.Contains("direction=submitted", result.Explanation);
        Assert.Contains("sector=finance (the submitting member's sector)", result.Explanation);
        Assert.True(result.Held);
        Assert.True(result.AttributionStripped);
        Assert.Equal("members of sector finance", result.Delivery);
        Assert.Equal("as routing allows", result.Forward);
    }

    [Fact]
    public async Task TestRules_WithRulesText_TestsThatFileAndLeavesTheActiveRules()
    {
        await _node.AddMemberWithKeyAsync("tepco", "electricity");
        var before = await _node.Admin.ListRulesAsync(new ListRulesRequest());

        var result = await _node.Admin.TestRulesAsync(new TestRulesRequest
        {
            Draft = Drafts.Incident(Tlp.Green),
            MemberId = "tepco",
            RulesText = "rule hold-submitted\n  when direction=submitted\n  then hold=yes\n",
        });

        Assert.Equal("hold-submitted", result.FiredRule);
        Assert.True(result.Held);
        Assert.Equal(before, await _node.Admin.ListRulesAsync(new ListRulesRequest()));
    }

    [Fact]
    public async Task TestRules_NoRuleMatches_TheBuiltInDefaultFires()
    {
        await _node.Admin.RemoveRuleAsync(new RemoveRuleRequest { Name = "tlp-default" });
        await _node.AddMemberWithKeyAsync("tepco", "electricity");

        var result = await _node.Admin.TestRulesAsync(new TestRulesRequest { Draft = Drafts.Incident(Tlp.Green), MemberId = "tepco" });

        Assert.Equal("tlp-default", result.FiredRule);
        Assert.StartsWith("no rule matched: the built-in default tlp-default applies", result.Explanation);
    }

    [Fact]
    public async Task TestRules_InvalidRequests_InvalidArgumentNamingTheField()
    {
        await _node.AddMemberWithKeyAsync("tepco", "electricity");
        var draft = Drafts.Incident(Tlp.Green);
        var cases = new (TestRulesRequest Request, string Field)[]
        {
            (new TestRulesRequest(), "subject"),
            (new TestRulesRequest { Draft = draft }, "member_id"),
            (new TestRulesRequest { Draft = draft, MemberId = "tepco", FromPeer = "council" }, "from_peer"),
            (new TestRulesRequest { Draft = new ItemDraft(), MemberId = "tepco" }, "draft.kind"),
            (new TestRulesRequest { ItemId = "not-an-id" }, "item_id"),
            (new TestRulesRequest { ItemId = Core.Items.UuidV7.NewId(), MemberId = "tepco" }, "member_id"),
            (new TestRulesRequest { Draft = draft, MemberId = "tepco", RulesText = "rule x\n  when label=orange\n  then hold=yes\n" }, "rules_text, line 2, column 14"),
        };

        foreach (var (request, field) in cases)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.TestRulesAsync(request).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains(Violations(error), v => v.Field == field);
        }
    }

    [Fact]
    public async Task TestRules_UnknownMemberOrItem_NotFound()
    {
        var member = await Assert.ThrowsAsync<RpcException>(() =>
            _node.Admin.TestRulesAsync(new TestRulesRequest { Draft = Drafts.Incident(Tlp.Green), MemberId = "no-such-member" }).ResponseAsync);
        var item = await Assert.ThrowsAsync<RpcException>(() =>
            _node.Admin.TestRulesAsync(new TestRulesRequest { ItemId = Core.Items.UuidV7.NewId() }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, member.StatusCode);
        Assert.Contains("no-such-member", member.Status.Detail);
        Assert.Equal(StatusCode.NotFound, item.StatusCode);
    }
}
