using System.Text.Json;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Stix;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>STIX → item → STIX keeps indicators, label and texts (issue 16 §2).</summary>
public sealed class StixRoundTripTests
{
    private static readonly ImportOptions Options = new(null, 10_000_000);

    public static TheoryData<Tlp, ItemKind, bool> Cases()
    {
        var data = new TheoryData<Tlp, ItemKind, bool>();
        foreach (var tlp in new[] { Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red })
        {
            foreach (var kind in StixTestItems.MemberKinds)
            {
                data.Add(tlp, kind, kind == ItemKind.EarlyWarning);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExportImportExport_KeepsIndicatorsLabelAndTexts(Tlp tlp, ItemKind kind, bool exercise)
    {
        var original = StixTestItems.Item(tlp: tlp, kind: kind, exercise: exercise);
        var first = StixExport.Bundle([StixTestItems.Exported(original)], StixTestItems.Context);

        var outcome = StixImport.Read(first, Options);

        Assert.Empty(outcome.Refusals);
        var (sourceId, draft) = Assert.Single(outcome.Drafts);
        Assert.Equal("report--b20b4777-9a75-5adf-8ac5-6f383b5f8289", sourceId);
        // The node addresses the import (the audience is never exported); the draft must then pass the submit path's checks.
        draft.Audience = original.Audience.Clone();
        Assert.Empty(new ItemValidator(Vocabulary.Default, new ItemLimits()).ValidateDraft(draft, StixTestItems.Created));

        var stored = AsTheNodeStoresIt(draft, "01938a4e-6f00-7000-8000-0000000000ee");
        Assert.Equal(original.Tlp, stored.Tlp);
        Assert.Equal(original.Kind, stored.Kind);
        Assert.Equal(original.Exercise, stored.Exercise);
        Assert.Equal(original.Language, stored.Language);
        Assert.Equal(original.Voluntary, stored.Voluntary);
        Assert.Equal(original.Body, stored.Body);
        Assert.Equal(original.References, stored.References);

        var second = StixExport.Bundle([StixTestItems.Exported(stored)], StixTestItems.Context);
        StixSchemas.AssertValid(second);
        Assert.Equal(Comparable(first, StixTestItems.ItemId), Comparable(second, stored.Id));
    }

    [Fact]
    public void ImportExport_ForeignReport_KeepsIndicatorsLabelAndTexts()
    {
        var foreign = StixBundles.Bundle(
            StixBundles.Report("report--11111111-1111-4111-8111-111111111111", "Phishing wave", StixBundles.Tlp1Amber, "indicator--22222222-2222-4222-8222-222222222222"),
            StixBundles.Indicator("indicator--22222222-2222-4222-8222-222222222222", "[url:value = 'https://login.evil.example/']", StixBundles.Tlp1Amber));

        var draft = Assert.Single(StixImport.Read(foreign, Options).Drafts).Draft;
        var exported = StixExport.Bundle([StixTestItems.Exported(AsTheNodeStoresIt(draft, "01938a4e-6f00-7000-8000-0000000000ef"))], StixTestItems.Context);

        var objects = JsonDocument.Parse(exported).RootElement.GetProperty("objects").EnumerateArray().ToList();
        var report = objects.Single(o => o.GetProperty("type").GetString() == "report");
        Assert.Equal("Phishing wave", report.GetProperty("name").GetString());
        Assert.Equal("説明: Phishing wave", report.GetProperty("description").GetString());
        Assert.Equal("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421", report.GetProperty("object_marking_refs")[0].GetString());
        Assert.Equal("[url:value = 'https://login.evil.example/']", objects.Single(o => o.GetProperty("type").GetString() == "indicator").GetProperty("pattern").GetString());
    }

    // What ItemIntake does with a member's draft: a new id, this node as origin, the time, the body as drafted.
    private static Item AsTheNodeStoresIt(ItemDraft draft, string id) => new()
    {
        Id = id,
        OriginNode = StixTestItems.Origin,
        CreatedAt = Timestamp.FromDateTimeOffset(StixTestItems.Created),
        ExpiresAt = Timestamp.FromDateTimeOffset(StixTestItems.Created.AddDays(90)),
        Tlp = draft.Tlp,
        Kind = draft.Kind,
        Exercise = draft.Exercise,
        Language = draft.Language,
        Audience = draft.Audience,
        Handling = draft.Handling,
        Body = draft.Body,
        References = draft.References,
        Voluntary = draft.Voluntary,
        SuspectedTerrorism = draft.SuspectedTerrorism,
    };

    // The bundle's objects with what must differ between two items taken out: their ids and the ids derived from them.
    private static List<string> Comparable(byte[] bundle, string itemId)
    {
        var text = System.Text.Encoding.UTF8.GetString(bundle);
        var document = JsonDocument.Parse(text);
        var replacements = document.RootElement.GetProperty("objects").EnumerateArray()
            .Select(o => o.GetProperty("id").GetString()!)
            .Where(id => id.StartsWith("report--", StringComparison.Ordinal) || id.StartsWith("indicator--", StringComparison.Ordinal) || id.StartsWith("vulnerability--", StringComparison.Ordinal))
            .Select((id, n) => (id, n))
            .ToList();
        foreach (var (id, n) in replacements)
        {
            text = text.Replace(id, "object-" + n, StringComparison.Ordinal);
        }

        text = text.Replace(itemId, "item", StringComparison.Ordinal);
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("objects").EnumerateArray().Select(o => o.GetRawText())];
    }
}
