using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>First match wins; the rules before it are reported with the condition that failed; nothing matched = built-in default.</summary>
public sealed class RuleOrderTests
{
    private static readonly HandlingRule Drills = Rule("drills", new() { Exercise = true }, new() { RetentionDays = 30 });
    private static readonly HandlingRule Red = Rule("red", new() { Labels = [Tlp.Red] }, new() { RetentionDays = 7 });
    private static readonly HandlingRule Incidents = Rule("incidents", new() { Kinds = [ItemKind.IncidentReport] }, new() { RetentionDays = 90 });
    private static readonly HandlingRule Everything = Rule("everything", RuleConditions.Any, new() { RetentionDays = 1000 });

    [Theory]
    [InlineData(true, Tlp.Red, ItemKind.IncidentReport, "drills", 30, 0)]
    [InlineData(false, Tlp.Red, ItemKind.IncidentReport, "red", 7, 1)]
    [InlineData(false, Tlp.Green, ItemKind.IncidentReport, "incidents", 90, 2)]
    [InlineData(false, Tlp.Green, ItemKind.EarlyWarning, "everything", 1000, 3)]
    public void Evaluate_SeveralRulesMatch_TheFirstFiresAlone(bool exercise, Tlp tlp, ItemKind kind, string fired, int retention, int skipped)
    {
        var item = Item(tlp, tlp == Tlp.Red ? ToMembers((Local, "tokyo-gas")) : null, kind, exercise);

        var decision = Evaluate(Received(item), Drills, Red, Incidents, Everything);

        Assert.Equal(fired, decision.Rule.Name);
        Assert.False(decision.IsBuiltInDefault);
        Assert.Equal(retention, decision.RetentionDays);
        Assert.Equal(new[] { "drills", "red", "incidents" }.Take(skipped), decision.Skipped.Select(s => s.RuleName));
    }

    [Fact]
    public void Evaluate_NoRuleMatches_BuiltInDefaultFiresAfterAllAreSkipped()
    {
        var decision = Evaluate(Received(Item(kind: ItemKind.EarlyWarning)), Drills, Red, Incidents);

        Assert.True(decision.IsBuiltInDefault);
        Assert.Same(RuleSet.BuiltInDefault, decision.Rule);
        Assert.Equal(["drills", "red", "incidents"], decision.Skipped.Select(s => s.RuleName));
        Assert.Equal(["exercise", "label", "kind"], decision.Skipped.Select(s => s.FailedCondition.Key));
        Assert.Equal(RuleSet.DefaultRetentionDays, decision.RetentionDays);
        Assert.Empty(decision.Matched);
    }

    [Fact]
    public void Evaluate_EmptySet_BuiltInDefault()
    {
        var decision = RuleEvaluator.Evaluate(RuleSet.Empty, Received());

        Assert.True(decision.IsBuiltInDefault);
        Assert.Empty(decision.Skipped);
    }

    [Fact]
    public void Evaluate_FiredRule_ListsEveryConditionThatHeld()
    {
        var rule = Rule("two", new() { Kinds = [ItemKind.IncidentReport], Labels = [Tlp.Green, Tlp.Amber] });

        var decision = Evaluate(Received(), rule);

        Assert.Equal(["kind", "label"], decision.Matched.Select(m => m.Key));
        Assert.All(decision.Matched, m => Assert.True(m.Holds));
    }

    [Fact]
    public void Evaluate_ActionsLeftOut_TakeTheBuiltInDefaults()
    {
        var decision = Evaluate(Received(Item(attribution: Attribution.May)), Rule("only-hold", then: new() { Hold = true }));

        Assert.True(decision.Hold);
        Assert.Equal(ForwardRestriction.AsRouted, decision.Forward);
        Assert.True(decision.Delivery.Compact!.AllMembers);
        Assert.Equal(AttributionAction.Keep, decision.Attribution);
        Assert.False(decision.ObfuscateAffectedParties);
        Assert.Equal(Tlp.Green, decision.Label);
        Assert.Equal(RuleSet.DefaultRetentionDays, decision.RetentionDays);
        Assert.Empty(decision.Clamps);
    }

    [Fact]
    public void Evaluate_LaterRuleWouldHold_EarlierRuleWithoutHoldStillWins()
    {
        var decision = Evaluate(Received(), Rule("keep-going", then: new() { Hold = false }), Rule("hold", then: new() { Hold = true }));

        Assert.Equal("keep-going", decision.Rule.Name);
        Assert.False(decision.Hold);
    }
}
