using System.Globalization;
using System.Text;
using System.Text.Json;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Misp;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>MISP events as drafts (docs/INTERCHANGE.md §2.2): labels, types, objects, refusals.</summary>
public sealed class MispImportTests
{
    internal static readonly ImportOptions Options = new(FallbackTlp: null, MaxDocumentBytes: 16 * 1024 * 1024);

    public static TheoryData<string, Tlp> TlpTags => new()
    {
        { "tlp:white", Tlp.Clear },
        { "tlp:clear", Tlp.Clear },
        { "tlp:green", Tlp.Green },
        { "tlp:amber", Tlp.Amber },
        { "tlp:amber+strict", Tlp.AmberStrict },
        { "tlp:red", Tlp.Red },
        { "TLP:RED", Tlp.Red },
        { "TLP:Amber+Strict", Tlp.AmberStrict },
    };

    [Theory]
    [MemberData(nameof(TlpTags))]
    public void Read_TlpTag_GivesItsLabel(string tag, Tlp expected)
    {
        var draft = Assert.Single(Read(Event([tag])).Drafts).Draft;

        Assert.Equal(expected, draft.Tlp);
    }

    [Theory]
    [InlineData("tlp:green", "tlp:red", Tlp.Red)]
    [InlineData("tlp:amber", "tlp:white", Tlp.Amber)]
    [InlineData("tlp:amber+strict", "tlp:amber", Tlp.AmberStrict)]
    [InlineData("tlp:clear", "tlp:green", Tlp.Green)]
    public void Read_ConflictingTlpTags_TakesTheStrictest(string first, string second, Tlp expected)
    {
        Assert.Equal(expected, Assert.Single(Read(Event([first, second])).Drafts).Draft.Tlp);
        Assert.Equal(expected, Assert.Single(Read(Event([second, first])).Drafts).Draft.Tlp);
    }

    [Fact]
    public void Read_NoTlpTag_RefusesTheDocumentNamingTheEvent()
    {
        var e = Assert.Throws<ImportDocumentException>(() => Read(Event(["circl:incident-classification=\"malware\""])));

        Assert.Equal("no_tlp", e.Code);
        Assert.Equal("$.Event.Tag", e.Field);
        Assert.Contains("5b0f1a6e-0000-4000-8000-000000000001", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoTlpTagWithFallback_UsesTheFallback()
    {
        var outcome = MispImport.Read(Encoding.UTF8.GetBytes(Event([])), Options with { FallbackTlp = Tlp.Amber });

        Assert.Equal(Tlp.Amber, Assert.Single(outcome.Drafts).Draft.Tlp);
    }

    [Fact]
    public void Read_TlpTagAndFallback_TheTagWins()
    {
        var outcome = MispImport.Read(Encoding.UTF8.GetBytes(Event(["tlp:red"])), Options with { FallbackTlp = Tlp.Clear });

        Assert.Equal(Tlp.Red, Assert.Single(outcome.Drafts).Draft.Tlp);
    }

    [Theory]
    [InlineData("tlp:amber-strict")]
    [InlineData("tlp:ex:chr")]
    public void Read_UnknownTlpTag_RefusesTheDocument(string tag)
    {
        var e = Assert.Throws<ImportDocumentException>(() => Read(Event(["tlp:green", tag])));

        Assert.Equal(("unknown_tlp", "$.Event.Tag[1].name"), (e.Code, e.Field));
    }

    public static TheoryData<string, string, IndicatorType> MispTypes => new()
    {
        { "ip-dst", "192.0.2.10", IndicatorType.Ipv4 },
        { "ip-src", "198.51.100.7", IndicatorType.Ipv4 },
        { "ip-dst", "2001:db8::1", IndicatorType.Ipv6 },
        { "ip-src", "2001:db8::2", IndicatorType.Ipv6 },
        { "domain", "evil.example.com", IndicatorType.Domain },
        { "hostname", "c2.evil.example.com", IndicatorType.Domain },
        { "url", "https://evil.example.com/login", IndicatorType.Url },
        { "email", "a@evil.example.com", IndicatorType.Email },
        { "email-src", "b@evil.example.com", IndicatorType.Email },
        { "email-dst", "c@example.jp", IndicatorType.Email },
        { "md5", "d41d8cd98f00b204e9800998ecf8427e", IndicatorType.Md5 },
        { "sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709", IndicatorType.Sha1 },
        { "sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", IndicatorType.Sha256 },
        { "vulnerability", "CVE-2024-3400", IndicatorType.Cve },
        { "text", "beacon every 60 seconds", IndicatorType.FreeText },
        { "comment", "seen in two banks", IndicatorType.FreeText },
        { "other", "unusual", IndicatorType.FreeText },
    };

    [Theory]
    [MemberData(nameof(MispTypes))]
    public void Read_MispType_BecomesItsIndicatorType(string mispType, string value, IndicatorType expected)
    {
        var outcome = Read(Event(["tlp:green"], [Attribute(mispType, value, comment: "from the proxy log")]));

        var indicator = Assert.Single(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
        Assert.Equal((expected, value, "from the proxy log"), (indicator.Type, indicator.Value, indicator.Description));
        Assert.Empty(outcome.Refusals);
    }

    [Theory]
    [InlineData("attachment")]
    [InlineData("malware-sample")]
    [InlineData("filename|md5")]
    [InlineData("ip-dst|port")]
    [InlineData("yara")]
    public void Read_UnmappableType_IsRefusedByItsUuid(string mispType)
    {
        var outcome = Read(Event(["tlp:green"], [Attribute(mispType, "x", uuid: "aaaaaaaa-0000-4000-8000-00000000000a")]));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(("aaaaaaaa-0000-4000-8000-00000000000a", "unsupported_type"), (refusal.SourceId, refusal.Code));
        Assert.Contains(mispType, refusal.Reason, StringComparison.Ordinal);
        Assert.Empty(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
    }

    [Theory]
    [InlineData("ip-dst", "999.1.1.1")]
    [InlineData("ip-dst", "192.0.2.0/24")]
    [InlineData("domain", "localhost")]
    [InlineData("url", "javascript:alert(1)")]
    [InlineData("email-src", "not-an-address")]
    [InlineData("md5", "xyz")]
    [InlineData("sha256", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("vulnerability", "CVE-24-1")]
    [InlineData("text", "   ")]
    public void Read_ValueFailingItsSyntax_IsRefusedByItsUuid(string mispType, string value)
    {
        var outcome = Read(Event(["tlp:green"], [Attribute(mispType, value, uuid: "bbbbbbbb-0000-4000-8000-00000000000b")]));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(("bbbbbbbb-0000-4000-8000-00000000000b", "bad_value"), (refusal.SourceId, refusal.Code));
        Assert.DoesNotContain(value.Trim().Length > 0 ? value : "\u0000", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusalReason_IsInTheCurrentUiCulture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
            var japanese = Assert.Single(Read(Event(["tlp:green"], [Attribute("attachment", "x")])).Refusals).Reason;
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
            var english = Assert.Single(Read(Event(["tlp:green"], [Attribute("attachment", "x")])).Refusals).Reason;

            Assert.StartsWith("属性の型 attachment に対応する CEPTOAR の指標の型がありません", japanese, StringComparison.Ordinal);
            Assert.StartsWith("The attribute type attachment has no CEPTOAR indicator type", english, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void Read_AttributeLabelledStricterThanItsEvent_IsRefused()
    {
        var attribute = Attribute("ip-dst", "192.0.2.99", uuid: "cccccccc-0000-4000-8000-00000000000c", tags: ["tlp:red"]);
        var outcome = Read(Event(["tlp:green"], [attribute, Attribute("ip-dst", "192.0.2.1", tags: ["tlp:green"])]));

        var draft = Assert.Single(outcome.Drafts).Draft;
        Assert.Equal(["192.0.2.1"], draft.Body.Indicators.Select(i => i.Value));
        Assert.Equal(Tlp.Green, draft.Tlp);
        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(("cccccccc-0000-4000-8000-00000000000c", "stricter_label"), (refusal.SourceId, refusal.Code));
    }

    [Fact]
    public void Read_ObjectLabelledStricterThanItsEvent_IsRefusedWhole()
    {
        const string obj = """
            "Object": [{ "uuid": "14141414-0000-4000-8000-000000000014", "name": "domain-ip", "Tag": [{"name": "tlp:amber"}], "Attribute": [
              { "uuid": "14141414-0000-4000-8000-000000000001", "type": "domain", "value": "secret.example.com" }
            ]}]
            """;

        var outcome = Read(Event(["tlp:green"], extra: obj));

        Assert.Empty(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
        Assert.Equal(("14141414-0000-4000-8000-000000000014", "stricter_label"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    [Fact]
    public void Read_DeletedAttribute_IsRefused()
    {
        var outcome = Read(Event(["tlp:green"], [Attribute("ip-dst", "192.0.2.5", uuid: "dddddddd-0000-4000-8000-00000000000d", extra: "\"deleted\": true")]));

        Assert.Equal(("dddddddd-0000-4000-8000-00000000000d", "deleted"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
        Assert.Empty(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
    }

    [Fact]
    public void Read_ProposalOnAnAttribute_IsRefusedAndTheAttributeKept()
    {
        const string proposal = "\"ShadowAttribute\": [{\"uuid\": \"13131313-0000-4000-8000-000000000013\", \"type\": \"ip-dst\", \"value\": \"192.0.2.66\"}]";

        var outcome = Read(Event(["tlp:green"], [Attribute("ip-dst", "192.0.2.6", extra: proposal)]));

        Assert.Equal(["192.0.2.6"], Assert.Single(outcome.Drafts).Draft.Body.Indicators.Select(i => i.Value));
        Assert.Equal(("13131313-0000-4000-8000-000000000013", "proposal"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    [Fact]
    public void Read_ObjectWithSomeMappableAttributes_IsFlattened()
    {
        const string obj = """
            "Object": [{ "uuid": "eeeeeeee-0000-4000-8000-00000000000e", "name": "file", "Attribute": [
              { "uuid": "eeeeeeee-0000-4000-8000-000000000001", "type": "filename", "value": "invoice.exe", "object_relation": "filename" },
              { "uuid": "eeeeeeee-0000-4000-8000-000000000002", "type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e", "object_relation": "md5" }
            ]}]
            """;

        var outcome = Read(Event(["tlp:green"], extra: obj));

        var indicator = Assert.Single(Assert.Single(outcome.Drafts).Draft.Body.Indicators);
        Assert.Equal((IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e", "file/md5"), (indicator.Type, indicator.Value, indicator.Description));
        Assert.Equal(("eeeeeeee-0000-4000-8000-000000000001", "unsupported_type"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    [Fact]
    public void Read_WithdrawnCeptoarEvent_IsRefusedWithoutADraft()
    {
        var outcome = Read(Event(["tlp:amber", "ceptoar:withdrawn=\"revoked\""]));

        Assert.Empty(outcome.Drafts);
        Assert.Equal(("5b0f1a6e-0000-4000-8000-000000000001", "withdrawn"), (Assert.Single(outcome.Refusals).SourceId, outcome.Refusals[0].Code));
    }

    [Fact]
    public void Read_GalaxyClustersAndEventReports_AreRefusedByUuid()
    {
        const string extra = """
            "Galaxy": [{ "uuid": "698774c7-8022-42c4-917f-8d6e4f06ada3", "name": "Threat Actor",
              "GalaxyCluster": [{ "uuid": "7cdff317-a673-4474-84ec-4f1754947823", "value": "Anunak" }] }],
            "EventReport": [{ "uuid": "ffffffff-0000-4000-8000-00000000000f", "name": "report", "content": "# details" }]
            """;

        var outcome = Read(Event(["tlp:green"], extra: extra));

        Assert.Equal(
            [("7cdff317-a673-4474-84ec-4f1754947823", "unsupported_galaxy"), ("ffffffff-0000-4000-8000-00000000000f", "unsupported_report")],
            outcome.Refusals.Select(r => (r.SourceId, r.Code)).Order());
    }

    [Fact]
    public void Read_CeptoarTags_SetKindSeverityStatusExerciseLanguage()
    {
        var draft = Assert.Single(Read(Event(
            ["tlp:green", "ceptoar:kind=\"early-warning\"", "ceptoar:severity=\"extreme\"", "ceptoar:handling-status=\"contained\"",
             "ceptoar:exercise=\"true\"", "ceptoar:language=\"ja\"", "ceptoar:threat-type=\"attack.ddos\""])).Drafts).Draft;

        Assert.Equal((ItemKind.EarlyWarning, Severity.Extreme, HandlingStatus.Contained, true, "ja", "attack.ddos"),
            (draft.Kind, draft.Body.Severity, draft.Body.How.Status, draft.Exercise, draft.Language, draft.Body.Why.ThreatType));
    }

    [Theory]
    [InlineData("ceptoar:kind=\"revocation\"")]
    [InlineData("ceptoar:kind=\"crime-damage\"")]
    [InlineData("ceptoar:kind=\"nonsense\"")]
    [InlineData("ceptoar:severity=\"catastrophic\"")]
    [InlineData("ceptoar:exercise=\"maybe\"")]
    public void Read_CeptoarTagWithUnknownValue_RefusesTheDocument(string tag)
    {
        var e = Assert.Throws<ImportDocumentException>(() => Read(Event(["tlp:green", tag])));

        Assert.Equal(("bad_tag", "$.Event.Tag[1].name"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_SeveralEvents_OneDraftEach()
    {
        var one = Event(["tlp:green"]);
        var two = Event(["tlp:red"]).Replace("5b0f1a6e-0000-4000-8000-000000000001", "5b0f1a6e-0000-4000-8000-000000000002", StringComparison.Ordinal);

        var outcome = Read($$"""{"response": [{{one}}, {{two}}]}""");

        Assert.Equal([("5b0f1a6e-0000-4000-8000-000000000001", Tlp.Green), ("5b0f1a6e-0000-4000-8000-000000000002", Tlp.Red)],
            outcome.Drafts.Select(d => (d.SourceId, d.Draft.Tlp)));
    }

    internal static ImportOutcome Read(string json) => MispImport.Read(Encoding.UTF8.GetBytes(json), Options);

    /// <summary>A minimal event with the given tags, attributes and extra properties, as MISP writes one.</summary>
    internal static string Event(string[] tags, string[]? attributes = null, string? extra = null) =>
        """
        {"Event": {
          "uuid": "5b0f1a6e-0000-4000-8000-000000000001",
          "info": "Phishing wave against online banking",
          "date": "2025-06-01",
          "threat_level_id": "2",
          "analysis": "1",
          "distribution": "1",
          "published": true,
        """
        + "\"Tag\": [" + TagList(tags) + "], \"Attribute\": [" + string.Join(",", attributes ?? []) + "]"
        + (extra is null ? "" : "," + extra) + "}}";

    internal static string TagList(string[] tags) => string.Join(",", tags.Select(t => "{\"name\": " + JsonSerializer.Serialize(t) + "}"));

    internal static string Attribute(string type, string value, string comment = "", string uuid = "9a9a9a9a-0000-4000-8000-000000000000",
        string[]? tags = null, string? extra = null)
    {
        var tagList = TagList(tags ?? []);
        return $$"""{"uuid": "{{uuid}}", "type": "{{type}}", "category": "Network activity", "to_ids": true, "distribution": "5", """
            + $$""" "value": {{JsonSerializer.Serialize(value)}}, "comment": {{JsonSerializer.Serialize(comment)}}, "Tag": [{{tagList}}] """
            + (extra is null ? "" : "," + extra) + "}";
    }
}
