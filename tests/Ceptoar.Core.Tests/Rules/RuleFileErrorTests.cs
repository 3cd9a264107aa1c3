using Ceptoar.Core.Policy.Rules;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>Each mistake is reported once, at its exact line and column, saying what is wrong and what to write instead.</summary>
public sealed class RuleFileErrorTests
{
    public static TheoryData<string, int, int, string> Mistakes => new()
    {
        // Structure.
        { "foo", 1, 1, "unknown word 'foo'" },
        { "rule r\n  wen label=red\n  then hold=yes", 2, 3, "unknown word 'wen' (did you mean 'when'?)" },
        { "rule r\nlabel=red\n  then hold=yes", 2, 1, "is not on a 'when' or 'then' line" },
        { "  when label=red\nrule a\n  then hold=yes", 1, 3, "a 'when' line belongs to a rule: put 'rule NAME' on a line above it" },
        { "description x\nrule a\n  then hold=yes", 1, 1, "a 'description' line belongs to a rule" },
        { "rule\n  then hold=yes", 1, 5, "'rule' needs a name" },
        { "rule a b\n  then hold=yes", 1, 8, "a rule name is one word" },
        { "rule a when label=red\n  then hold=yes", 1, 8, "stands alone on its line" },
        { "rule Rule_1\n  then hold=yes", 1, 6, "'Rule_1' is not a rule name" },
        { "rule a\n  then hold=yes\nrule a\n  then hold=no", 3, 6, "rule name 'a' is already used by the rule on line 1" },
        { "rule a\n  when\n  then hold=yes", 2, 7, "'when' needs at least one KEY=VALUE" },
        { "rule a\n  description bad\u0001char\n  then hold=yes", 2, 18, "control character" },
        // Pairs.
        { "rule a\n  when label\n  then hold=yes", 2, 8, "'label' needs a value: write label=VALUE" },
        { "rule a\n  when =red\n  then hold=yes", 2, 8, "has no key before '='" },
        { "rule a\n  when label=\n  then hold=yes", 2, 14, "'label=' needs a value, e.g. label=green,amber" },
        { "rule a\n  when label=green,,red\n  then hold=yes", 2, 20, "an empty value between commas" },
        { "rule a\n  when label=green, amber\n  then hold=yes", 2, 21, "a blank after a comma ends the list: write the values as one word, e.g. label=green,amber" },
        { "rule a\n  then hold=yes # why", 2, 17, "a comment takes a whole line" },
        { "rule r\n  when lable=red\n  then hold=yes", 2, 8, "unknown condition 'lable' (did you mean 'label'?)" },
        { "rule r\n  then hodl=yes", 2, 8, "unknown action 'hodl' (did you mean 'hold'?)" },
        { "rule r\n  when deliver=all\n  then hold=yes", 2, 8, "'deliver' is an action: put it on the rule's 'then' line" },
        { "rule r\n  when label=red\n  then kind=early-warning", 3, 8, "'kind' is a condition: put it on the rule's 'when' line" },
        { "rule r\n  then label=amber", 2, 8, "to raise the label write raise=amber" },
        { "rule r\n  when label=red\n  when label=amber\n  then hold=yes", 3, 8, "'label' is already given on line 2" },
        // Condition values.
        { "rule r\n  when direction=sent\n  then hold=yes", 2, 18, "'sent' is not a direction: write submitted (by a member of this node) or received (from a peer)" },
        { "rule r\n  when direction=recieved\n  then hold=yes", 2, 18, "(did you mean 'received'?)" },
        { "rule r\n  when label=red\u3000kind=drill\n  then hold=yes", 2, 17, "a full-width space (全角スペース)" },
        { "rule r\n  when kind=incident\n  then hold=yes", 2, 13, "'incident' is not an item kind (did you mean 'incident-report'?)" },
        { "rule r\n  when kind=incident-report,foo\n  then hold=yes", 2, 29, "'foo' is not an item kind" },
        { "rule r\n  when label=orange\n  then hold=yes", 2, 14, "'orange' is not a TLP label" },
        { "rule r\n  when sector=gas,bank\n  then hold=yes", 2, 19, "'bank' is not a sector code of vocabulary 2014" },
        { "rule r\n  when sector=financ\n  then hold=yes", 2, 15, "(did you mean 'finance'?)" },
        { "rule r\n  when threat=attack.virus\n  then hold=yes", 2, 15, "'attack.virus' is not a threat type of vocabulary 2014" },
        { "rule r\n  when threat=foo.*\n  then hold=yes", 2, 15, "'foo.*' names no threat-type family" },
        { "rule r\n  when exercise=true\n  then hold=yes", 2, 17, "write exercise=yes or exercise=no" },
        { "rule r\n  when exercise=yes,no\n  then hold=yes", 2, 21, "'exercise' takes one value" },
        { "rule r\n  when origin=Bank-Ceptoar\n  then hold=yes", 2, 15, "'Bank-Ceptoar' is not a node id" },
        { "rule r\n  when from=x\n  then hold=yes", 2, 13, "'x' is not a node id" },
        { "rule r\n  when member=X\n  then hold=yes", 2, 15, "'X' is not a member id" },
        { "rule r\n  when tag=Region:kanto\n  then hold=yes", 2, 12, "'Region:kanto' is not a member tag" },
        // Action values.
        { "rule r\n  then deliver=everyone", 2, 16, "'everyone' is not a delivery: write all, none, or a comma list of sector:CODE" },
        { "rule r\n  then deliver=sectors:gas", 2, 16, "(did you mean 'sector:'?)" },
        { "rule r\n  then deliver=all,sector:gas", 2, 16, "deliver=all cannot be combined with other values" },
        { "rule r\n  then deliver=sector:gas,none", 2, 27, "deliver=none cannot be combined with other values" },
        { "rule r\n  then deliver=sector:", 2, 16, "'sector:' names nothing" },
        { "rule r\n  then deliver=sector:bank", 2, 23, "'bank' is not a sector code" },
        { "rule r\n  then deliver=tag:x,member:Y", 2, 29, "'Y' is not a member id" },
        { "rule r\n  then forward=nisc", 2, 16, "(to forward only to that peer, write peer:nisc)" },
        { "rule r\n  then forward=peer:NISC", 2, 21, "'NISC' is not a node id" },
        { "rule r\n  then forward=none,peer:nisc", 2, 16, "forward=none cannot be combined" },
        { "rule r\n  then attribution=hide", 2, 20, "'hide' is not an attribution: write keep" },
        { "rule r\n  then obfuscate=maybe", 2, 18, "write obfuscate=yes or obfuscate=no" },
        { "rule r\n  then hold=1", 2, 13, "write hold=yes or hold=no" },
        { "rule r\n  then hold=yes,no", 2, 17, "'hold' takes one value" },
        { "rule r\n  then raise=orange", 2, 14, "'orange' is not a TLP label" },
        { "rule r\n  then retain=1y", 2, 15, "'1y' is not a number of days: write retain=365d" },
        { "rule r\n  then retain=0d", 2, 15, "0 days is out of range" },
        { "rule r\n  then retain=4000", 2, 15, "4000 days is out of range" },
        // Whole rules.
        { "rule a\n  when label=red\n", 1, 6, "rule 'a' has no 'then' line" },
        { "rule a\n  when label=red,green\n  then raise=amber", 3, 8, "this rule matches red items but asks for raise=amber: a rule can only raise a label" },
        { "rule a\n  then raise=clear", 2, 8, "raise=clear can never raise a label" },
        { "rule a\n  when label=amber+strict\n  then deliver=sector:gas", 3, 8, "never delivered to members: write deliver=none" },
        { "rule a\n  when label=green\n  then raise=amber+strict deliver=member:x-bank", 3, 27, "never delivered to members" },
        { "rule a\n  when label=amber\n  then deliver=all", 3, 8, "AMBER, which is need-to-know: deliver=all would reach no member" },
        { "rule a\n  then hold=yes\nrule b\n  when label=red\n  then hold=no", 3, 6, "rule 'b' can never fire: rule 'a' (line 1) above it has no conditions" },
        { "rule a\n  when direction=received member=x-bank\n  then hold=yes", 2, 27, "member= only matches items submitted by a member" },
        { "rule a\n  when direction=received tag=size-large\n  then hold=yes", 2, 27, "tag= only matches items submitted by a member" },
        { "rule a\n  when direction=submitted from=nisc\n  then hold=yes", 2, 28, "from= only matches items received from a peer" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Parse_Mistake_OneErrorAtItsLineAndColumn(string text, int line, int column, string message)
    {
        var (set, errors) = RuleFile.Parse(text);

        Assert.Null(set);
        var error = Assert.Single(errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.True((line, column) == (error.Line, error.Column), $"expected line {line}, column {column}; got {error}");
    }

    [Fact]
    public void Parse_SeveralMistakes_AllReportedInOrder()
    {
        var text = string.Join('\n',
            "# three mistakes in three rules",
            "rule a",
            "  when label=orange",
            "  then hold=yes",
            "rule b",
            "  then retain=forever",
            "rule c",
            "  when kind=incident-report",
            "  then deliver=everyone");

        var (set, errors) = RuleFile.Parse(text);

        Assert.Null(set);
        Assert.Equal([(3, 14), (6, 15), (9, 16)], errors.Select(e => (e.Line, e.Column)));
    }

    [Fact]
    public void Parse_CarriageReturnLineEnds_SameColumns()
    {
        var (_, errors) = RuleFile.Parse("rule r\r\n  when label=orange\r\n  then hold=yes\r\n");

        Assert.Equal((2, 14), (Assert.Single(errors).Line, errors[0].Column));
    }

    [Fact]
    public void ToString_LineColumnAndMessage()
    {
        var error = new RuleFileError(3, 14, "'orange' is not a TLP label");

        Assert.Equal("line 3, column 14: 'orange' is not a TLP label", error.ToString());
    }
}
