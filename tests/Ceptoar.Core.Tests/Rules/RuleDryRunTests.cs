using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>The dry run explains which rule fires and why, why each earlier rule did not, and what would happen.</summary>
public sealed class RuleDryRunTests
{
    private const string File = """
        rule drills
          description Drill traffic is kept a month
          when exercise=yes
          then retain=30d
        rule red-for-named
          when label=red
          then deliver=sector:gas
        rule bank-reports
          description Bank reports wait for the secretariat
          when direction=submitted kind=incident-report label=green,amber sector=finance
          then attribution=strip deliver=sector:finance hold=yes raise=amber
        """;

    private static RuleSet Rules()
    {
        var (set, errors) = RuleFile.Parse(File);
        Assert.Empty(errors);
        return set!;
    }

    [Fact]
    public void Describe_RuleFires_SaysWhichConditionFailedForEachEarlierRule()
    {
        var subject = Submitted(Item(Tlp.Green, ToSectors("finance"), origin: Local), ExampleBank);

        var lines = RuleEvaluator.Evaluate(Rules(), subject).Describe();

        Assert.Equal("rule drills: no match, exercise: the item is not drill or exercise traffic; the rule wants exercise=yes", lines[0]);
        Assert.Equal("rule red-for-named: no match, label: the item is labelled green; the rule wants red", lines[1]);
        Assert.Equal("rule bank-reports fires (Bank reports wait for the secretariat)", lines[2]);
        Assert.Equal(
            "  because direction=submitted; kind=incident-report; label=green (one of green, amber); sector=finance (the submitting member's sector)",
            lines[3]);
        Assert.Contains("label: raised from GREEN to AMBER", lines);
        Assert.Contains(lines, l => l.StartsWith("members: members of sector finance once approved", StringComparison.Ordinal));
        Assert.Contains("forward: as routing allows once approved", lines);
        Assert.Contains("attribution: strip (the reporting member is not named)", lines);
        Assert.Contains(lines, l => l.StartsWith("hold: yes", StringComparison.Ordinal));
        Assert.Contains("retain: 365 days", lines);
    }

    [Fact]
    public void Describe_NoRuleMatches_NamesTheBuiltInDefaultAndTheAmberClamp()
    {
        var subject = Received(Item(Tlp.Amber, ToNodes(Local)), originSectors: ["electricity"]);

        var decision = RuleEvaluator.Evaluate(Rules(), subject);
        var lines = decision.Describe();

        Assert.True(decision.IsBuiltInDefault);
        Assert.Contains(lines, l => l.StartsWith("rule bank-reports: no match, direction: the item was received from a peer; the rule wants submitted", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("no rule matched: the built-in default tlp-default applies", StringComparison.Ordinal));
        Assert.Contains("  because it has no conditions: it matches every item", lines);
        Assert.Contains("members: no member", lines);
        Assert.Contains(lines, l => l.StartsWith("clamped deliver: AMBER is need-to-know", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_RaiseOfAWholeFederationItem_SaysItNowReachesOnlyWhoItNames()
    {
        var subject = Submitted(Item(Tlp.Green, origin: Local), ExampleBank);

        var lines = RuleEvaluator.Evaluate(Rules(), subject).Describe();

        Assert.Contains("members: no member once approved (the submitting member always sees its own item)", lines);
        Assert.Contains(lines, l => l.StartsWith("clamped raise: the audience is the whole federation, which AMBER cannot address", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("clamped deliver: the AMBER audience names neither this node nor a sector", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_ClampedWish_SaysWhatAndWhy()
    {
        var subject = Received(Item(Tlp.Red, ToMembers((Local, "tokyo-gas"), (Local, "example-bank"))));

        var lines = RuleEvaluator.Evaluate(Rules(), subject).Describe();

        Assert.Contains("rule red-for-named fires", lines);
        Assert.Contains(lines, l => l.StartsWith("members: members of sector gas (limited to members example-bank, tokyo-gas)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("clamped deliver: RED with this audience reaches only members example-bank, tokyo-gas here", StringComparison.Ordinal));
    }
}
