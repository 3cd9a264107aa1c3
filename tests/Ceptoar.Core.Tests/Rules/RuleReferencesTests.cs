using Ceptoar.Core.Items;
using Ceptoar.Core.Policy.Rules;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>With the node's members and known nodes, a rule naming any other id is refused at that id, like an unknown sector.</summary>
public sealed class RuleReferencesTests
{
    private static readonly RuleReferences Known = new(["tokyo-gas", "osaka-gas"], ["gas-ceptoar", "ceptoar-council", "nisc"]);

    public static TheoryData<string, int, int, string> UnknownIds => new()
    {
        { "rule r\n  when member=tokyo-gas,saibu-gas\n  then hold=yes", 2, 25, "rule 'r' names member 'saibu-gas', which this node does not have: add the member first with `ceptoar-admin members add saibu-gas`" },
        { "rule r\n  then deliver=sector:gas,member:nobody", 2, 34, "rule 'r' names member 'nobody', which this node does not have" },
        { "rule r\n  when origin=nisc,water-ceptoar\n  then hold=yes", 2, 20, "rule 'r' names node 'water-ceptoar', which this node does not know" },
        { "rule r\n  when direction=received from=ceptoar-councl\n  then hold=yes", 2, 32, "names node 'ceptoar-councl' (did you mean 'ceptoar-council'?)" },
        { "rule r\n  then forward=peer:ceptoar-council,peer:nsic", 2, 42, "names node 'nsic' (did you mean 'nisc'?), which this node does not know" },
        { "rule r\n  then forward=peer:nsic", 2, 21, "`ceptoar-admin peers add nsic --endpoint https://HOST:PORT`" },
    };

    [Theory]
    [MemberData(nameof(UnknownIds))]
    public void Parse_WithReferences_UnknownId_OneErrorAtTheIdNamingTheRule(string text, int line, int column, string message)
    {
        var (set, errors) = RuleFile.Parse(text, Vocabulary.Default, Known);

        Assert.Null(set);
        var error = Assert.Single(errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True((line, column) == (error.Line, error.Column), $"expected line {line}, column {column}; got {error}");
    }

    [Theory]
    [MemberData(nameof(UnknownIds))]
    public void Parse_WithoutReferences_TheSameRulesRead(string text, int line, int column, string message)
    {
        _ = (line, column, message);

        var (set, errors) = RuleFile.Parse(text, Vocabulary.Default);

        // Stored rules load without references: a member removed since must not make the node's rules unreadable.
        Assert.Empty(errors);
        Assert.NotNull(set);
    }

    [Fact]
    public void Parse_WithReferences_EveryIdKnown_Reads()
    {
        const string Text = "rule r\n  when origin=nisc,gas-ceptoar from=ceptoar-council member=tokyo-gas\n  then deliver=member:osaka-gas forward=peer:nisc";

        var (set, errors) = RuleFile.Parse(Text, Vocabulary.Default, Known);

        Assert.Empty(errors);
        Assert.Equal(RuleFile.Parse(Text).RuleSet, set);
    }

    [Fact]
    public void Parse_WithReferences_MalformedId_OnlyTheSyntaxErrorIsReported()
    {
        var (_, errors) = RuleFile.Parse("rule r\n  when member=Tokyo-Gas\n  then hold=yes", Vocabulary.Default, Known);

        Assert.Contains("'Tokyo-Gas' is not a member id", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithReferences_CodeBuiltSetNamingUnknownIds_AProblemPerIdNamingRuleAndKey()
    {
        var rules = new RuleSet(
        [
            new HandlingRule("vip", "", new RuleConditions { Members = ["tokyo-gas"], Origins = ["gas-ceptoar", "water-ceptoar"] },
                new RuleActions { Deliver = MemberSelection.Of([], [], ["osaka-gas", "saibu-gas"]), Forward = ForwardRestriction.OnlyTo("nsic") }),
        ]);

        var problems = RuleSetValidator.Validate(rules, Vocabulary.Default, Known);

        Assert.Equal([("vip", "origin"), ("vip", "deliver"), ("vip", "forward")], problems.Select(p => (p.RuleName, p.Key)));
        Assert.Contains("'water-ceptoar'", problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("'saibu-gas'", problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("'nsic'", problems[2].Message, StringComparison.Ordinal);
        Assert.Empty(RuleSetValidator.Validate(rules, Vocabulary.Default));
    }
}
