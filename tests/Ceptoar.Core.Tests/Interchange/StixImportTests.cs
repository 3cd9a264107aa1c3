using System.Text.Json.Nodes;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Stix;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Interchange.StixBundles;

namespace Ceptoar.Core.Tests.Interchange;

public sealed class StixImportTests
{
    private const string ReportA = "report--11111111-1111-4111-8111-111111111111";
    private const string IndicatorA = "indicator--22222222-2222-4222-8222-222222222222";
    private const string IndicatorB = "indicator--33333333-3333-4333-8333-333333333333";
    private static readonly ImportOptions NoFallback = new(null, 10_000_000);

    // Who the label admits, written here: the draft takes the strictest of the report's and its indicators' labels, so
    // an import never lets an indicator reach readers its own marking excludes.
    public static TheoryData<string, string, Tlp> StrictestWins => new()
    {
        { Tlp2Clear, Tlp2Clear, Tlp.Clear },
        { Tlp2Green, Tlp2Clear, Tlp.Green },
        { Tlp2Clear, Tlp2Green, Tlp.Green },
        { Tlp2Green, Tlp2Amber, Tlp.Amber },
        { Tlp2Amber, Tlp2AmberStrict, Tlp.AmberStrict },
        { Tlp2AmberStrict, Tlp2Red, Tlp.Red },
        { Tlp2Red, Tlp2Clear, Tlp.Red },
        { Tlp1White, Tlp1White, Tlp.Clear },
        { Tlp1Green, Tlp1White, Tlp.Green },
        { Tlp1White, Tlp1Amber, Tlp.Amber },
        { Tlp1Amber, Tlp1Red, Tlp.Red },
        { Tlp1Red, Tlp2Green, Tlp.Red },
        { Tlp2Green, Tlp1Amber, Tlp.Amber },
    };

    [Theory]
    [MemberData(nameof(StrictestWins))]
    public void Read_ReportAndIndicatorMarkings_TheStrictestLabelWins(string reportMarking, string indicatorMarking, Tlp expected)
    {
        var bundle = Bundle(Report(ReportA, "r", reportMarking, IndicatorA), Indicator(IndicatorA, "[domain-name:value = 'evil.example']", indicatorMarking));

        var outcome = StixImport.Read(bundle, NoFallback);

        Assert.Equal(expected, Assert.Single(outcome.Drafts).Draft.Tlp);
        Assert.Empty(outcome.Refusals);
    }

    [Fact]
    public void Read_ReportWithIndicators_OneDraftWithTitleSummaryAndIndicators()
    {
        var vulnerability = Common("vulnerability", "vulnerability--44444444-4444-4444-8444-444444444444", Tlp2Green);
        vulnerability["name"] = "CVE-2024-3400";
        var bundle = Bundle(
            Report(ReportA, "標的型メール", Tlp2Green, IndicatorA, IndicatorB, "vulnerability--44444444-4444-4444-8444-444444444444", "identity--55555555-5555-4555-8555-555555555555"),
            Indicator(IndicatorA, "[email-addr:value = 'phish@evil.example']", Tlp2Green),
            Indicator(IndicatorB, "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']", Tlp2Green),
            vulnerability,
            Common("identity", "identity--55555555-5555-4555-8555-555555555555", null));

        var outcome = StixImport.Read(bundle, NoFallback);

        var (sourceId, draft) = Assert.Single(outcome.Drafts);
        Assert.Equal(ReportA, sourceId);
        Assert.Equal("標的型メール", draft.Body.Title);
        Assert.Equal("説明: 標的型メール", draft.Body.Summary);
        Assert.Equal(ItemKind.RelatedInformation, draft.Kind);
        Assert.Equal(
            [(IndicatorType.Email, "phish@evil.example"), (IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), (IndicatorType.Cve, "CVE-2024-3400")],
            draft.Body.Indicators.Select(i => (i.Type, i.Value)));
        Assert.Empty(outcome.Refusals);
    }

    [Theory]
    [InlineData("[ipv4-addr:value = '198.51.100.1']", IndicatorType.Ipv4, "198.51.100.1")]
    [InlineData("[ipv6-addr:value = '2001:db8::1']", IndicatorType.Ipv6, "2001:db8::1")]
    [InlineData("[domain-name:value = 'evil.example']", IndicatorType.Domain, "evil.example")]
    [InlineData("[url:value = 'http://evil.example/a\\'b']", IndicatorType.Url, "http://evil.example/a'b")]
    [InlineData("[email-addr:value = 'a@evil.example']", IndicatorType.Email, "a@evil.example")]
    [InlineData("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']", IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("[file:hashes.'MD5' = 'd41d8cd98f00b204e9800998ecf8427e']", IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']", IndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("[file:hashes.SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']", IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("  [ domain-name:value='evil.example' ]  ", IndicatorType.Domain, "evil.example")]
    public void Read_PatternOfEachType_BecomesThatIndicator(string pattern, IndicatorType type, string value)
    {
        var outcome = StixImport.Read(Bundle(Indicator(IndicatorA, pattern, Tlp2Green)), NoFallback);

        var indicator = Assert.Single(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
        Assert.Equal((type, value), (indicator.Type, indicator.Value));
    }

    [Theory]
    [InlineData("[ipv4-addr:value = '1.2.3.4' AND domain-name:value = 'evil.example']", "bad_pattern")]
    [InlineData("[ipv4-addr:value = '1.2.3.4'] OR [domain-name:value = 'evil.example']", "bad_pattern")]
    [InlineData("[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS", "bad_pattern")]
    [InlineData("[ipv4-addr:value != '1.2.3.4']", "bad_pattern")]
    [InlineData("[domain-name:value MATCHES 'evil.*']", "bad_pattern")]
    [InlineData("[process:name = 'evil.exe']", "bad_pattern")]
    [InlineData("[file:hashes.'SHA-512' = 'abc']", "bad_pattern")]
    [InlineData("ipv4-addr:value = '1.2.3.4'", "bad_pattern")]
    [InlineData("[ipv4-addr:value = '1.2.3.4]", "bad_pattern")]
    [InlineData("[ipv4-addr:value = '10.0.0.0/8']", "bad_value")]
    [InlineData("[ipv4-addr:value = '1.2.3']", "bad_value")]
    [InlineData("[file:hashes.MD5 = 'zz1d8cd98f00b204e9800998ecf8427e']", "bad_value")]
    [InlineData("[url:value = 'javascript:alert(1)']", "bad_value")]
    public void Read_PatternThatIsNotOneTypedComparison_RefusedByIdWithCode(string pattern, string code)
    {
        var outcome = StixImport.Read(Bundle(Indicator(IndicatorA, pattern, Tlp2Green)), NoFallback);

        Assert.Empty(outcome.Drafts);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal((IndicatorA, code), (refusal.SourceId, refusal.Code));
        Assert.False(string.IsNullOrWhiteSpace(refusal.Reason));
    }

    [Fact]
    public void Read_PatternTypeNotStix_Refused()
    {
        var indicator = Indicator(IndicatorA, "rule evil { condition: true }", Tlp2Green);
        indicator["pattern_type"] = "yara";

        var refusal = Assert.Single(StixImport.Read(Bundle(indicator), NoFallback).Refusals);

        Assert.Equal((IndicatorA, "bad_pattern"), (refusal.SourceId, refusal.Code));
        Assert.Contains("yara", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoTlpMarking_DocumentRefusedNamingTheObject()
    {
        var bundle = Bundle(Report(ReportA, "r", Tlp2Green, IndicatorA), Indicator(IndicatorA, "[domain-name:value = 'evil.example']", null));

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(bundle, NoFallback));

        Assert.Equal("no_tlp", e.Code);
        Assert.Equal("$.objects[1].object_marking_refs", e.Field);
        Assert.Contains(IndicatorA, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoTlpMarkingAndUnspecifiedFallback_DocumentRefused()
    {
        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(Bundle(Report(ReportA, "r", null)), new ImportOptions(Tlp.Unspecified, 10_000_000)));

        Assert.Equal("no_tlp", e.Code);
    }

    [Fact]
    public void Read_MarkingThatIsNoTlp_CountsAsNoMarking()
    {
        var statement = Common("marking-definition", "marking-definition--66666666-6666-4666-8666-666666666666", null);
        statement["definition_type"] = "statement";
        statement["definition"] = new JsonObject { ["statement"] = "Copyright" };
        var bundle = Bundle(statement, Report(ReportA, "r", "marking-definition--66666666-6666-4666-8666-666666666666"));

        var e = Assert.Throws<ImportDocumentException>(() => StixImport.Read(bundle, NoFallback));

        Assert.Equal("no_tlp", e.Code);
    }

    [Theory]
    [InlineData(Tlp.Green, Tlp.Green)]
    [InlineData(Tlp.Red, Tlp.Red)]
    public void Read_NoTlpMarkingWithFallback_UnmarkedObjectsTakeTheFallbackAndMarkedKeepTheirs(Tlp fallback, Tlp expectedUnmarkedReport)
    {
        var bundle = Bundle(
            Report(ReportA, "unmarked", null),
            Report("report--77777777-7777-4777-8777-777777777777", "amber", Tlp2Amber));

        var outcome = StixImport.Read(bundle, new ImportOptions(fallback, 10_000_000));

        Assert.Equal([expectedUnmarkedReport, Tlp.Amber], outcome.Drafts.Select(d => d.Draft.Tlp));
    }

    [Fact]
    public void Read_TlpMarkingDefinedInTheBundle_IsRecognisedByItsContent()
    {
        var tlp1 = Common("marking-definition", "marking-definition--88888888-8888-4888-8888-888888888888", null);
        tlp1["definition_type"] = "tlp";
        tlp1["definition"] = new JsonObject { ["tlp"] = "amber" };
        var tlp2 = Common("marking-definition", "marking-definition--99999999-9999-4999-8999-999999999999", null);
        tlp2["extensions"] = new JsonObject { ["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"] = new JsonObject { ["extension_type"] = "property-extension", ["tlp_2_0"] = "amber+strict" } };
        var bundle = Bundle(tlp1, tlp2, Report(ReportA, "a", "marking-definition--88888888-8888-4888-8888-888888888888"),
            Report("report--77777777-7777-4777-8777-777777777777", "b", "marking-definition--99999999-9999-4999-8999-999999999999"));

        var outcome = StixImport.Read(bundle, NoFallback);

        Assert.Equal([Tlp.Amber, Tlp.AmberStrict], outcome.Drafts.Select(d => d.Draft.Tlp));
        Assert.Empty(outcome.Refusals);
    }

    [Fact]
    public void Read_IndicatorsNoReportRefersTo_GroupedPerLabelInDraftsOfAtMost1000()
    {
        var objects = new List<JsonNode>();
        for (var n = 0; n < 2_002; n++)
        {
            objects.Add(Indicator(IndicatorId(n), Ipv4Pattern(n), Tlp2Green));
        }

        objects.Add(Indicator(IndicatorId(9_999), Ipv4Pattern(9_999), Tlp2Amber));
        objects.Add(Report(ReportA, "r", Tlp2Green, IndicatorId(0)));

        var outcome = StixImport.Read(Bundle([.. objects]), NoFallback);

        Assert.Empty(outcome.Refusals);
        var groups = outcome.Drafts.Where(d => d.SourceId != ReportA).ToList();
        Assert.Equal([(Tlp.Green, 1_000), (Tlp.Green, 1_000), (Tlp.Green, 1), (Tlp.Amber, 1)], groups.Select(d => (d.Draft.Tlp, d.Draft.Body.Indicators.Count)));
        Assert.All(groups, d => Assert.Equal(ItemKind.RelatedInformation, d.Draft.Kind));
        Assert.Equal([IndicatorId(1), IndicatorId(1_001), IndicatorId(2_001), IndicatorId(9_999)], groups.Select(d => d.SourceId));
        Assert.Equal("Indicators from STIX bundle bundle--5d0092c5-5f74-4287-9642-33f4c354e56d (1/3)", groups[0].Draft.Body.Title);
        Assert.Equal(2_002, groups.Sum(d => d.Draft.Body.Indicators.Count));
        Assert.Single(outcome.Drafts.Single(d => d.SourceId == ReportA).Draft.Body.Indicators);
    }

    [Fact]
    public void Read_OrphanTitleInJapanese_WhenTheCallerReadsJapanese()
    {
        var outcome = InCulture("ja-JP", () => StixImport.Read(Bundle(Indicator(IndicatorA, "[domain-name:value = 'evil.example']", Tlp2Green)), NoFallback));

        var draft = Assert.Single(outcome.Drafts).Draft;
        Assert.Equal("STIXバンドル bundle--5d0092c5-5f74-4287-9642-33f4c354e56d の指標（1/1）", draft.Body.Title);
        Assert.Equal("ja", draft.Language);
    }

    [Fact]
    public void Read_SupportingObjects_ConsumedNotRefused()
    {
        var relationship = Common("relationship", "relationship--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", null);
        relationship["relationship_type"] = "indicates";
        relationship["source_ref"] = IndicatorA;
        relationship["target_ref"] = ReportA;
        var extension = Common("extension-definition", "extension-definition--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", null);
        var bundle = Bundle(Common("identity", "identity--cccccccc-cccc-4ccc-8ccc-cccccccccccc", null), relationship, extension,
            Common("marking-definition", Tlp2Green, null), Report(ReportA, "r", Tlp2Green));

        var outcome = StixImport.Read(bundle, NoFallback);

        Assert.Empty(outcome.Refusals);
        Assert.Equal([ReportA], outcome.Drafts.Select(d => d.SourceId));
    }

    [Theory]
    [InlineData("malware")]
    [InlineData("attack-pattern")]
    [InlineData("incident")]
    [InlineData("note")]
    [InlineData("x-custom-thing")]
    public void Read_ObjectOfAnotherType_RefusedAsUnsupported(string type)
    {
        var id = type + "--dddddddd-dddd-4ddd-8ddd-dddddddddddd";
        var outcome = StixImport.Read(Bundle(Common(type, id, Tlp2Green), Report(ReportA, "r", Tlp2Green, id)), NoFallback);

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal((id, "unsupported_type"), (refusal.SourceId, refusal.Code));
        Assert.Contains(type, refusal.Reason, StringComparison.Ordinal);
        Assert.Equal([ReportA], outcome.Drafts.Select(d => d.SourceId));
    }

    [Fact]
    public void Read_RefusalReason_InTheCallersLanguage()
    {
        var bundle = Bundle(Common("malware", "malware--dddddddd-dddd-4ddd-8ddd-dddddddddddd", Tlp2Green));

        var english = Assert.Single(InCulture("en", () => StixImport.Read(bundle, NoFallback)).Refusals).Reason;
        var japanese = Assert.Single(InCulture("ja", () => StixImport.Read(bundle, NoFallback)).Refusals).Reason;

        Assert.StartsWith("Objects of type \"malware\" have no place in an item", english, StringComparison.Ordinal);
        Assert.StartsWith("種類 \"malware\" のオブジェクトは情報に対応する項目がない", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_VulnerabilityWithoutCve_Refused()
    {
        var vulnerability = Common("vulnerability", "vulnerability--44444444-4444-4444-8444-444444444444", Tlp2Green);
        vulnerability["name"] = "Some flaw";

        var refusal = Assert.Single(StixImport.Read(Bundle(vulnerability), NoFallback).Refusals);

        Assert.Equal("bad_value", refusal.Code);
    }

    [Fact]
    public void Read_VulnerabilityWithCveOnlyInExternalReferences_BecomesACveIndicator()
    {
        var vulnerability = Common("vulnerability", "vulnerability--44444444-4444-4444-8444-444444444444", Tlp2Green);
        vulnerability["name"] = "PAN-OS GlobalProtect";
        vulnerability["external_references"] = new JsonArray(new JsonObject { ["source_name"] = "cve", ["external_id"] = "CVE-2024-3400" });

        var indicator = Assert.Single(Assert.Single(StixImport.Read(Bundle(vulnerability), NoFallback).Drafts).Draft.Body.Indicators);

        Assert.Equal((IndicatorType.Cve, "CVE-2024-3400"), (indicator.Type, indicator.Value));
    }

    [Fact]
    public void Read_RevokedReport_Refused()
    {
        var report = Report(ReportA, "r", Tlp2Green);
        report["revoked"] = true;

        var outcome = StixImport.Read(Bundle(report), NoFallback);

        Assert.Empty(outcome.Drafts);
        Assert.Equal(("revoked", ReportA), (Assert.Single(outcome.Refusals).Code, outcome.Refusals[0].SourceId));
    }

    [Fact]
    public void Read_ForeignReportWithoutExtension_KindFromReportTypesAndExerciseFromLabels()
    {
        var vulnerabilityReport = Report(ReportA, "v", Tlp2Green);
        vulnerabilityReport["report_types"] = new JsonArray("vulnerability");
        vulnerabilityReport["labels"] = new JsonArray("exercise");
        var attackReport = Report("report--77777777-7777-4777-8777-777777777777", "a", Tlp2Green);
        attackReport["report_types"] = new JsonArray("attack-pattern");

        var drafts = StixImport.Read(Bundle(vulnerabilityReport, attackReport), NoFallback).Drafts;

        Assert.Equal([(ItemKind.VulnerabilityInformation, true), (ItemKind.AttackMethod, false)], drafts.Select(d => (d.Draft.Kind, d.Draft.Exercise)));
    }

    [Theory]
    [InlineData("incident-report", ItemKind.IncidentReport)]
    [InlineData("crime-damage", ItemKind.CrimeDamage)]
    [InlineData("drill", ItemKind.VulnerabilityInformation)]
    [InlineData("something-else", ItemKind.VulnerabilityInformation)]
    public void Read_ReportWithoutExtension_KindFromAMemberKindLabelBeforeReportTypes(string label, ItemKind expected)
    {
        var report = Report(ReportA, "r", Tlp2Green);
        report["report_types"] = new JsonArray("vulnerability");
        report["labels"] = new JsonArray(label);

        Assert.Equal(expected, Assert.Single(StixImport.Read(Bundle(report), NoFallback).Drafts).Draft.Kind);
    }

    [Fact]
    public void Read_LongForeignDescription_CutForTheSummaryAndKeptWholeAsWhat()
    {
        var report = Report(ReportA, "r", Tlp2Green);
        var description = string.Concat(Enumerable.Repeat("長い説明。", 1_000));
        report["description"] = description;

        var body = Assert.Single(StixImport.Read(Bundle(report), NoFallback).Drafts).Draft.Body;

        Assert.Equal(4_000, body.Summary.Length);
        Assert.EndsWith("…", body.Summary, StringComparison.Ordinal);
        Assert.Equal(description, body.What);
    }
}
