using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

/// <summary>
/// The validator's descriptions in both languages: English in Description (what audit, logs and peers get) whatever the
/// thread's culture, Japanese when a reader asks for it, with field paths, enum names and numbers as they are.
/// </summary>
public sealed class ItemValidatorLanguageTests
{
    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    [Fact]
    public void DescriptionIn_Japanese_ComposesTheFieldNameAndTheRuleInJapanese()
    {
        var draft = TestItems.Draft();
        draft.Body.Title = "";

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.body.title", violation.Field);
        Assert.Equal("件名がありません: 目に見える文字を 1〜200 文字で書いてください", violation.DescriptionIn(Japanese));
        Assert.Equal("The title is missing: write at least one visible character (at most 200)", violation.Description);
    }

    [Fact]
    public void DescriptionIn_JapaneseForAnIndicator_KeepsTheEnumNameAndNumbers()
    {
        var draft = TestItems.Draft();
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Sha256, Value = new string('a', 63) });

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.body.indicators[2].value", violation.Field);
        Assert.Equal("INDICATOR_TYPE_SHA256 の値が16 進の SHA-256 ダイジェストではありません: 16 進数 64 文字が必要ですが、63 文字です", violation.DescriptionIn(Japanese));
        Assert.Equal("The INDICATOR_TYPE_SHA256 value is not a hex SHA-256 digest: expected 64 hex characters, got 63", violation.Description);
    }

    [Fact]
    public void DescriptionIn_JapaneseForAnAmberAudience_KeepsTlpNamesAndFieldPaths()
    {
        var draft = TestItems.Draft(Tlp.Amber);
        draft.Audience = new Audience();

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.audience", violation.Field);
        Assert.Equal(
            "TLP_AMBER の情報に受信者がありません: audience.nodes にノードIDを、audience.sectors に分野コードを、audience.roles に役割を、または audience.sector_ministries に分野を 1 つ以上指定してください",
            violation.DescriptionIn(Japanese));
    }

    [Fact]
    public void DescriptionIn_EnglishCultures_IsTheEnglishDescription()
    {
        var draft = TestItems.Draft();
        draft.Kind = ItemKind.Unspecified;

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.StartsWith("The kind is missing: set kind to one of ITEM_KIND_INCIDENT_REPORT", violation.Description, StringComparison.Ordinal);
        Assert.Equal(violation.Description, violation.DescriptionIn(CultureInfo.GetCultureInfo("en-GB")));
        Assert.Equal(violation.Description, violation.DescriptionIn(CultureInfo.InvariantCulture));
        Assert.StartsWith("種別がありません: kind には ITEM_KIND_INCIDENT_REPORT", violation.DescriptionIn(Japanese), StringComparison.Ordinal);
    }

    [Fact]
    public void Description_ThreadCultureJapanese_StaysEnglish()
    {
        var draft = TestItems.Draft();
        draft.Body.Summary = "   ";
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Japanese;
        try
        {
            var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

            Assert.Equal("The summary is only whitespace: write at least one visible character (at most 4,000)", violation.Description);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void DescriptionIn_JapaneseForTooManyViolations_CountsTheRestInJapanese()
    {
        var draft = TestItems.Draft();
        for (var i = 0; i < Violations.MaxListed + 3; i++)
        {
            draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Ipv4, Value = "300.0.0.1" });
        }

        var last = TestItems.Validator().ValidateDraft(draft, TestItems.Now)[^1];

        Assert.Equal("draft", last.Field);
        Assert.Equal("3 more violations are not listed: fix the ones above and validate again", last.Description);
        Assert.Equal("ほかに 3 件の誤りがあります（一覧にはありません）: 上の誤りを直してから、もう一度検証してください", last.DescriptionIn(Japanese));
    }
}
