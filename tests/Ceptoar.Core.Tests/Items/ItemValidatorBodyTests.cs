using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Items;

public sealed class ItemValidatorBodyTests
{
    private static readonly Dictionary<string, (Action<Body> Break, string Field)> Cases = new()
    {
        ["title empty"] = (b => b.Title = "", "draft.body.title"),
        ["title whitespace"] = (b => b.Title = " \t\n ", "draft.body.title"),
        ["title too long"] = (b => b.Title = new string('題', 201), "draft.body.title"),
        ["title bell"] = (b => b.Title = "alert\a", "draft.body.title"),
        ["title NUL"] = (b => b.Title = "a\0b", "draft.body.title"),
        ["title DEL"] = (b => b.Title = "a\u007Fb", "draft.body.title"),
        ["title C1 control"] = (b => b.Title = "a\u0085b", "draft.body.title"),
        ["title lone high surrogate"] = (b => b.Title = "a\uD83Db", "draft.body.title"),
        ["title lone low surrogate"] = (b => b.Title = "a\uDE00", "draft.body.title"),
        ["title surrogates reversed"] = (b => b.Title = "\uDE00\uD83D", "draft.body.title"),
        ["summary empty"] = (b => b.Summary = "", "draft.body.summary"),
        ["summary whitespace"] = (b => b.Summary = "   ", "draft.body.summary"),
        ["summary too long"] = (b => b.Summary = new string('s', 4_001), "draft.body.summary"),
        ["summary escape"] = (b => b.Summary = "colour \u001B[31m red", "draft.body.summary"),
        ["what too long"] = (b => b.What = new string('w', 20_001), "draft.body.what"),
        ["what vertical tab"] = (b => b.What = "a\vb", "draft.body.what"),
        ["what whitespace only"] = (b => b.What = "  ", "draft.body.what"),
        ["affected empty entry"] = (b => b.Affected.Add(""), "draft.body.affected[1]"),
        ["affected entry too long"] = (b => b.Affected[0] = new string('a', 501), "draft.body.affected[0]"),
        ["affected too many"] = (b => b.Affected.Add(Enumerable.Range(0, 100).Select(i => $"party {i}")), "draft.body.affected"),
        ["affected control"] = (b => b.Affected[0] = "a\u0001", "draft.body.affected[0]"),
        ["systems empty entry"] = (b => b.Where.Systems.Add(" "), "draft.body.where.systems[1]"),
        ["services control"] = (b => b.Where.Services.Add("mail\u0008"), "draft.body.where.services[0]"),
        ["regions too long"] = (b => b.Where.Regions[0] = new string('r', 501), "draft.body.where.regions[0]"),
        ["regions too many"] = (b => b.Where.Regions.Add(Enumerable.Range(0, 101).Select(i => $"r{i}")), "draft.body.where.regions"),
        ["actions empty entry"] = (b => b.How.ActionsTaken.Add(""), "draft.body.how.actions_taken[1]"),
        ["actions too many"] = (b => b.How.ActionsTaken.Add(Enumerable.Range(0, 100).Select(i => $"a{i}")), "draft.body.how.actions_taken"),
        ["status undefined"] = (b => b.How.Status = (HandlingStatus)9, "draft.body.how.status"),
        ["severity undefined"] = (b => b.Severity = (Severity)5, "draft.body.severity"),
        ["severity negative"] = (b => b.Severity = (Severity)(-1), "draft.body.severity"),
        ["threat type unknown"] = (b => b.Why.ThreatType = "attack.alien", "draft.body.why.threat_type"),
        ["threat type upper case"] = (b => b.Why.ThreatType = "Attack.Intrusion", "draft.body.why.threat_type"),
        ["threat type family only"] = (b => b.Why.ThreatType = "attack", "draft.body.why.threat_type"),
        ["threat type whitespace"] = (b => b.Why.ThreatType = " ", "draft.body.why.threat_type"),
        ["cause too long"] = (b => b.Why.Cause = new string('c', 4_001), "draft.body.why.cause"),
        ["cause control"] = (b => b.Why.Cause = "\u0002", "draft.body.why.cause"),
        ["occurred far future"] = (b => (b.OccurredAt, b.DetectedAt) = (Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(1).AddSeconds(1)), null), "draft.body.occurred_at"),
        ["detected far future"] = (b => b.DetectedAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(2)), "draft.body.detected_at"),
        ["detected before occurred"] = (b => b.DetectedAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddHours(-6)), "draft.body.detected_at"),
        ["occurred bad nanos"] = (b => b.OccurredAt = new Timestamp { Seconds = 1, Nanos = 1_000_000_000 }, "draft.body.occurred_at"),
        ["occurred before year 1"] = (b => b.OccurredAt = new Timestamp { Seconds = -62_135_596_801 }, "draft.body.occurred_at"),
        ["detected after year 9999"] = (b => b.DetectedAt = new Timestamp { Seconds = long.MaxValue }, "draft.body.detected_at"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ValidateDraft_BadBody_ViolationOnExactField(string caseName)
    {
        var (breakIt, field) = Cases[caseName];
        var draft = TestItems.Draft();
        breakIt(draft.Body);

        var violations = TestItems.Validator().ValidateDraft(draft, TestItems.Now);

        Assert.Equal([field], TestItems.Fields(violations));
        Assert.All(violations, v => Assert.Contains(": ", v.Description));
    }

    [Fact]
    public void ValidateDraft_NoBody_ViolationOnBody()
    {
        var draft = TestItems.Draft();
        draft.Body = null;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.body", violation.Field);
    }

    [Fact]
    public void ValidateDraft_EmptyBody_TitleAndSummaryReported()
    {
        var draft = TestItems.Draft();
        draft.Body = new Body();

        Assert.Equal(["draft.body.summary", "draft.body.title"], TestItems.Fields(TestItems.Validator().ValidateDraft(draft, TestItems.Now)));
    }

    [Fact]
    public void ValidateDraft_TextsAtTheirLimits_Accepted()
    {
        var draft = TestItems.Draft();
        draft.Body.Title = new string('題', 200);
        draft.Body.Summary = new string('s', 4_000);
        draft.Body.What = new string('w', 20_000);
        draft.Body.Affected[0] = new string('a', 500);
        draft.Body.Where.Systems.Add(Enumerable.Range(1, 99).Select(i => $"system {i}"));

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_CustomLimits_Honoured()
    {
        var draft = TestItems.Draft();
        var validator = TestItems.Validator(new ItemLimits { MaxTitleChars = 5, MaxListEntries = 1, MaxShortTextChars = 3 });
        draft.Body.Title = "123456";
        draft.Body.Where.Systems[0] = "abcd";
        draft.Body.Where.Regions.Add("two");

        var fields = TestItems.Fields(validator.ValidateDraft(draft, TestItems.Now));

        Assert.Contains("draft.body.title", fields);
        Assert.Contains("draft.body.where.systems[0]", fields);
        Assert.Contains("draft.body.where.regions", fields);
    }

    [Fact]
    public void ValidateDraft_LineBreaksTabsEmojiAndJapanese_Accepted()
    {
        var draft = TestItems.Draft();
        draft.Body.Title = "障害発生 🚨\t第1報";
        draft.Body.Summary = "一行目\r\n二行目\n三行目";
        draft.Body.What = "\U0001F469\u200D\U0001F4BB zero-width joiner and \u202E bidi override are format characters, not controls";

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_TimesUnsetOrWithinADay_Accepted()
    {
        var draft = TestItems.Draft();
        draft.Body.OccurredAt = null;
        draft.Body.DetectedAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(1));

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_DetectedEqualsOccurred_Accepted()
    {
        var draft = TestItems.Draft();
        draft.Body.DetectedAt = draft.Body.OccurredAt.Clone();

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_EmptyWhyAndHow_Accepted()
    {
        var draft = TestItems.Draft();
        draft.Body.Why = new Why();
        draft.Body.How = new How();
        draft.Body.Where = null;

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Theory]
    [MemberData(nameof(ThreatTypeCodes))]
    public void ValidateDraft_EveryVocabularyThreatType_Accepted(string code)
    {
        var draft = TestItems.Draft();
        draft.Body.Why.ThreatType = code;

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_ControlCharacter_DescriptionNamesCodePointNotContent()
    {
        var draft = TestItems.Draft();
        draft.Body.Title = "secret-name\u0007";

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Contains("U+0007", violation.Description);
        Assert.Contains("position 11", violation.Description);
        Assert.DoesNotContain("secret-name", violation.Description);
    }

    public static TheoryData<string> ThreatTypeCodes => [.. Vocabulary.Default.ThreatTypes.Keys];
}
