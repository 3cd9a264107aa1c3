using Ceptoar.Core.Items;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

public sealed class RuleFileRoundTripTests
{
    /// <summary>Every valid generated set writes and reads back equal, with the same ETag; the text is stable.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(2014)]
    [InlineData(31337)]
    public void ParseWrite_RandomValidSets_RoundTrip(int seed)
    {
        var generator = new RuleGenerator(new Random(seed), validOnly: true);
        var rules = 0;
        for (var n = 0; n < 400; n++)
        {
            var set = generator.RuleSet(8);
            rules += set.Rules.Count;
            var text = RuleFile.Write(set);

            var (read, errors) = RuleFile.Parse(text);

            Assert.True(errors.Count == 0, $"seed {seed}, set {n}: {string.Join("; ", errors)}\n{text}");
            Assert.True(set.Equals(read), $"seed {seed}, set {n}: read back differs\n{text}");
            Assert.Equal(set.ETag, read!.ETag);
            Assert.Equal(text, RuleFile.Write(read));
        }

        Assert.True(rules > 1000, $"seed {seed}: only {rules} rules were generated");
    }

    [Fact]
    public void RuleSetValidator_SetsTheFileRefuses_AreReportedToo()
    {
        var rules = new RuleSet(
        [
            new HandlingRule("lowers", "", new RuleConditions { Labels = [Tlp.Red] }, new RuleActions { RaiseLabel = Tlp.Green }),
            new HandlingRule("empty", "", new RuleConditions { Kinds = [] }, RuleActions.None),
            new HandlingRule("bad-values", "", new RuleConditions { Sectors = ["bank"], Origins = ["X"] }, new RuleActions { RetentionDays = 0, Forward = ForwardRestriction.OnlyTo() }),
        ]);

        var problems = RuleSetValidator.Validate(rules, Vocabulary.Default);

        Assert.Equal(
            [("empty", "kind"), ("bad-values", "sector"), ("bad-values", "origin"), ("bad-values", "forward"), ("bad-values", "retain"), ("lowers", "raise"), ("empty", null)],
            problems.Select(p => (p.RuleName, p.Key)));
    }

    [Fact]
    public void ETag_DiffersWhenAnythingDiffers_EqualForEqualSets()
    {
        var a = new RuleSet([new HandlingRule("a", "", RuleConditions.Any, new RuleActions { Hold = true })]);
        var same = new RuleSet([new HandlingRule("a", "", RuleConditions.Any, new RuleActions { Hold = true })]);
        var other = new RuleSet([new HandlingRule("a", "", RuleConditions.Any, new RuleActions { Hold = false })]);

        Assert.Equal(a.ETag, same.ETag);
        Assert.NotEqual(a.ETag, other.ETag);
        Assert.Equal(32, a.ETag.Length);
        Assert.Equal(a, same);
        Assert.Equal(a.GetHashCode(), same.GetHashCode());
        Assert.NotEqual(a, other);
    }

    [Theory]
    [InlineData("Bad_Name", "")]
    [InlineData("ok", " padded")]
    [InlineData("ok", "two\nlines")]
    public void RuleSet_InvalidNameOrDescription_Refused(string name, string description) =>
        Assert.Throws<ArgumentException>(() => new RuleSet([new HandlingRule(name, description, RuleConditions.Any, RuleActions.None)]));

    [Fact]
    public void RuleSet_DuplicateNames_Refused() =>
        Assert.Throws<ArgumentException>(() => new RuleSet([RuleKit.Rule("a"), RuleKit.Rule("a")]));
}
