using System.Text.Json;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Misp;
using Ceptoar.Core.Tests.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>Item → MISP → item and MISP → item → MISP (docs/INTERCHANGE.md §2.5).</summary>
public sealed class MispRoundTripTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<Tlp> Labels => [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    [Theory]
    [MemberData(nameof(Labels))]
    public void ItemToMispToItem_EveryLabel_KeepsIndicatorsLabelKindAndTexts(Tlp tlp)
    {
        var item = FullItem(tlp);

        var draft = Assert.Single(Import(MispExport.Events([new ExportedItem(item, Now)], new ExportContext("council-ceptoar", Now))).Drafts).Draft;

        Assert.Equal(tlp, draft.Tlp);
        Assert.Equal(item.Kind, draft.Kind);
        Assert.Equal(item.Exercise, draft.Exercise);
        Assert.Equal(item.Language, draft.Language);
        Assert.Equal(item.Body, draft.Body);
    }

    public static TheoryData<ItemKind> Kinds =>
    [
        ItemKind.IncidentReport, ItemKind.EarlyWarning, ItemKind.AttackMethod, ItemKind.RecoveryMethod, ItemKind.RelatedInformation,
        ItemKind.CoordinationRequest, ItemKind.DamageReport, ItemKind.ResponseStatus, ItemKind.VulnerabilityInformation,
    ];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ItemToMispToItem_EveryMemberKind_KeepsTheKind(ItemKind kind)
    {
        var item = FullItem(Tlp.Green);
        item.Kind = kind;

        Assert.Equal(kind, Assert.Single(Import(Export(item)).Drafts).Draft.Kind);
    }

    [Theory]
    [InlineData(Severity.None)]
    [InlineData(Severity.Low)]
    [InlineData(Severity.Medium)]
    [InlineData(Severity.High)]
    [InlineData(Severity.Extreme)]
    public void ItemToMispToItem_EverySeverity_KeepsTheSeverity(Severity severity)
    {
        var item = FullItem(Tlp.Green);
        item.Body.Severity = severity;

        Assert.Equal(severity, Assert.Single(Import(Export(item)).Drafts).Draft.Body.Severity);
    }

    [Fact]
    public void ItemToMispToItem_Exercise_StaysAnExercise()
    {
        var item = FullItem(Tlp.Green);
        item.Exercise = true;

        Assert.True(Assert.Single(Import(Export(item)).Drafts).Draft.Exercise);
    }

    [Fact]
    public void ItemToMispToItem_ItemWithOnlyTitleAndSummary_HasNoEmptyParts()
    {
        var item = TestItems.Item(Tlp.Green);
        item.Body = new Body { Title = "Short", Summary = "Only a summary" };

        var body = Assert.Single(Import(Export(item)).Drafts).Draft.Body;

        Assert.Equal("Short", body.Title);
        Assert.Equal("Only a summary", body.Summary);
        Assert.Null(body.Why);
        Assert.Null(body.Where);
        Assert.Null(body.How);
        Assert.Empty(body.Indicators);
    }

    [Fact]
    public void MispToItemToMisp_ForeignEvent_KeepsAttributesLabelAndTexts()
    {
        // Attribute types that have one indicator type each and come back as the same MISP type; to_ids as MISP sets it.
        (string Type, string Value, string Comment, bool ToIds)[] attributes =
        [
            ("ip-dst", "192.0.2.10", "C2", true),
            ("ip-dst", "2001:db8::10", "C2 over IPv6", true),
            ("domain", "evil.example.com", "", true),
            ("url", "https://evil.example.com/login", "landing page", true),
            ("email-src", "phish@evil.example.com", "sender", true),
            ("md5", "d41d8cd98f00b204e9800998ecf8427e", "", true),
            ("sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "", true),
            ("sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "dropper", true),
            ("vulnerability", "CVE-2024-3400", "exploited", false),
            ("text", "operators speak Japanese", "", false),
        ];
        var json = MispImportTests.Event(["tlp:amber+strict"],
            [.. attributes.Select((a, i) => MispImportTests.Attribute(a.Type, a.Value, a.Comment, uuid: $"0000000{i}-0000-4000-8000-000000000000"))]);

        var draft = Assert.Single(MispImportTests.Read(json).Drafts).Draft;
        var ev = Event(Export(ItemFrom(draft)));

        Assert.Equal("Phishing wave against online banking", ev.GetProperty("info").GetString());
        Assert.Contains("tlp:amber+strict", MispExportTests.Tags(ev));
        Assert.Equal("0", ev.GetProperty("distribution").GetString());
        var indicators = MispExportTests.Attributes(ev)
            .Where(a => !a.TryGetProperty("Tag", out _))
            .Select(a => (a.GetProperty("type").GetString()!, a.GetProperty("value").GetString()!, a.GetProperty("comment").GetString()!, a.GetProperty("to_ids").GetBoolean()));
        Assert.Equal(attributes, indicators);
    }

    [Fact]
    public void MispToItemToMisp_OurOwnEvent_ComesBackTheSameButForUuids()
    {
        var item = FullItem(Tlp.Amber);
        var first = Event(Export(item));

        var draft = Assert.Single(Import(Export(item)).Drafts).Draft;
        var second = Event(Export(ItemFrom(draft)));

        Assert.Equal(first.GetProperty("info").GetString(), second.GetProperty("info").GetString());
        Assert.Equal(first.GetProperty("date").GetString(), second.GetProperty("date").GetString());
        Assert.Equal(first.GetProperty("distribution").GetString(), second.GetProperty("distribution").GetString());
        Assert.Equal(first.GetProperty("threat_level_id").GetString(), second.GetProperty("threat_level_id").GetString());
        Assert.Equal(first.GetProperty("analysis").GetString(), second.GetProperty("analysis").GetString());
        Assert.Equal(MispExportTests.Tags(first), MispExportTests.Tags(second));
        Assert.Equal(Shapes(first), Shapes(second));
    }

    [Fact]
    public void ItemToMispToItem_RevokedItem_IsRefusedNotImported()
    {
        var withdrawal = new Withdrawal { State = "revoked", ByItemId = "01974f2e-9000-7abc-8def-0123456789ab", Reason = "誤送信" };
        var document = MispExport.Events([new ExportedItem(FullItem(Tlp.Green), Now, withdrawal)], new ExportContext("council-ceptoar", Now));

        var outcome = Import(document);

        Assert.Empty(outcome.Drafts);
        Assert.Equal(("01974f2e-8c00-7abc-8def-0123456789ab", "withdrawn"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    /// <summary>An item with every field the mapping carries and one indicator of each type; no reporter, which a draft cannot carry.</summary>
    private static Item FullItem(Tlp tlp)
    {
        var item = MispTestItems.Item(tlp);
        item.SubmittedBy = null;
        item.Body.Indicators.Clear();
        item.Body.Indicators.Add(
        [
            new Indicator { Type = IndicatorType.Ipv4, Value = "192.0.2.44", Description = "接続元" },
            new Indicator { Type = IndicatorType.Ipv6, Value = "2001:db8::44", Description = "" },
            new Indicator { Type = IndicatorType.Domain, Value = "evil.example.com", Description = "C2" },
            new Indicator { Type = IndicatorType.Url, Value = "https://evil.example.com/a?b=c", Description = "ログイン画面" },
            new Indicator { Type = IndicatorType.Email, Value = "phish@evil.example.com", Description = "差出人" },
            new Indicator { Type = IndicatorType.Md5, Value = "d41d8cd98f00b204e9800998ecf8427e", Description = "" },
            new Indicator { Type = IndicatorType.Sha1, Value = "da39a3ee5e6b4b0d3255bfef95601890afd80709", Description = "" },
            new Indicator { Type = IndicatorType.Sha256, Value = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Description = "" },
            new Indicator { Type = IndicatorType.Cve, Value = "CVE-2024-3400", Description = "悪用を確認" },
            new Indicator { Type = IndicatorType.FreeText, Value = "60 秒ごとに通信", Description = "挙動" },
        ]);
        return item;
    }

    private static Item ItemFrom(ItemDraft draft) => new()
    {
        Id = "01974f2e-a000-7abc-8def-0123456789ab",
        OriginNode = "electricity-ceptoar",
        CreatedAt = Timestamp.FromDateTimeOffset(Now),
        Kind = draft.Kind,
        Tlp = draft.Tlp,
        Exercise = draft.Exercise,
        Language = draft.Language,
        Body = draft.Body,
    };

    private static byte[] Export(Item item) => MispExport.Events([new ExportedItem(item, Now)], new ExportContext("council-ceptoar", Now));

    private static ImportOutcome Import(byte[] document) => MispImport.Read(document, MispImportTests.Options);

    private static JsonElement Event(byte[] document)
    {
        using var parsed = JsonDocument.Parse(document);
        return parsed.RootElement.GetProperty("response")[0].GetProperty("Event").Clone();
    }

    private static List<string> Shapes(JsonElement ev) =>
    [
        .. MispExportTests.Attributes(ev).Select(a => string.Join("|", a.GetProperty("type").GetString(), a.GetProperty("category").GetString(),
            a.GetProperty("to_ids").GetBoolean(), a.GetProperty("value").GetString(), a.GetProperty("comment").GetString(),
            a.TryGetProperty("Tag", out _) ? MispExportTests.Tags(a).Single() : "-")),
    ];
}
