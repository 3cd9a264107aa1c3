using System.Text;
using System.Text.Json.Nodes;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Stix;
using static Ceptoar.Core.Tests.Interchange.StixBundles;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>Malformed, huge and hostile documents: each answers ImportDocumentException or refusals, never another exception.</summary>
public sealed class StixHostileImportTests
{
    private const string ReportA = "report--11111111-1111-4111-8111-111111111111";
    private const string IndicatorA = "indicator--22222222-2222-4222-8222-222222222222";
    private const string ExtensionId = "extension-definition--8dccff46-60d1-4b63-9715-6fdf884f0f37";
    private static readonly ImportOptions Options = new(null, 10_000_000);

    [Theory]
    [InlineData("not json at all", "document", "not_json")]
    [InlineData("{\"type\": \"bundle\", \"id\": ", "document", "not_json")]
    [InlineData("[]", "$", "not_bundle")]
    [InlineData("\"bundle\"", "$", "not_bundle")]
    [InlineData("{\"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": []}", "$.type", "not_bundle")]
    [InlineData("{\"type\": 7, \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\"}", "$.type", "not_bundle")]
    [InlineData("{\"type\": \"bundle\", \"objects\": []}", "$.id", "not_bundle")]
    [InlineData("{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"objects\": {\"a\": 1}}", "$.objects", "bad_field")]
    [InlineData("{\"type\": \"report\", \"id\": \"report--11111111-1111-4111-8111-111111111111\", \"name\": \"x\"}", "$.type", "not_bundle")]
    public void Read_DocumentThatIsNoBundle_RefusedWithFieldAndCode(string document, string field, string code)
    {
        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(Encoding.UTF8.GetBytes(document), Options));

        Assert.Equal((field, code), (e.Field, e.Code));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Read_SingleObject_SaysToWrapItInABundleInTheCallersLanguage()
    {
        var single = Encoding.UTF8.GetBytes(Report(ReportA, "r", Tlp2Green).ToJsonString());

        var english = Assert.Throws<ImportDocumentException>(() => InCulture("en", () => StixImport.Read(single, Options)));
        var japanese = Assert.Throws<ImportDocumentException>(() => InCulture("ja", () => StixImport.Read(single, Options)));

        Assert.StartsWith("The document is a single STIX object of type \"report\", not a bundle", english.Message, StringComparison.Ordinal);
        Assert.StartsWith("文書は種類 \"report\" のSTIXオブジェクト1つで、バンドルではない", japanese.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidUtf8_RefusedAsNotUtf8()
    {
        var document = Encoding.UTF8.GetBytes("{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"x\": \"\"}");
        document[^3] = 0xC3;

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(document, Options));

        Assert.Equal(("document", "not_utf8"), (e.Field, e.Code));
    }

    [Theory]
    [InlineData("{\"type\": \"bundle\", \"id\": \"\\ud800\"}")]
    [InlineData("{\"type\": \"\\udc00\", \"id\": \"b\"}")]
    [InlineData("{\"type\": \"bundle\", \"id\": \"b\", \"objects\": [{\"type\": \"report\", \"id\": \"report--11111111-1111-4111-8111-111111111111\", \"name\": \"a\\ud83dz\"}]}")]
    [InlineData("{\"type\": \"bundle\", \"id\": \"b\", \"objects\": [{\"\\ud800\": 1}]}")]
    public void Read_EscapedLoneSurrogate_RefusedAsNotUtf8(string document)
    {
        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(Encoding.UTF8.GetBytes(document), Options));

        Assert.Equal(("document", "not_utf8"), (e.Field, e.Code));
    }

    [Fact]
    public void Read_EscapedSurrogatePair_IsReadAsTheCharacter()
    {
        var document = "{\"type\": \"bundle\", \"id\": \"b\", \"objects\": [{\"type\": \"report\", \"id\": \"report--11111111-1111-4111-8111-111111111111\", \"name\": \"\\ud83d\\ude00 \\\"q\\\"\", "
            + "\"object_marking_refs\": [\"" + Tlp2Green + "\"]}]}";

        var draft = Assert.Single(StixImport.Read(Encoding.UTF8.GetBytes(document), Options).Drafts).Draft;

        Assert.Equal("\U0001F600 \"q\"", draft.Body.Title);
    }

    [Fact]
    public void Read_OverMaxDocumentBytes_RefusedBeforeParsing()
    {
        // Not JSON either: a parse would answer not_json, so too_large proves the size is checked first.
        var document = new byte[1_001];
        Array.Fill(document, (byte)'{');

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(document, new ImportOptions(null, 1_000)));

        Assert.Equal(("document", "too_large"), (e.Field, e.Code));
        Assert.Contains("1001", e.Message, StringComparison.Ordinal);
        Assert.Contains("1000", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(65, "too_deep")]
    [InlineData(100_000, "too_deep")]
    public void Read_NestingDeeperThan64_RefusedAsTooDeep(int depth, string code)
    {
        var document = Encoding.UTF8.GetBytes("{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"x\": "
            + new string('[', depth - 1) + new string(']', depth - 1) + "}");

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(document, Options));

        Assert.Equal(("document", code), (e.Field, e.Code));
    }

    [Fact]
    public void Read_NestingOf64_IsRead()
    {
        var document = Encoding.UTF8.GetBytes("{\"type\": \"bundle\", \"id\": \"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d\", \"x\": "
            + new string('[', 63) + new string(']', 63) + "}");

        Assert.Empty(StixImport.Read(document, Options).Drafts);
    }

    [Fact]
    public void Read_100000Objects_RefusedAsTooManyObjects()
    {
        var objects = new StringBuilder();
        for (var n = 0; n < 100_000; n++)
        {
            objects.Append(n == 0 ? string.Empty : ",").Append("{\"type\":\"indicator\",\"id\":\"").Append(IndicatorId(n)).Append("\"}");
        }

        var document = Encoding.UTF8.GetBytes("{\"type\":\"bundle\",\"id\":\"" + BundleId + "\",\"objects\":[" + objects + "]}");

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(document, Options));

        Assert.Equal(("$.objects", "too_many_objects"), (e.Field, e.Code));
    }

    [Fact]
    public void Read_DuplicateIdSameVersion_DocumentRefusedNamingTheSecond()
    {
        var bundle = Bundle(Report(ReportA, "a", Tlp2Green), Report(ReportA, "b", Tlp2Green));

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(bundle, Options));

        Assert.Equal(("$.objects[1].id", "duplicate_id"), (e.Field, e.Code));
    }

    [Fact]
    public void Read_TwoVersionsOfOneObject_TheNewestIsImportedAndTheOlderNamed()
    {
        var newer = Report(ReportA, "newer", Tlp2Green);
        newer["modified"] = "2026-12-02T00:00:00.000Z";
        var bundle = Bundle(newer, Report(ReportA, "older", Tlp2Green));

        var outcome = StixImport.Read(bundle, Options);

        Assert.Equal("newer", Assert.Single(outcome.Drafts).Draft.Body.Title);
        Assert.Equal((ReportA, "older_version"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    public static TheoryData<string, JsonNode, string, string> WrongTypes => new()
    {
        { "name", 5, "$.objects[0].name", "bad_field" },
        { "name", new JsonArray("x"), "$.objects[0].name", "bad_field" },
        { "description", new JsonObject(), "$.objects[0].description", "bad_field" },
        { "object_refs", "indicator--22222222-2222-4222-8222-222222222222", "$.objects[0].object_refs", "bad_field" },
        { "object_refs", new JsonArray(1, 2), "$.objects[0].object_refs", "bad_field" },
        { "labels", new JsonArray(true), "$.objects[0].labels", "bad_field" },
        { "object_marking_refs", new JsonObject(), "$.objects[0].object_marking_refs", "bad_field" },
        { "revoked", "yes", "$.objects[0].revoked", "bad_field" },
        { "lang", 1, "$.objects[0].lang", "bad_field" },
        { "modified", "yesterday", "$.objects[0].modified", "bad_field" },
        { "id", 7, "$.objects[0].id", "bad_field" },
        { "type", false, "$.objects[0].type", "bad_field" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void Read_FieldOfTheWrongJsonType_RefusedNamingTheField(string field, JsonNode value, string path, string code)
    {
        var report = Report(ReportA, "r", Tlp2Green);
        report[field] = value;

        var outcome = StixImport.Read(Bundle(report), Options);

        Assert.Empty(outcome.Drafts);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(code, refusal.Code);
        Assert.Contains(path, refusal.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, JsonNode, string> WrongExtensionFields => new()
    {
        { "what", new JsonArray("x"), ".what" },
        { "where", "関東", ".where" },
        { "affected", "顧客", ".affected" },
        { "severity", "catastrophic", ".severity" },
        { "severity", 3, ".severity" },
        { "kind", "drill", ".kind" },
        { "kind", "receipt", ".kind" },
        { "occurred_at", "2026-12-01", ".occurred_at" },
        { "exercise", "true", ".exercise" },
        { "free_text_indicators", new JsonArray("x"), ".free_text_indicators[0]" },
        { "references", new JsonObject { ["related"] = new JsonArray("not-an-id") }, ".references.related" },
        { "how", new JsonObject { ["status"] = "panicking" }, ".how.status" },
    };

    [Theory]
    [MemberData(nameof(WrongExtensionFields))]
    public void Read_ExtensionFieldWrong_RefusedNamingTheField(string field, JsonNode value, string pathEnd)
    {
        var report = Report(ReportA, "r", Tlp2Green);
        report["extensions"] = new JsonObject { [ExtensionId] = new JsonObject { ["extension_type"] = "property-extension", [field] = value } };

        var refusal = Assert.Single(StixImport.Read(Bundle(report), Options).Refusals);

        Assert.Equal((ReportA, "bad_field"), (refusal.SourceId, refusal.Code));
        Assert.Contains("$.objects[0].extensions." + ExtensionId + pathEnd, refusal.Reason, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> OverLimits => new()
    {
        { "name", 201, "$.objects[0].name" },
        { "what", 20_001, "$.objects[0].extensions." + ExtensionId + ".what" },
        { "affected", 501, "$.objects[0].extensions." + ExtensionId + ".affected[0]" },
        { "description", 20_001, "$.objects[0].description" },
    };

    [Theory]
    [MemberData(nameof(OverLimits))]
    public void Read_TextOverTheItemLimits_RefusedAsTooLong(string field, int length, string path)
    {
        var report = Report(ReportA, "r", Tlp2Green);
        var text = new string('あ', length);
        var extension = new JsonObject { ["extension_type"] = "property-extension" };
        report["extensions"] = new JsonObject { [ExtensionId] = extension };
        switch (field)
        {
            case "what":
                extension["what"] = text;
                break;
            case "affected":
                extension["affected"] = new JsonArray(text);
                break;
            default:
                report[field] = text;
                break;
        }

        var refusal = Assert.Single(StixImport.Read(Bundle(report), Options).Refusals);

        Assert.Equal((ReportA, "too_long"), (refusal.SourceId, refusal.Code));
        Assert.Contains(path, refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_IndicatorValueOverTheLimit_RefusedAsTooLong()
    {
        var url = "http://evil.example/" + new string('a', 2_100);

        var refusal = Assert.Single(StixImport.Read(Bundle(Indicator(IndicatorA, "[url:value = '" + url + "']", Tlp2Green)), Options).Refusals);

        Assert.Equal((IndicatorA, "too_long"), (refusal.SourceId, refusal.Code));
    }

    [Fact]
    public void Read_ReportReferringToMoreThan1000Indicators_Refused()
    {
        var objects = new List<JsonNode>();
        var refs = new List<string>();
        for (var n = 0; n < 1_001; n++)
        {
            objects.Add(Indicator(IndicatorId(n), Ipv4Pattern(n), Tlp2Green));
            refs.Add(IndicatorId(n));
        }

        objects.Add(Report(ReportA, "r", Tlp2Green, [.. refs]));

        var outcome = StixImport.Read(Bundle([.. objects]), Options);

        Assert.Empty(outcome.Drafts);
        Assert.Equal((ReportA, "too_many_indicators"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    [Fact]
    public void Read_ObjectRefsToMissingIds_DraftMadeAndTheMissingIdsNamedOnce()
    {
        var bundle = Bundle(Report(ReportA, "r", Tlp2Green, IndicatorA, "indicator--99999999-9999-4999-8999-999999999999", "malware--99999999-9999-4999-8999-999999999999"),
            Indicator(IndicatorA, "[domain-name:value = 'evil.example']", Tlp2Green));

        var outcome = StixImport.Read(bundle, Options);

        Assert.Single(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal((ReportA, "missing_ref"), (refusal.SourceId, refusal.Code));
        Assert.Contains("names 2 id(s)", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("indicator--99999999-9999-4999-8999-999999999999", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("malware--99999999-9999-4999-8999-999999999999", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ReportNaming100000MissingIds_OneShortRefusal()
    {
        var refs = Enumerable.Range(0, 100_000).Select(IndicatorId).ToArray();

        var outcome = StixImport.Read(Bundle(Report(ReportA, "r", Tlp2Green, refs)), Options);

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal("missing_ref", refusal.Code);
        Assert.True(refusal.Reason.Length < 1_000, $"{refusal.Reason.Length} characters");
        Assert.Single(outcome.Drafts);
    }

    [Theory]
    [InlineData("[1, 2]", "$.objects[0]", "bad_object")]
    [InlineData("[{\"type\": \"report\"}]", "$.objects[0]", "bad_field")]
    [InlineData("[{\"id\": \"report--11111111-1111-4111-8111-111111111111\"}]", "$.objects[0]", "bad_field")]
    [InlineData("[{\"type\": \"report\", \"id\": \"report--1\"}]", "$.objects[0]", "bad_field")]
    [InlineData("[{\"type\": \"report\", \"id\": \"indicator--11111111-1111-4111-8111-111111111111\"}]", "$.objects[0]", "bad_field")]
    [InlineData("[{\"type\": \"report\", \"id\": \"report--01938a4e-6f00-7000-8000-000000000001\"}]", "$.objects[0]", "bad_field")]
    public void Read_EntryThatIsNoStixObject_RefusedByItsPath(string objects, string sourceId, string code)
    {
        var document = Encoding.UTF8.GetBytes("{\"type\":\"bundle\",\"id\":\"" + BundleId + "\",\"objects\":" + objects + "}");

        var outcome = StixImport.Read(document, Options);

        Assert.Empty(outcome.Drafts);
        Assert.Equal((sourceId, code), (outcome.Refusals[0].SourceId, outcome.Refusals[0].Code));
    }
}
