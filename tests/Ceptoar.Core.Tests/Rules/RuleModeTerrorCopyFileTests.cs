using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>The mode= and terror= conditions and the copy= action in the rule file: read, written, matched, refused (docs/MODES.md §2, RULES-FORMAT.md).</summary>
public sealed class RuleModeTerrorCopyFileTests
{
    private const string Text = """
        rule terror-to-cabinet
          description In large-scale mode, suspected terrorism also goes to the Cabinet crisis office
          when direction=submitted mode=large-scale terror=yes
          then copy=nisc,role:cabinet-crisis

        rule damage-up
          when kind=damage-report,response-status label=green,amber mode=large-scale
          then copy=role:disaster-management,sector-ministry,node:fsa hold=no
        """;

    private static readonly ModeState LargeScaleWhole = new(FederationMode.LargeScale, [], "01974f2e-8c00-7abc-8def-0123456789ab", new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero), 60, "test");
    private static readonly ModeState LargeScaleElectricity = LargeScaleWhole with { ScopeSectors = ["electricity"] };

    [Fact]
    public void Parse_ModeTerrorAndCopy_ReadAsWritten()
    {
        var (set, errors) = RuleFile.Parse(Text);

        Assert.Empty(errors);
        var terror = set!.Rules[0];
        Assert.Equal([FederationMode.LargeScale], terror.When.Modes!);
        Assert.True(terror.When.Terror);
        Assert.Equal(["nisc", "role:cabinet-crisis"], terror.Then.Copy!);
        Assert.Equal(["node:fsa", "role:disaster-management", "sector-ministry"], set.Rules[1].Then.Copy!);
    }

    [Fact]
    public void Write_ModeTerrorAndCopy_ReadsBackEqual()
    {
        var (set, _) = RuleFile.Parse(Text);

        var written = RuleFile.Write(set!);

        Assert.Contains("  when direction=submitted mode=large-scale terror=yes\n", written);
        Assert.Contains("  then hold=no copy=node:fsa,role:disaster-management,sector-ministry\n", written);
        Assert.Equal(set, RuleFile.Parse(written).RuleSet);
    }

    [Theory]
    [InlineData("when mode=emergency\n  then copy=nisc", "'emergency' is not a mode")]
    [InlineData("when terror=maybe\n  then copy=nisc", "'maybe' is not yes or no")]
    [InlineData("when label=green\n  then copy=role:police", "'police' is not a node role")]
    [InlineData("when label=green\n  then copy=ministry", "'ministry' is not a copy target")]
    [InlineData("when label=green\n  then copy=node:Bad_Id", "'Bad_Id' is not a node id")]
    [InlineData("when direction=received\n  then copy=nisc", "copy= adds recipients only to items submitted at this node")]
    [InlineData("when from=nisc\n  then copy=nisc", "from= matches only items received from a peer")]
    [InlineData("when kind=crime-damage\n  then copy=nisc", "a crime-damage report is never copied")]
    [InlineData("when label=red,amber+strict\n  then copy=nisc", "AMBER+STRICT or RED")]
    public void Parse_Nonsense_RefusedWithWhatToWrite(string body, string expected)
    {
        var (set, errors) = RuleFile.Parse("rule r\n  " + body + "\n");

        Assert.Null(set);
        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_CopyToUnknownNodeWithReferences_RefusedLikeForwardPeer()
    {
        var references = new RuleReferences([], ["gas-ceptoar", "nisc", "fsa"]);

        var (set, errors) = RuleFile.Parse("rule r\n  when label=green\n  then copy=node:fsb\n", Vocabulary.Default, references);

        Assert.Null(set);
        Assert.Contains(errors, e => e.Message.Contains("names node 'fsb'", StringComparison.Ordinal) && e.Message.Contains("did you mean 'fsa'", StringComparison.Ordinal));
        Assert.Empty(RuleFile.Parse("rule r\n  when label=green\n  then copy=node:fsa\n", Vocabulary.Default, references).Errors);
    }

    [Fact]
    public void Validate_CopyToUnknownRoleBuiltInCode_Refused()
    {
        var set = new RuleSet([Rule("r", new RuleConditions { Labels = [Tlp.Green] }, new RuleActions { Copy = ["role:nobody"] })]);

        var problems = RuleSetValidator.Validate(set, Vocabulary.Default);

        Assert.Contains(problems, p => p.Key == "copy" && p.Message.Contains("'nobody' is not a node role", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(NodeRole.Secretariat, "gas", false, "normal")]
    [InlineData(NodeRole.Secretariat, "electricity", true, "large-scale")]
    [InlineData(NodeRole.Ministry, "finance", true, "large-scale")]
    [InlineData(NodeRole.Nisc, "", true, "large-scale")]
    public void Check_ModeScopedToElectricity_HoldsWhereTheModeHolds(NodeRole role, string sector, bool largeScale, string shown)
    {
        var subject = Submitted(Item(origin: Local)).At(role, sector.Length == 0 ? [] : [sector], LargeScaleElectricity);
        var when = new RuleConditions { Modes = [FederationMode.LargeScale] };

        var result = RuleMatcher.Check(when, subject).Single();

        Assert.Equal(largeScale, result.Holds);
        Assert.Equal(
            largeScale
                ? $"mode={shown} (since 2026-12-06 08:00 UTC, for sectors electricity)"
                : "mode: normal mode holds here (the large-scale mode is for sectors electricity, which this node does not serve); the rule wants large-scale",
            result.Explanation);
    }

    [Fact]
    public void Check_ModeNormalBeforeAnyModeChange_Holds()
    {
        var when = new RuleConditions { Modes = [FederationMode.Normal] };

        var result = RuleMatcher.Check(when, Submitted(Item(origin: Local))).Single();

        Assert.True(result.Holds);
        Assert.Equal("mode=normal", result.Explanation);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, false, true)]
    [InlineData(false, true, false)]
    public void Check_Terror_HoldsWhenTheItemSaysSo(bool suspected, bool wanted, bool holds)
    {
        var item = Item(origin: Local);
        item.SuspectedTerrorism = suspected;

        var result = RuleMatcher.Check(new RuleConditions { Terror = wanted }, Submitted(item)).Single();

        Assert.Equal(holds, result.Holds);
    }

    [Fact]
    public void Evaluate_TerrorRuleInLargeScaleMode_FiresAndDescribeSaysWhy()
    {
        var (set, _) = RuleFile.Parse(Text);
        var item = Item(Tlp.Green, ToSectors("gas"), origin: Local);
        item.SuspectedTerrorism = true;

        var normal = RuleEvaluator.Evaluate(set!, Submitted(item).At(NodeRole.Secretariat, ["gas"], ModeState.Normal));
        var large = RuleEvaluator.Evaluate(set!, Submitted(item).At(NodeRole.Secretariat, ["gas"], LargeScaleWhole));

        Assert.True(normal.IsBuiltInDefault);
        Assert.Contains("rule terror-to-cabinet: no match, mode: normal mode holds here; the rule wants large-scale", normal.Describe());
        Assert.Equal("terror-to-cabinet", large.Rule.Name);
        Assert.Contains(
            "  because direction=submitted; mode=large-scale (since 2026-12-06 08:00 UTC, for the whole federation); terror=yes: the reporter suspects terrorism",
            large.Describe());
        Assert.Contains("copies: nisc, role:cabinet-crisis", large.Describe());
    }
}
