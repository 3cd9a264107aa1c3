using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

public sealed class RuleMatcherTests
{
    /// <summary>Each condition alone: the conditions, the subject, and whether the rule matches.</summary>
    private static readonly Dictionary<string, (RuleConditions When, Func<RuleSubject> Subject, bool Matches)> Alone = new()
    {
        ["direction submitted, submitted"] = (new() { Directions = [RuleDirection.Submitted] }, () => Submitted(), true),
        ["direction submitted, received"] = (new() { Directions = [RuleDirection.Submitted] }, () => Received(), false),
        ["direction both, received"] = (new() { Directions = [RuleDirection.Submitted, RuleDirection.Received] }, () => Received(), true),
        ["kind listed"] = (new() { Kinds = [ItemKind.IncidentReport, ItemKind.DamageReport] }, () => Received(Item(kind: ItemKind.DamageReport)), true),
        ["kind not listed"] = (new() { Kinds = [ItemKind.IncidentReport] }, () => Received(Item(kind: ItemKind.EarlyWarning)), false),
        ["kind of a sealed item (unspecified)"] = (new() { Kinds = [ItemKind.IncidentReport] }, () => Received(Item(kind: ItemKind.Unspecified)), false),
        ["label listed"] = (new() { Labels = [Tlp.Green, Tlp.Amber] }, () => Received(Item(Tlp.Amber, ToNodes(Local))), true),
        ["label not listed"] = (new() { Labels = [Tlp.Green, Tlp.Amber] }, () => Received(Item(Tlp.Red)), false),
        ["label not a TLP label"] = (new() { Labels = [.. Labels] }, () => Received(Item((Tlp)9)), false),
        ["sector of the submitting member"] = (new() { Sectors = ["gas"] }, () => Submitted(member: TokyoGas), true),
        ["sector of another member"] = (new() { Sectors = ["gas"] }, () => Submitted(member: ExampleBank), false),
        ["sector served by the origin"] = (new() { Sectors = ["gas"] }, () => Received(originSectors: ["water", "gas"]), true),
        ["sector not served by the origin"] = (new() { Sectors = ["gas"] }, () => Received(originSectors: ["finance"]), false),
        ["sector of an origin this node does not know"] = (new() { Sectors = ["gas"] }, () => Received(originSectors: []), false),
        ["threat listed"] = (new() { ThreatTypes = ["attack.intrusion"] }, () => Received(Item(threat: "attack.intrusion")), true),
        ["threat not listed"] = (new() { ThreatTypes = ["attack.intrusion"] }, () => Received(Item(threat: "attack.malware")), false),
        ["threat missing"] = (new() { ThreatTypes = ["attack.intrusion"] }, () => Received(Item(threat: null)), false),
        ["threat family"] = (new() { ThreatTypes = ["attack.*"] }, () => Received(Item(threat: "attack.malware")), true),
        ["threat of another family"] = (new() { ThreatTypes = ["attack.*"] }, () => Received(Item(threat: "accident.bug")), false),
        ["threat family is not a bare prefix"] = (new() { ThreatTypes = ["attack.*"] }, () => Received(Item(threat: "attacker.x")), false),
        ["exercise yes, drill"] = (new() { Exercise = true }, () => Received(Item(exercise: true)), true),
        ["exercise yes, real"] = (new() { Exercise = true }, () => Received(Item(exercise: false)), false),
        ["exercise no, real"] = (new() { Exercise = false }, () => Received(Item(exercise: false)), true),
        ["exercise no, drill"] = (new() { Exercise = false }, () => Received(Item(exercise: true)), false),
        ["origin listed"] = (new() { Origins = ["bank-ceptoar", "nisc"] }, () => Received(Item(origin: "nisc")), true),
        ["origin not listed"] = (new() { Origins = ["bank-ceptoar"] }, () => Received(Item(origin: "nisc")), false),
        ["from listed"] = (new() { FromPeers = ["ceptoar-council"] }, () => Received(from: "ceptoar-council"), true),
        ["from not listed"] = (new() { FromPeers = ["ceptoar-council"] }, () => Received(from: "nisc"), false),
        ["from, submitted"] = (new() { FromPeers = ["ceptoar-council"] }, () => Submitted(), false),
        ["member listed"] = (new() { Members = ["tokyo-gas"] }, () => Submitted(member: TokyoGas), true),
        ["member not listed"] = (new() { Members = ["tokyo-gas"] }, () => Submitted(member: OsakaGas), false),
        ["member, received"] = (new() { Members = ["tokyo-gas"] }, () => Received(), false),
        ["tag carried"] = (new() { MemberTags = ["size-large", "x"] }, () => Submitted(member: TokyoGas), true),
        ["tag not carried"] = (new() { MemberTags = ["region:kanto"] }, () => Submitted(member: OsakaGas), false),
        ["tag, member without tags"] = (new() { MemberTags = ["region:kanto"] }, () => Submitted(member: SaibuGas), false),
        ["tag, received"] = (new() { MemberTags = ["region:kanto"] }, () => Received(), false),
        ["empty list"] = (new() { Kinds = [] }, () => Received(), false),
        ["no condition"] = (RuleConditions.Any, () => Received(Item((Tlp)99)), true),
    };

    public static TheoryData<string> AloneCases => [.. Alone.Keys];

    [Theory]
    [MemberData(nameof(AloneCases))]
    public void Check_EachConditionAlone_MatchesAsTabled(string name)
    {
        var (when, subject, matches) = Alone[name];

        var results = RuleMatcher.Check(when, subject()).ToList();

        Assert.Equal(matches, results.All(r => r.Holds));
        Assert.True(results.Count <= 1, name);
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r.Explanation)));
    }

    /// <summary>All conditions that can hold together for a submitted item, and for a received one.</summary>
    private static readonly RuleConditions AllSubmitted = new()
    {
        Directions = [RuleDirection.Submitted],
        Kinds = [ItemKind.IncidentReport],
        Labels = [Tlp.Green],
        Sectors = ["gas"],
        ThreatTypes = ["attack.*"],
        Exercise = false,
        Origins = [Local],
        Members = ["tokyo-gas"],
        MemberTags = ["region:kanto"],
    };

    private static readonly RuleConditions AllReceived = new()
    {
        Directions = [RuleDirection.Received],
        Kinds = [ItemKind.IncidentReport],
        Labels = [Tlp.Green],
        Sectors = ["finance"],
        ThreatTypes = ["attack.intrusion"],
        Exercise = false,
        Origins = ["bank-ceptoar"],
        FromPeers = ["ceptoar-council"],
    };

    /// <summary>Each key with a value that fails for both subjects.</summary>
    private static readonly Dictionary<string, Func<RuleConditions, RuleConditions>> Breakers = new()
    {
        ["direction"] = c => c with { Directions = [] },
        ["kind"] = c => c with { Kinds = [ItemKind.Receipt] },
        ["label"] = c => c with { Labels = [Tlp.Red] },
        ["sector"] = c => c with { Sectors = ["water"] },
        ["threat"] = c => c with { ThreatTypes = ["accident.*"] },
        ["exercise"] = c => c with { Exercise = true },
        ["origin"] = c => c with { Origins = ["nisc"] },
        ["from"] = c => c with { FromPeers = ["nisc"] },
        ["member"] = c => c with { Members = ["osaka-gas"] },
        ["tag"] = c => c with { MemberTags = ["region:kansai"] },
    };

    /// <summary>Every key for the subject kind it can hold for: from only for received items, member and tag only for submitted.</summary>
    public static TheoryData<string, bool> Combined
    {
        get
        {
            var data = new TheoryData<string, bool>();
            foreach (var key in Breakers.Keys)
            {
                if (key != "from")
                {
                    data.Add(key, true);
                }

                if (key is not ("member" or "tag"))
                {
                    data.Add(key, false);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Check_AllConditionsHolding_Matches()
    {
        Assert.All(RuleMatcher.Check(AllSubmitted, Submitted(Item(origin: Local))), r => Assert.True(r.Holds, r.Explanation));
        Assert.All(RuleMatcher.Check(AllReceived, Received()), r => Assert.True(r.Holds, r.Explanation));
        Assert.Equal(9, RuleMatcher.Check(AllSubmitted, Submitted(Item(origin: Local))).Count());
        Assert.Equal(8, RuleMatcher.Check(AllReceived, Received()).Count());
    }

    [Theory]
    [MemberData(nameof(Combined))]
    public void FirstMiss_OneConditionOfManyFails_NamesExactlyThatCondition(string key, bool submitted)
    {
        var when = Breakers[key](submitted ? AllSubmitted : AllReceived);
        var subject = submitted ? Submitted(Item(origin: Local)) : Received();

        var results = RuleMatcher.Check(when, subject).ToList();

        Assert.Equal([key], results.Where(r => !r.Holds).Select(r => r.Key));
        Assert.Equal(key, RuleMatcher.FirstMiss(when, subject)?.Key);
        Assert.StartsWith(key + ":", RuleMatcher.FirstMiss(when, subject)!.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void FirstMiss_SeveralFail_ReportsTheFirstInFileOrder()
    {
        var when = Breakers.Values.Aggregate(AllReceived, (c, breakIt) => breakIt(c));
        var order = RuleMatcher.Check(when, Received()).Select(r => r.Key).ToList();

        Assert.Equal("direction", RuleMatcher.FirstMiss(when, Received())?.Key);
        Assert.Equal(["direction", "kind", "label", "sector", "threat", "exercise", "origin", "from", "member", "tag"], order);
    }

    [Theory]
    [InlineData("attack.*", "attack.intrusion", true)]
    [InlineData("attack.*", "attack.", true)]
    [InlineData("attack.*", "accident.bug", false)]
    [InlineData("attack.intrusion", "attack.intrusion", true)]
    [InlineData("attack.intrusion", "attack.intrusion2", false)]
    [InlineData("attack.*", "attack", false)]
    public void ThreatMatches_CodesAndFamilies(string pattern, string threat, bool expected) =>
        Assert.Equal(expected, RuleMatcher.ThreatMatches(pattern, threat));

    [Fact]
    public void Check_Explanations_NameTheFactAndTheWish()
    {
        var miss = RuleMatcher.FirstMiss(new RuleConditions { Labels = [Tlp.Green, Tlp.Amber] }, Received(Item(Tlp.Red)))!;
        var member = RuleMatcher.FirstMiss(new RuleConditions { Members = ["tokyo-gas"] }, Received())!;
        var sector = RuleMatcher.Check(new RuleConditions { Sectors = ["gas"] }, Submitted(member: TokyoGas)).Single();

        Assert.Equal("label: the item is labelled red; the rule wants one of green, amber", miss.Explanation);
        Assert.Contains("received from a peer", member.Explanation, StringComparison.Ordinal);
        Assert.Equal("sector=gas (the submitting member's sector)", sector.Explanation);
    }
}
