using System.Text.Json;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Stix;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Interchange;

public sealed class StixExportTests
{
    // Expected ids, computed outside the code under test (Python's uuid.uuid5 in the namespace docs/INTERCHANGE.md §1.3 names).
    private const string ReportId = "report--b20b4777-9a75-5adf-8ac5-6f383b5f8289";
    private const string OriginIdentity = "identity--f30354e9-603d-50fb-a33d-6d270993441f";
    private const string ReporterIdentity = "identity--a6e5c8b3-0793-5ab7-b67f-f87d25cbad89";
    private const string FederationIdentity = "identity--c1d1fb15-a529-5b56-8199-862c2aa80d67";
    private const string ExtensionId = "extension-definition--8dccff46-60d1-4b63-9715-6fdf884f0f37";

    // The official TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects), written here, not read from the code.
    private static readonly Dictionary<Tlp, string> Tlp2 = new()
    {
        [Tlp.Clear] = "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        [Tlp.Green] = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        [Tlp.Amber] = "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        [Tlp.AmberStrict] = "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        [Tlp.Red] = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
    };

    // The indicator objects of StixTestItems.EveryIndicator, by position, with the pattern each must carry.
    private static readonly (string Id, string Pattern)[] ExpectedIndicators =
    [
        ("indicator--7fee0329-ccfe-5bbe-8aef-463326dd6539", "[ipv4-addr:value = '203.0.113.7']"),
        ("indicator--70476fa2-8fcd-509e-95ae-dab6fed5a325", "[ipv6-addr:value = '2001:db8::7']"),
        ("indicator--b382cfc7-3e0f-5046-8767-b4df1178adc9", "[domain-name:value = 'evil.example.jp']"),
        ("indicator--9a51db81-07e1-5df7-a9b3-22d6bc68de8d", "[url:value = 'https://evil.example.jp/login?next=\\'x\\'']"),
        ("indicator--2bafb636-569a-5e26-af3e-0c611d8f1f78", "[email-addr:value = 'phish@evil.example.jp']"),
        ("indicator--1fd4a993-aaa3-561f-9f3c-3d733deffa79", "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
        ("indicator--13242592-ce9e-52a6-8980-cc9bd6edd87a", "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']"),
        ("indicator--b290f796-da9c-5b6a-bc74-eccaa0817904", "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"),
    ];

    private const string VulnerabilityId = "vulnerability--45d443a9-a2c2-5555-be69-e40f8d5a1c1f";

    public static TheoryData<Tlp> Labels => new(Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red);

    [Fact]
    public void Bundle_EveryMemberKindLabelAndVariant_ValidatesAgainstTheStixSchemas()
    {
        var items = new List<ExportedItem>();
        var n = 0;
        foreach (var kind in StixTestItems.MemberKinds)
        {
            foreach (var tlp in Labels)
            {
                foreach (var (exercise, submitted) in new[] { (false, false), (true, true) })
                {
                    n++;
                    var id = $"01938a4e-6f00-7000-8000-{n:D12}";
                    items.Add(StixTestItems.Exported(StixTestItems.Item(id, tlp, kind, exercise, submitted)));
                }
            }
        }

        items.Add(StixTestItems.Revoked("01938a4e-6f00-7000-8000-100000000001", Tlp.Red, exercise: true));
        items.Add(StixTestItems.Revoked("01938a4e-6f00-7000-8000-100000000002", Tlp.Clear));
        var superseded = StixTestItems.Exported(StixTestItems.Item("01938a4e-6f00-7000-8000-100000000003")) with
        {
            Withdrawn = new Withdrawal { State = "superseded", ByItemId = "01938a4e-6f00-7000-8000-100000000004", At = StixTestItems.Revoked().Withdrawn!.At },
        };
        items.Add(superseded);
        var bare = StixTestItems.Item("01938a4e-6f00-7000-8000-100000000005", everyIndicator: false);
        bare.Body.Where = null;
        bare.Body.Affected.Clear();
        bare.Body.What = string.Empty;
        bare.Body.Why = null;
        bare.Body.How = null;
        bare.References = null;
        items.Add(StixTestItems.Exported(bare));

        var bundle = StixExport.Bundle(items, StixTestItems.Context);

        StixSchemas.AssertValid(bundle);
        Assert.Equal(items.Count, Objects(bundle).Count(o => o.GetProperty("type").GetString() == "report"));
    }

    [Theory]
    [MemberData(nameof(Labels))]
    public void Bundle_Label_MarksEveryObjectWithTheOfficialTlp2Id(Tlp tlp)
    {
        var bundle = StixExport.Bundle([StixTestItems.Exported(StixTestItems.Item(tlp: tlp, submittedBy: true))], StixTestItems.Context);

        StixSchemas.AssertValid(bundle);
        var objects = Objects(bundle);
        var marked = objects.Where(o => o.GetProperty("type").GetString() is "report" or "indicator" or "vulnerability" || o.GetProperty("id").GetString() == ReporterIdentity).ToList();
        Assert.Equal(11, marked.Count);
        Assert.All(marked, o => Assert.Equal([Tlp2[tlp]], o.GetProperty("object_marking_refs").EnumerateArray().Select(e => e.GetString())));
        var marking = Assert.Single(objects, o => o.GetProperty("type").GetString() == "marking-definition");
        Assert.Equal(Tlp2[tlp], marking.GetProperty("id").GetString());
    }

    [Fact]
    public void Bundle_ItemWithEveryIndicatorType_WritesIdsPatternsAndReferencesLiterally()
    {
        var bundle = StixExport.Bundle([StixTestItems.Exported(StixTestItems.Item(submittedBy: true))], StixTestItems.Context);

        var objects = Objects(bundle).ToDictionary(o => o.GetProperty("id").GetString()!);
        var report = objects[ReportId];
        Assert.Equal("ランサムウェアによる勘定系の停止", report.GetProperty("name").GetString());
        Assert.Equal(OriginIdentity, report.GetProperty("created_by_ref").GetString());
        Assert.Equal("2026-12-01T09:30:00.123Z", report.GetProperty("created").GetString());
        Assert.Equal("ja", report.GetProperty("lang").GetString());
        var reference = Assert.Single(report.GetProperty("external_references").EnumerateArray());
        Assert.Equal("ceptoar", reference.GetProperty("source_name").GetString());
        Assert.Equal(StixTestItems.ItemId, reference.GetProperty("external_id").GetString());
        string[] expectedRefs = [.. ExpectedIndicators.Select(i => i.Id), VulnerabilityId, ReporterIdentity];
        Assert.Equal(expectedRefs, report.GetProperty("object_refs").EnumerateArray().Select(e => e.GetString()));
        foreach (var (id, pattern) in ExpectedIndicators)
        {
            Assert.Equal(pattern, objects[id].GetProperty("pattern").GetString());
            Assert.Equal("stix", objects[id].GetProperty("pattern_type").GetString());
        }

        var vulnerability = objects[VulnerabilityId];
        Assert.Equal("CVE-2024-3400", vulnerability.GetProperty("name").GetString());
        Assert.Contains(vulnerability.GetProperty("external_references").EnumerateArray(),
            r => r.GetProperty("source_name").GetString() == "cve" && r.GetProperty("external_id").GetString() == "CVE-2024-3400");
        Assert.Equal("三菱UFJ銀行", objects[ReporterIdentity].GetProperty("name").GetString());
        Assert.Equal("bank-ceptoar", objects[OriginIdentity].GetProperty("name").GetString());
        Assert.False(objects.ContainsKey(ExtensionId));
    }

    [Fact]
    public void Bundle_Extension_CarriesThe5W1HFieldsAndNoAudience()
    {
        var bundle = StixExport.Bundle([StixTestItems.Exported(StixTestItems.Item())], StixTestItems.Context);

        var report = Objects(bundle).Single(o => o.GetProperty("id").GetString() == ReportId);
        var extension = report.GetProperty("extensions").GetProperty(ExtensionId);
        Assert.Equal("property-extension", extension.GetProperty("extension_type").GetString());
        Assert.Equal("incident-report", extension.GetProperty("kind").GetString());
        Assert.False(extension.GetProperty("exercise").GetBoolean());
        Assert.Equal("high", extension.GetProperty("severity").GetString());
        Assert.Equal("2026-12-01T06:30:00.123Z", extension.GetProperty("occurred_at").GetString());
        Assert.Equal("2026-12-01T07:30:00.123Z", extension.GetProperty("detected_at").GetString());
        Assert.Equal("勘定系", extension.GetProperty("where").GetProperty("systems")[0].GetString());
        Assert.Equal("個人顧客", extension.GetProperty("affected")[0].GetString());
        Assert.Equal("午前6時頃から勘定系サーバのファイルが暗号化された。", extension.GetProperty("what").GetString());
        Assert.Equal("attack.intrusion", extension.GetProperty("why").GetProperty("threat_type").GetString());
        Assert.Equal("contained", extension.GetProperty("how").GetProperty("status").GetString());
        Assert.Equal("不審なPowerShellの実行", extension.GetProperty("free_text_indicators")[0].GetProperty("value").GetString());
        // The audience names recipients (power-ceptoar): it never leaves in an export.
        Assert.DoesNotContain("power-ceptoar", System.Text.Encoding.UTF8.GetString(bundle), StringComparison.Ordinal);
        Assert.DoesNotContain("audience", System.Text.Encoding.UTF8.GetString(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_RevokedItem_IsRevokedWithoutBodyOrIndicators()
    {
        var bundle = StixExport.Bundle([StixTestItems.Revoked(exercise: true)], StixTestItems.Context);

        StixSchemas.AssertValid(bundle);
        var objects = Objects(bundle);
        var report = Assert.Single(objects, o => o.GetProperty("type").GetString() == "report");
        Assert.Equal(ReportId, report.GetProperty("id").GetString());
        Assert.True(report.GetProperty("revoked").GetBoolean());
        Assert.Equal("2026-12-01T14:30:00.123Z", report.GetProperty("modified").GetString());
        Assert.False(report.TryGetProperty("description", out _));
        Assert.Equal([OriginIdentity], report.GetProperty("object_refs").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("exercise", report.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(objects, o => o.GetProperty("type").GetString() is "indicator" or "vulnerability");
        Assert.Equal("revoked", report.GetProperty("extensions").GetProperty(ExtensionId).GetProperty("withdrawn").GetProperty("state").GetString());
    }

    [Fact]
    public void Bundle_RevokedItemThatStillCarriesABody_WritesNoneOfIt()
    {
        var item = StixTestItems.Item();
        var exported = StixTestItems.Revoked() with { Item = item };

        var text = System.Text.Encoding.UTF8.GetString(StixExport.Bundle([exported], StixTestItems.Context));

        Assert.DoesNotContain("ランサムウェア", text, StringComparison.Ordinal);
        Assert.DoesNotContain("203.0.113.7", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CVE-2024-3400", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_SupersededItem_KeepsItsBodyAndNamesTheCorrection()
    {
        var exported = StixTestItems.Exported(StixTestItems.Item()) with
        {
            Withdrawn = new Withdrawal { State = "superseded", ByItemId = "01938a4e-6f00-7000-8000-0000000000bb" },
        };

        var bundle = StixExport.Bundle([exported], StixTestItems.Context);

        StixSchemas.AssertValid(bundle);
        var report = Objects(bundle).Single(o => o.GetProperty("id").GetString() == ReportId);
        Assert.False(report.TryGetProperty("revoked", out _));
        Assert.Contains("superseded", report.GetProperty("labels").EnumerateArray().Select(e => e.GetString()));
        var withdrawn = report.GetProperty("extensions").GetProperty(ExtensionId).GetProperty("withdrawn");
        Assert.Equal("superseded", withdrawn.GetProperty("state").GetString());
        Assert.Equal("01938a4e-6f00-7000-8000-0000000000bb", withdrawn.GetProperty("by_item_id").GetString());
        Assert.Equal(9, report.GetProperty("object_refs").GetArrayLength());
    }

    [Fact]
    public void Bundle_ExerciseItem_LabelsEveryOwnObjectExercise()
    {
        var bundle = StixExport.Bundle([StixTestItems.Exported(StixTestItems.Item(exercise: true))], StixTestItems.Context);

        var own = Objects(bundle).Where(o => o.GetProperty("type").GetString() is "report" or "indicator" or "vulnerability").ToList();
        Assert.Equal(10, own.Count);
        Assert.All(own, o => Assert.Contains("exercise", o.GetProperty("labels").EnumerateArray().Select(e => e.GetString())));
        Assert.True(own.Single(o => o.GetProperty("type").GetString() == "report").GetProperty("extensions").GetProperty(ExtensionId).GetProperty("exercise").GetBoolean());
    }

    // A reporter's name is no more public than the items naming it: (labels of two items by the same reporter, marking of
    // the reporter's identity), written here.
    public static TheoryData<Tlp, Tlp, Tlp> ReporterMarkings => new()
    {
        { Tlp.Clear, Tlp.Clear, Tlp.Clear },
        { Tlp.Clear, Tlp.Green, Tlp.Green },
        { Tlp.Red, Tlp.Green, Tlp.Red },
        { Tlp.Amber, Tlp.AmberStrict, Tlp.AmberStrict },
        { Tlp.AmberStrict, Tlp.Amber, Tlp.AmberStrict },
    };

    [Theory]
    [MemberData(nameof(ReporterMarkings))]
    public void Bundle_ReporterOfItemsWithDifferentLabels_IdentityCarriesTheStrictest(Tlp first, Tlp second, Tlp expected)
    {
        var items = new[]
        {
            StixTestItems.Exported(StixTestItems.Item("01938a4e-6f00-7000-8000-000000000011", first, submittedBy: true, everyIndicator: false)),
            StixTestItems.Exported(StixTestItems.Item("01938a4e-6f00-7000-8000-000000000012", second, submittedBy: true, everyIndicator: false)),
        };

        var reporter = Objects(StixExport.Bundle(items, StixTestItems.Context)).Single(o => o.GetProperty("id").GetString() == ReporterIdentity);

        Assert.Equal([Tlp2[expected]], reporter.GetProperty("object_marking_refs").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Bundle_NoSubmittedBy_HasNoReporterIdentity()
    {
        var bundle = StixExport.Bundle([StixTestItems.Exported(StixTestItems.Item(submittedBy: false))], StixTestItems.Context);

        var identities = Objects(bundle).Where(o => o.GetProperty("type").GetString() == "identity").Select(o => o.GetProperty("id").GetString()).Order().ToList();
        Assert.Equal([OriginIdentity], identities);
        Assert.DoesNotContain("mufg", System.Text.Encoding.UTF8.GetString(bundle), StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_NoItems_IsStillAValidBundle()
    {
        var bundle = StixExport.Bundle([], StixTestItems.Context);

        StixSchemas.AssertValid(bundle);
        Assert.False(JsonDocument.Parse(bundle).RootElement.TryGetProperty("objects", out _));
    }

    [Fact]
    public void ItemObjectsAndSharedObjects_TogetherAreTheBundlesObjectsAndTheExtensionDefinition()
    {
        var items = new[] { StixTestItems.Exported(StixTestItems.Item(submittedBy: true)), StixTestItems.Revoked("01938a4e-6f00-7000-8000-0000000000cc") };

        var parts = StixExport.SharedObjects(items, StixTestItems.Context).Concat(items.SelectMany(i => StixExport.ItemObjects(i, StixTestItems.Context))).ToList();
        var bundle = Objects(StixExport.Bundle(items, StixTestItems.Context));

        var definition = parts.Where(p => p.Id is ExtensionId or FederationIdentity).ToList();
        Assert.Equal(["identity", "extension-definition"], definition.Select(p => p.Type));
        parts = [.. parts.Except(definition)];
        Assert.Equal(bundle.Select(o => o.GetRawText()), parts.Select(p => System.Text.Encoding.UTF8.GetString(p.Json.Span)));
        Assert.Equal(bundle.Select(o => o.GetProperty("id").GetString()), parts.Select(p => p.Id));
        Assert.Equal(bundle.Select(o => o.GetProperty("type").GetString()), parts.Select(p => p.Type));
        var revokedReport = parts.Single(p => p.Id == StixIds.Report("01938a4e-6f00-7000-8000-0000000000cc"));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 30, 0, 123, TimeSpan.Zero), revokedReport.Modified);
    }

    [Fact]
    public void Bundle_ToAStream_WritesTheSameBytesAsTheArray()
    {
        var items = Enumerable.Range(1, 300).Select(n => StixTestItems.Exported(StixTestItems.Item($"01938a4e-6f00-7000-8000-{n:D12}"))).ToList();
        using var stream = new MemoryStream();

        StixExport.Bundle(items, StixTestItems.Context, stream);

        Assert.True(stream.Length > 64 * 1024, "the bundle must span several flushes");
        Assert.Equal(StixExport.Bundle(items, StixTestItems.Context), stream.ToArray());
    }

    [Fact]
    public void SharedObjects_ExtensionDefinition_ValidatesAgainstItsSchemaWithTheFixedIdAndCreator()
    {
        var shared = StixExport.SharedObjects([StixTestItems.Exported(StixTestItems.Item())], StixTestItems.Context);

        var definition = Assert.Single(shared, o => o.Type == "extension-definition");
        Assert.Equal(ExtensionId, definition.Id);
        Assert.Empty(StixSchemas.ObjectErrors(definition.Json, "extension-definition"));
        var json = JsonDocument.Parse(definition.Json).RootElement;
        Assert.Equal(FederationIdentity, json.GetProperty("created_by_ref").GetString());
        Assert.Equal(["property-extension"], json.GetProperty("extension_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(StixSchemas.ObjectErrors(shared.Single(o => o.Id == FederationIdentity).Json, "identity"));
    }

    private static List<JsonElement> Objects(byte[] bundle) =>
        [.. JsonDocument.Parse(bundle).RootElement.GetProperty("objects").EnumerateArray()];
}
