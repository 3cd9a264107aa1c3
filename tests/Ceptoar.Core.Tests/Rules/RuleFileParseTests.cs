using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

public sealed class RuleFileParseTests
{
    [Fact]
    public void Parse_TheIssuesExample_ReadsEveryPart()
    {
        const string Text = """
            # Banks: never name the reporting bank outside this node
            rule strip-bank-attribution
              when direction=submitted kind=incident-report label=green,amber
              then attribution=strip deliver=sector:finance hold=yes
            """;

        var (set, errors) = RuleFile.Parse(Text);

        Assert.Empty(errors);
        var rule = Assert.Single(set!.Rules);
        var expected = new HandlingRule(
            "strip-bank-attribution",
            "",
            new RuleConditions { Directions = [RuleDirection.Submitted], Kinds = [ItemKind.IncidentReport], Labels = [Tlp.Green, Tlp.Amber] },
            new RuleActions { Attribution = AttributionAction.Strip, Deliver = MemberSelection.Of(["finance"]), Hold = true });
        Assert.Equal(expected, rule);
    }

    [Fact]
    public void Parse_EveryKey_ReadsEveryValue()
    {
        var text = string.Join('\n',
            "rule everything",
            "  description   Every key at once:   checked # not a comment",
            "  description and a second line",
            "  when direction=submitted,received kind=early-warning,attack-method,receipt label=CLEAR,TLP:Amber,green",
            "  when sector=finance,gas threat=attack.*,accident.bug exercise=no",
            "\twhen origin=bank-ceptoar from=ceptoar-council member=example-bank tag=region:kanto,size-large",
            "  then deliver=sector:gas,tag:region:kanto,member:tokyo-gas forward=peer:nisc,peer:ceptoar-council",
            "  then attribution=keep obfuscate=yes hold=no raise=amber retain=30");

        var (set, errors) = RuleFile.Parse(text);

        Assert.True(errors.Count == 0, string.Join("; ", errors));
        var rule = Assert.Single(set!.Rules);
        Assert.Equal("Every key at once:   checked # not a comment and a second line", rule.Description);
        Assert.Equal(
            new RuleConditions
            {
                Directions = [RuleDirection.Submitted, RuleDirection.Received],
                Kinds = [ItemKind.EarlyWarning, ItemKind.AttackMethod, ItemKind.Receipt],
                Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber],
                Sectors = ["finance", "gas"],
                ThreatTypes = ["attack.*", "accident.bug"],
                Exercise = false,
                Origins = ["bank-ceptoar"],
                FromPeers = ["ceptoar-council"],
                Members = ["example-bank"],
                MemberTags = ["region:kanto", "size-large"],
            },
            rule.When);
        Assert.Equal(
            new RuleActions
            {
                Deliver = MemberSelection.Of(["gas"], ["region:kanto"], ["tokyo-gas"]),
                Forward = ForwardRestriction.OnlyTo("nisc", "ceptoar-council"),
                Attribution = AttributionAction.Keep,
                Obfuscate = true,
                Hold = false,
                RaiseLabel = Tlp.Amber,
                RetentionDays = 30,
            },
            rule.Then);
    }

    [Fact]
    public void Parse_JapaneseDescription_KeptWithItsFullWidthSpaces()
    {
        var (set, errors) = RuleFile.Parse("rule drills\n  description 訓練情報は　30日で削除\n  when exercise=yes\n  then retain=30d\n");

        Assert.Empty(errors);
        Assert.Equal("訓練情報は　30日で削除", set!.Rules[0].Description);
    }

    [Theory]
    [InlineData("all", true, ForwardScope.AsRouted)]
    [InlineData("none", false, ForwardScope.None)]
    public void Parse_AllAndNone_DeliverAndForward(string word, bool everyone, ForwardScope scope)
    {
        var (set, _) = RuleFile.Parse($"rule r\n  when kind=drill\n  then deliver={word} forward={word}\n");

        Assert.Equal(everyone ? MemberSelection.Everyone : MemberSelection.Nobody, set!.Rules[0].Then.Deliver);
        Assert.Equal(scope, set.Rules[0].Then.Forward!.Scope);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n\n   # indented comment\n")]
    [InlineData("\uFEFF\n")]
    public void Parse_NoRules_EmptySet(string text)
    {
        var (set, errors) = RuleFile.Parse(text);

        Assert.Empty(errors);
        Assert.Equal(RuleSet.Empty, set);
    }

    [Fact]
    public void Parse_OrderKept_ByteOrderMarkAndCarriageReturnsIgnored()
    {
        var (set, errors) = RuleFile.Parse("\uFEFFrule b\r\n  when label=red\r\n  then hold=yes\r\n\r\nrule a\r\n  then hold=no\r\n");

        Assert.Empty(errors);
        Assert.Equal(["b", "a"], set!.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Parse_DefaultSetAsWritten_IsTheDefaultSet()
    {
        var (set, errors) = RuleFile.Parse(RuleFile.Write(RuleSet.Default));

        Assert.Empty(errors);
        Assert.Equal(RuleSet.Default, set);
        Assert.Same(RuleSet.BuiltInDefault.Then.Deliver, RuleSet.Default.Rules[0].Then.Deliver);
    }

    [Fact]
    public void Write_DefaultSet_IsTheDocumentedText()
    {
        var expected = RuleFile.Header + """

            rule tlp-default
              description the conservative reading of TLP 2.0: members as the label and audience allow, forward as routing allows, attribution as the origin says
              then deliver=all forward=all hold=no retain=365d

            """;

        Assert.Equal(expected, RuleFile.Write(RuleSet.Default));
    }
}
