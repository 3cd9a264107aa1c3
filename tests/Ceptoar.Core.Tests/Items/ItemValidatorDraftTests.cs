using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Items;

public sealed class ItemValidatorDraftTests
{
    private static readonly string V4Id = "3f2b8c1e-4d5a-4b6c-9d7e-0123456789ab";
    private static readonly string V7Id = "01974f2e-8c00-7abc-8def-0123456789ab";

    /// <summary>Each case breaks one thing in an otherwise valid GREEN draft and names the one field that must be reported.</summary>
    private static readonly Dictionary<string, (Action<ItemDraft> Break, string Field)> Cases = new()
    {
        ["kind unspecified"] = (d => d.Kind = ItemKind.Unspecified, "draft.kind"),
        ["kind undefined"] = (d => d.Kind = (ItemKind)99, "draft.kind"),
        ["kind receipt"] = (d => d.Kind = ItemKind.Receipt, "draft.kind"),
        ["kind revocation"] = (d => d.Kind = ItemKind.Revocation, "draft.kind"),
        ["tlp unspecified"] = (d => d.Tlp = Tlp.Unspecified, "draft.tlp"),
        ["tlp undefined"] = (d => d.Tlp = (Tlp)99, "draft.tlp"),
        ["tlp negative"] = (d => d.Tlp = (Tlp)(-1), "draft.tlp"),
        ["language one letter"] = (d => d.Language = "j", "draft.language"),
        ["language word"] = (d => d.Language = "japanese", "draft.language"),
        ["language underscore"] = (d => d.Language = "ja_JP", "draft.language"),
        ["language trailing dash"] = (d => d.Language = "ja-", "draft.language"),
        ["language digit first"] = (d => d.Language = "1a", "draft.language"),
        ["language subtag too long"] = (d => d.Language = "en-abcdefghi", "draft.language"),
        ["language too long"] = (d => d.Language = "en-" + string.Join("-", Enumerable.Repeat("abcdefgh", 4)), "draft.language"),
        ["language full-width"] = (d => d.Language = "ｊａ", "draft.language"),
        ["attribution undefined"] = (d => d.Handling.Attribution = (Attribution)7, "draft.handling.attribution"),
        ["permitted action unspecified"] = (d => d.Handling.PermittedActions.Add(PermittedAction.Unspecified), "draft.handling.permitted_actions[1]"),
        ["permitted action undefined"] = (d => d.Handling.PermittedActions[0] = (PermittedAction)42, "draft.handling.permitted_actions[0]"),
        ["in_reply_to v4"] = (d => d.References = new References { InReplyTo = V4Id }, "draft.references.in_reply_to"),
        ["in_reply_to upper case"] = (d => d.References = new References { InReplyTo = V7Id.ToUpperInvariant() }, "draft.references.in_reply_to"),
        ["supersedes junk"] = (d => d.References = new References { Supersedes = { V7Id, "item-1" } }, "draft.references.supersedes[1]"),
        ["supersedes empty entry"] = (d => d.References = new References { Supersedes = { "" } }, "draft.references.supersedes[0]"),
        ["related v4"] = (d => d.References = new References { Related = { V4Id } }, "draft.references.related[0]"),
        ["related duplicate"] = (d => d.References = new References { Related = { V7Id, V7Id } }, "draft.references.related[1]"),
        ["related too many"] = (d => d.References = new References { Related = { Enumerable.Range(0, 101).Select(_ => UuidV7.NewId()) } }, "draft.references.related"),
        ["expires in the past"] = (d => d.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddMinutes(-1)), "draft.expires_at"),
        ["expires now"] = (d => d.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now), "draft.expires_at"),
        ["expires too far"] = (d => d.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(3650).AddSeconds(1)), "draft.expires_at"),
        ["expires bad nanos"] = (d => d.ExpiresAt = new Timestamp { Seconds = TestItems.Now.ToUnixTimeSeconds() + 60, Nanos = 1_000_000_000 }, "draft.expires_at"),
        ["expires negative nanos"] = (d => d.ExpiresAt = new Timestamp { Seconds = TestItems.Now.ToUnixTimeSeconds() + 60, Nanos = -1 }, "draft.expires_at"),
        ["expires after year 9999"] = (d => d.ExpiresAt = new Timestamp { Seconds = 253_402_300_800 }, "draft.expires_at"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public static TheoryData<Tlp> Labels => [.. TestItems.Labels];

    public static TheoryData<ItemKind> FederationKinds => [ItemKind.Receipt, ItemKind.Drill, ItemKind.ModeChange, ItemKind.Release, ItemKind.Revocation];

    public static TheoryData<ItemKind> MemberKinds => [.. ItemValidator.MemberKinds];

    [Theory]
    [MemberData(nameof(Labels))]
    public void ValidateDraft_ValidDraftPerLabel_NoViolations(Tlp tlp)
    {
        var violations = TestItems.Validator().ValidateDraft(TestItems.Draft(tlp), TestItems.Now);

        Assert.Empty(violations);
    }

    [Fact]
    public void ValidateDraft_MinimalGreenDraft_NoViolations()
    {
        var draft = new ItemDraft { Kind = ItemKind.EarlyWarning, Tlp = Tlp.Green, Body = new Body { Title = "t", Summary = "s" } };

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ja-JP")]
    [InlineData("zh-Hant-TW")]
    [InlineData("yue")]
    [InlineData("en-GB-oxendict")]
    [InlineData("sgn-JP")]
    [InlineData("")]
    public void ValidateDraft_PlausibleLanguage_NoViolations(string language)
    {
        var draft = TestItems.Draft();
        draft.Language = language;

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Theory]
    [MemberData(nameof(MemberKinds))]
    public void ValidateDraft_MemberKind_NoViolations(ItemKind kind)
    {
        var draft = TestItems.Draft();
        draft.Kind = kind;
        if (kind == ItemKind.CrimeDamage)
        {
            // A crime-damage report is voluntary and names only incident-handling nodes (docs/MODES.md §3).
            draft.Voluntary = true;
            draft.Audience = new Audience { Roles = { "incident-handling" } };
        }

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void MemberKinds_AreEveryDefinedKindBelowTheFederationKinds()
    {
        var expected = Enum.GetValues<ItemKind>().Where(k => k is > ItemKind.Unspecified and < ItemKind.Receipt);

        Assert.Equal(expected, ItemValidator.MemberKinds);
    }

    [Theory]
    [MemberData(nameof(FederationKinds))]
    public void ValidateDraft_FederationKind_RefusedOnKind(ItemKind kind)
    {
        var draft = TestItems.Draft();
        draft.Kind = kind;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.kind", violation.Field);
        Assert.Contains("created by nodes", violation.Description);
        Assert.Contains("ITEM_KIND_INCIDENT_REPORT", violation.Description);
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ValidateDraft_BadInput_ViolationOnExactField(string caseName)
    {
        var (breakIt, field) = Cases[caseName];
        var draft = TestItems.Draft();
        breakIt(draft);

        var violations = TestItems.Validator().ValidateDraft(draft, TestItems.Now);

        Assert.Equal([field], TestItems.Fields(violations));
        Assert.All(violations, v => Assert.Contains(": ", v.Description));
    }

    [Fact]
    public void ValidateDraft_MissingTlp_SaysWhichLabelsToUse()
    {
        var draft = TestItems.Draft();
        draft.Tlp = Tlp.Unspecified;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("The TLP label is missing: set tlp to one of TLP_CLEAR, TLP_GREEN, TLP_AMBER, TLP_AMBER_STRICT, TLP_RED", violation.Description);
    }

    [Fact]
    public void ValidateDraft_ExpiryAtMaxLifetime_Accepted()
    {
        var draft = TestItems.Draft();
        draft.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(3650));

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_ExpiryBeyondCustomMaxLifetime_Refused()
    {
        var draft = TestItems.Draft();
        draft.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(8));
        var validator = TestItems.Validator(new ItemLimits { MaxLifetime = TimeSpan.FromDays(7) });

        var violation = Assert.Single(validator.ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.expires_at", violation.Field);
        Assert.Contains("7 days", violation.Description);
    }

    [Fact]
    public void ValidateDraft_UnboundedLifetimeAndLastTimestamp_NoOverflow()
    {
        var draft = TestItems.Draft();
        draft.ExpiresAt = new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 };
        var validator = TestItems.Validator(new ItemLimits { MaxLifetime = TimeSpan.MaxValue });

        Assert.Empty(validator.ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_NoExpiry_Accepted()
    {
        var draft = TestItems.Draft();
        draft.ExpiresAt = null;

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_ValidReferences_Accepted()
    {
        var draft = TestItems.Draft();
        draft.References = new References { InReplyTo = V7Id, Supersedes = { UuidV7.NewId() }, Related = { UuidV7.NewId(), UuidV7.NewId() } };

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_NoHandlingNoReferencesNoAudience_Accepted()
    {
        var draft = TestItems.Draft(Tlp.Clear);
        draft.Handling = null;
        draft.References = null;
        draft.Audience = null;

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_ManyProblems_AllReportedTogether()
    {
        var draft = TestItems.Draft(Tlp.AmberStrict);
        draft.Kind = ItemKind.Drill;
        draft.Language = "x";
        draft.Audience = new Audience { WholeFederation = true, Sectors = { "finance" } };
        draft.Body.Title = "";
        draft.Body.Indicators[0].Value = "1";
        draft.Body.Why.ThreatType = "attack.unknown";
        draft.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(-1));

        var fields = TestItems.Fields(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal(
            [
                "draft.audience", "draft.audience.sectors", "draft.audience.whole_federation", "draft.body.indicators[0].value", "draft.body.title",
                "draft.body.why.threat_type", "draft.expires_at", "draft.kind", "draft.language",
            ],
            fields);
    }

    [Fact]
    public void ValidateDraft_ThousandsOfViolations_ListCappedWithSummary()
    {
        var draft = TestItems.Draft();
        draft.Body.Indicators.Clear();
        draft.Body.Indicators.Add(Enumerable.Range(0, 500).Select(_ => new Indicator { Type = IndicatorType.Ipv4, Value = "no" }));

        var violations = TestItems.Validator().ValidateDraft(draft, TestItems.Now);

        Assert.Equal(101, violations.Count);
        Assert.Equal("draft", violations[^1].Field);
        Assert.StartsWith("400 more violations", violations[^1].Description);
    }

    [Fact]
    public void ValidateDraft_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TestItems.Validator().ValidateDraft(null!, TestItems.Now));
    }

    [Fact]
    public void Constructor_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => new ItemValidator(null!, new ItemLimits()));
        Assert.Throws<ArgumentNullException>(() => new ItemValidator(Vocabulary.Default, null!));
    }
}
