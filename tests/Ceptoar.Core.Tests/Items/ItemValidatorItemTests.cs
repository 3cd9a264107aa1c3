using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Items;

public sealed class ItemValidatorItemTests
{
    private static readonly Dictionary<string, (Action<Item> Break, string Field)> Cases = new()
    {
        ["id empty"] = (i => i.Id = "", "item.id"),
        ["id v4"] = (i => i.Id = "3f2b8c1e-4d5a-4b6c-9d7e-0123456789ab", "item.id"),
        ["id upper case"] = (i => i.Id = "01974F2E-8C00-7ABC-8DEF-0123456789AB", "item.id"),
        ["origin empty"] = (i => i.OriginNode = "", "item.origin_node"),
        ["origin upper case"] = (i => i.OriginNode = "Bank-ceptoar", "item.origin_node"),
        ["created missing"] = (i => i.CreatedAt = null, "item.created_at"),
        ["created invalid"] = (i => i.CreatedAt = new Timestamp { Seconds = 1, Nanos = -5 }, "item.created_at"),
        ["expires missing"] = (i => i.ExpiresAt = null, "item.expires_at"),
        ["expires equals created"] = (i => i.ExpiresAt = i.CreatedAt.Clone(), "item.expires_at"),
        ["expires before created"] = (i => i.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddSeconds(-1)), "item.expires_at"),
        ["expires invalid"] = (i => i.ExpiresAt = new Timestamp { Seconds = long.MinValue }, "item.expires_at"),
        ["kind unspecified"] = (i => i.Kind = ItemKind.Unspecified, "item.kind"),
        ["kind undefined"] = (i => i.Kind = (ItemKind)99, "item.kind"),
        ["tlp unspecified"] = (i => i.Tlp = Tlp.Unspecified, "item.tlp"),
        ["tlp undefined"] = (i => i.Tlp = (Tlp)99, "item.tlp"),
        ["language bad"] = (i => i.Language = "japanese", "item.language"),
        ["amber whole federation"] = (i => i.Audience.WholeFederation = true, "item.audience.whole_federation"),
        ["audience bad node"] = (i => i.Audience.Nodes.Add("x"), "item.audience.nodes[0]"),
        ["handling attribution undefined"] = (i => i.Handling.Attribution = (Attribution)9, "item.handling.attribution"),
        ["body missing"] = (i => i.Body = null, "item.body"),
        ["title missing"] = (i => i.Body.Title = "", "item.body.title"),
        ["indicator bad"] = (i => i.Body.Indicators[0].Value = "1", "item.body.indicators[0].value"),
        ["occurred far after creation"] = (i => (i.Body.OccurredAt, i.Body.DetectedAt) = (Timestamp.FromDateTimeOffset(TestItems.Now.AddDays(3)), null), "item.body.occurred_at"),
        ["references bad"] = (i => i.References = new References { Related = { "x" } }, "item.references.related[0]"),
        ["submitter node empty"] = (i => i.SubmittedBy.Node = "", "item.submitted_by.node"),
        ["submitter of another node"] = (i => i.SubmittedBy.Node = "gas-ceptoar", "item.submitted_by.node"),
        ["submitter member id empty"] = (i => i.SubmittedBy.MemberId = "", "item.submitted_by.member_id"),
        ["submitter member id bad"] = (i => i.SubmittedBy.MemberId = "Example Bank", "item.submitted_by.member_id"),
        ["submitter display name control"] = (i => i.SubmittedBy.DisplayName = "Bank\u0000", "item.submitted_by.display_name"),
        ["submitter display name too long"] = (i => i.SubmittedBy.DisplayName = new string('n', 501), "item.submitted_by.display_name"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public static TheoryData<Tlp> Labels => [.. TestItems.Labels];

    public static TheoryData<ItemKind> AllKinds => [.. Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Unspecified)];

    [Theory]
    [MemberData(nameof(Labels))]
    public void ValidateItem_ValidItemPerLabel_NoViolations(Tlp tlp)
    {
        Assert.Empty(TestItems.Validator().ValidateItem(TestItems.Item(tlp)));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void ValidateItem_AnyDefinedKindIncludingFederationKinds_NoViolations(ItemKind kind)
    {
        var item = kind switch { ItemKind.Drill => TestItems.Drill(), ItemKind.ExerciseScenario => TestItems.Scenario(), ItemKind.ExerciseResult => TestItems.Result(), ItemKind.ModeChange => TestItems.ModeChange(), ItemKind.CrimeDamage => TestItems.CrimeDamage(), ItemKind.Revocation => TestItems.Revocation(), _ => TestItems.Item() };
        item.Kind = kind;

        Assert.Empty(TestItems.Validator().ValidateItem(item));
    }

    [Fact]
    public void ValidateItem_FreshlyMintedId_NoViolations()
    {
        var item = TestItems.Item();
        item.Id = UuidV7.NewId();
        item.SubmittedBy = null;

        Assert.Empty(TestItems.Validator().ValidateItem(item));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void ValidateItem_BadInput_ViolationOnExactField(string caseName)
    {
        var (breakIt, field) = Cases[caseName];
        var item = TestItems.Item(Tlp.Amber);
        breakIt(item);

        var violations = TestItems.Validator().ValidateItem(item);

        Assert.Equal([field], TestItems.Fields(violations));
        Assert.All(violations, v => Assert.Contains(": ", v.Description));
    }

    [Fact]
    public void ValidateItem_ManyProblems_AllReportedWithItemPrefix()
    {
        var item = TestItems.Item(Tlp.Red);
        item.Id = "1";
        item.OriginNode = "";
        item.CreatedAt = null;
        item.Audience = new Audience { Sectors = { "finance" } };
        item.Body.Summary = "";
        item.SubmittedBy.MemberId = "";

        var fields = TestItems.Fields(TestItems.Validator().ValidateItem(item));

        Assert.Equal(
            [
                "item.audience", "item.audience.sectors", "item.body.summary", "item.created_at", "item.id", "item.origin_node",
                "item.submitted_by.member_id",
            ],
            fields);
    }

    [Fact]
    public void ValidateItem_FarFutureBodyTimeWithoutCreationTime_OnlyCreationReported()
    {
        var item = TestItems.Item();
        item.CreatedAt = null;
        item.Body.OccurredAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddYears(5));
        item.Body.DetectedAt = null;

        Assert.Equal(["item.created_at"], TestItems.Fields(TestItems.Validator().ValidateItem(item)));
    }

    [Fact]
    public void ValidateItem_ExpiryBeyondTheDraftLimit_Accepted()
    {
        // The origin applied its own node's limit; a receiver must not reject an item over a local setting.
        var item = TestItems.Item();
        item.ExpiresAt = Timestamp.FromDateTimeOffset(TestItems.Now.AddYears(20));

        Assert.Empty(TestItems.Validator().ValidateItem(item));
    }

    [Fact]
    public void ValidateItem_TimesAtTheEndsOfTheTimestampRange_ReportedWithoutOverflow()
    {
        var item = TestItems.Item();
        item.CreatedAt = new Timestamp { Seconds = 253_402_300_799, Nanos = 999_999_999 };
        item.ExpiresAt = item.CreatedAt.Clone();
        item.Body.OccurredAt = new Timestamp { Seconds = -62_135_596_800 };
        item.Body.DetectedAt = new Timestamp { Seconds = 253_402_300_799 };

        Assert.Equal(["item.expires_at"], TestItems.Fields(TestItems.Validator().ValidateItem(item)));
    }

    [Fact]
    public void ValidateItem_ManyThreadsAtOnce_SameAnswers()
    {
        var validator = TestItems.Validator();
        var item = TestItems.Item();
        item.Body.Indicators.Add(new Indicator { Type = IndicatorType.Domain, Value = "日本語.jp" });
        item.Body.Indicators.Add(new Indicator { Type = IndicatorType.Email, Value = "a@例え.テスト" });
        item.Body.Indicators.Add(new Indicator { Type = IndicatorType.Url, Value = "http://1/" });
        var counts = new int[2_000];

        Parallel.For(0, counts.Length, i => counts[i] = validator.ValidateItem(item).Count);

        Assert.All(counts, c => Assert.Equal(1, c));
    }

    [Fact]
    public void ValidateItem_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TestItems.Validator().ValidateItem(null!));
    }
}
