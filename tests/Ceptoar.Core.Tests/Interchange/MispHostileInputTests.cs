using System.Text;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Misp;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Interchange.MispImportTests;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>
/// Hostile and malformed MISP documents (docs/INTERCHANGE.md §2.4): each answers with an ImportDocumentException naming
/// the place (a JSON path), or with refusals, and never with another exception.
/// </summary>
public sealed class MispHostileInputTests
{
    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"Event\": {")]
    [InlineData("")]
    [InlineData("{\"Event\": {}} trailing")]
    [InlineData("{'Event': {}}")]
    public void Read_NotJson_RefusesTheDocument(string text)
    {
        var e = ReadFails(Encoding.UTF8.GetBytes(text));

        Assert.Equal(("not_json", "document"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_InvalidUtf8_RefusesTheDocument()
    {
        var e = ReadFails([.. "{\"Event\": {\"info\": \""u8, 0xC3, 0x28, .. "\"}}"u8]);

        Assert.Equal(("not_utf8", "document"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsSkipped()
    {
        byte[] document = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Event(["tlp:green"]))];

        Assert.Single(MispImport.Read(document, Options).Drafts);
    }

    [Fact]
    public void Read_OverMaxDocumentBytes_RefusedBeforeParsing()
    {
        // Not UTF-8 and not JSON either: only a check made before parsing can answer too_large for it.
        var garbage = Enumerable.Repeat((byte)0xFF, 101).ToArray();

        var e = Assert.Throws<ImportDocumentException>(() => MispImport.Read(garbage, Options with { MaxDocumentBytes = 100 }));

        Assert.Equal(("too_large", "document"), (e.Code, e.Field));
        Assert.Contains("101", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ValidEventOneByteOverTheLimit_IsTooLarge()
    {
        var bytes = Encoding.UTF8.GetBytes(Event(["tlp:green"]));

        Assert.Single(MispImport.Read(bytes, Options with { MaxDocumentBytes = bytes.Length }).Drafts);
        var e = Assert.Throws<ImportDocumentException>(() => MispImport.Read(bytes, Options with { MaxDocumentBytes = bytes.Length - 1 }));
        Assert.Equal("too_large", e.Code);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(100_000)]
    public void Read_NestedDeeperThan64_IsTooDeep(int depth)
    {
        var e = ReadFails(Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)));

        Assert.Equal(("too_deep", "document"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_Nested64Deep_IsReadAsJson()
    {
        // 64 levels are allowed: the answer is about the shape (no event), not the depth.
        var e = ReadFails(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64)));

        Assert.Equal("not_misp", e.Code);
    }

    [Fact]
    public void Read_100000Attributes_RefusesTheDocument()
    {
        const string attribute = "{\"type\": \"ip-dst\", \"value\": \"192.0.2.1\"}";
        var json = Event(["tlp:green"], [.. Enumerable.Repeat(attribute, 100_000)]);

        var e = Assert.Throws<ImportDocumentException>(() => MispImport.Read(Encoding.UTF8.GetBytes(json), Options with { MaxDocumentBytes = 64 * 1024 * 1024 }));

        Assert.Equal(("too_many_attributes", "$.Event.Attribute"), (e.Code, e.Field));
        Assert.Contains("100000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyObjectsOfOneAttribute_CountTowardsTheLimit()
    {
        var obj = "{\"name\": \"domain-ip\", \"Attribute\": [" + Attribute("domain", "evil.example.com") + "]}";
        var json = Event(["tlp:green"], extra: "\"Object\": [" + string.Join(",", Enumerable.Repeat(obj, 3_000)) + "]");

        var e = ReadFails(Encoding.UTF8.GetBytes(json));

        Assert.Equal("too_many_attributes", e.Code);
        Assert.StartsWith("$.Event.Object[", e.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AttributesAndObjectsTogetherOverTheLimit_RefusesTheDocument()
    {
        // 1,000 attributes and 600 objects of one attribute: each part under 1,505, together over it.
        const string attribute = "{\"type\": \"text\", \"value\": \"x\"}";
        var obj = "{\"name\": \"note\", \"Attribute\": [" + attribute + "]}";
        var json = Event(["tlp:green"], [.. Enumerable.Repeat(attribute, 1_000)], "\"Object\": [" + string.Join(",", Enumerable.Repeat(obj, 600)) + "]");

        var e = ReadFails(Encoding.UTF8.GetBytes(json));

        Assert.Equal(("too_many_attributes", "$.Event.Object[505].Attribute"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_1001Indicators_RefusesTheDocument()
    {
        var attributes = Enumerable.Range(0, 1_001).Select(i => Attribute("ip-dst", $"10.0.{i / 256}.{i % 256}")).ToArray();

        var e = ReadFails(Encoding.UTF8.GetBytes(Event(["tlp:green"], attributes)));

        Assert.Equal(("too_many_indicators", "$.Event.Attribute"), (e.Code, e.Field));
    }

    [Theory]
    [InlineData("{\"Event\": \"x\"}", "$.Event")]
    [InlineData("{\"Event\": []}", "$.Event")]
    [InlineData("{\"response\": {}}", "$.response")]
    [InlineData("{\"Event\": {\"uuid\": 5, \"info\": \"i\", \"Tag\": [{\"name\": \"tlp:green\"}]}}", "$.Event.uuid")]
    [InlineData("{\"Event\": {\"info\": 5, \"Tag\": [{\"name\": \"tlp:green\"}]}}", "$.Event.info")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": \"tlp:green\"}}", "$.Event.Tag")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": [5]}}", "$.Event.Tag[0]")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": [{\"name\": 5}]}}", "$.Event.Tag[0].name")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": [{\"name\": \"tlp:green\"}], \"Attribute\": {}}}", "$.Event.Attribute")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": [{\"name\": \"tlp:green\"}], \"Object\": \"file\"}}", "$.Event.Object")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": [{\"name\": \"tlp:green\"}], \"threat_level_id\": []}}", "$.Event.threat_level_id")]
    [InlineData("{\"Event\": {\"info\": \"i\", \"Tag\": [{\"name\": \"tlp:green\"}], \"date\": 20250601}}", "$.Event.date")]
    public void Read_WrongJsonTypeInTheEvent_NamesItsPath(string json, string field)
    {
        var e = ReadFails(Encoding.UTF8.GetBytes(json));

        Assert.Equal(("wrong_type", field), (e.Code, e.Field));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"uuid\": \"9a9a9a9a-0000-4000-8000-000000000000\", \"type\": \"ip-dst\", \"value\": 5}", "9a9a9a9a-0000-4000-8000-000000000000")]
    [InlineData("{\"uuid\": \"9a9a9a9a-0000-4000-8000-000000000000\", \"type\": [\"ip-dst\"], \"value\": \"192.0.2.1\"}", "9a9a9a9a-0000-4000-8000-000000000000")]
    [InlineData("{\"uuid\": \"9a9a9a9a-0000-4000-8000-000000000000\", \"type\": \"ip-dst\", \"value\": \"192.0.2.1\", \"deleted\": \"maybe\"}", "9a9a9a9a-0000-4000-8000-000000000000")]
    [InlineData("{\"uuid\": \"9a9a9a9a-0000-4000-8000-000000000000\", \"type\": \"ip-dst\", \"value\": \"192.0.2.1\", \"Tag\": {}}", "9a9a9a9a-0000-4000-8000-000000000000")]
    [InlineData("\"192.0.2.1\"", "$.Event.Attribute[0]")]
    [InlineData("{\"uuid\": 7, \"type\": \"ip-dst\", \"value\": \"192.0.2.1\"}", "$.Event.Attribute[0]")]
    public void Read_WrongJsonTypeInAnAttribute_RefusesThatAttribute(string attribute, string sourceId)
    {
        var outcome = Read(Event(["tlp:green"], [attribute, Attribute("domain", "evil.example.com")]));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal((sourceId, "wrong_type"), (refusal.SourceId, refusal.Code));
        Assert.Equal(["evil.example.com"], Assert.Single(outcome.Drafts).Draft.Body.Indicators.Select(i => i.Value));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("\"Event\"")]
    [InlineData("null")]
    [InlineData("{\"event\": {}}")]
    public void Read_NotAnEventOrAList_IsNotMisp(string json)
    {
        Assert.Equal("not_misp", ReadFails(Encoding.UTF8.GetBytes(json)).Code);
    }

    [Fact]
    public void Read_ListEntryWithoutEvent_NamesTheEntry()
    {
        var e = ReadFails(Encoding.UTF8.GetBytes("{\"response\": [" + Event(["tlp:green"]) + ", 5]}"));

        Assert.Equal(("not_misp", "$.response[1]"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_RepeatedProperty_IsRefusedAsAmbiguous()
    {
        // Two "Tag" lists, one GREEN and one RED: which one a reader takes must not decide the label.
        const string json = "{\"Event\": {\"info\": \"i\", \"Tag\": [{\"name\": \"tlp:red\"}], \"Tag\": [{\"name\": \"tlp:green\"}]}}";

        Assert.Equal("not_json", ReadFails(Encoding.UTF8.GetBytes(json)).Code);
    }

    [Fact]
    public void Read_MissingInfo_NamesTheField()
    {
        var e = ReadFails(Encoding.UTF8.GetBytes("{\"Event\": {\"uuid\": \"5b0f1a6e-0000-4000-8000-000000000001\", \"Tag\": [{\"name\": \"tlp:green\"}]}}"));

        Assert.Equal(("missing_field", "$.Event.info"), (e.Code, e.Field));
    }

    [Fact]
    public void Read_InfoOverTheTitleLimit_IsTooLong()
    {
        var json = Event(["tlp:green"]).Replace("Phishing wave against online banking", new string('x', 201), StringComparison.Ordinal);

        var e = ReadFails(Encoding.UTF8.GetBytes(json));

        Assert.Equal(("too_long", "$.Event.info"), (e.Code, e.Field));
        Assert.Contains("200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadDate_NamesTheField()
    {
        var json = Event(["tlp:green"]).Replace("2025-06-01", "yesterday", StringComparison.Ordinal);

        Assert.Equal(("bad_date", "$.Event.date"), (ReadFails(Encoding.UTF8.GetBytes(json)).Code, ReadFails(Encoding.UTF8.GetBytes(json)).Field));
    }

    [Theory]
    [InlineData("url", 2_049, null)]
    [InlineData("text", 4_001, "summary")]
    [InlineData("text", 20_001, "what")]
    [InlineData("text", 501, "affected")]
    public void Read_StringOverItsItemLimit_IsRefusedAsTooLong(string type, int length, string? field)
    {
        var value = type == "url" ? "https://evil.example.com/" + new string('a', length - 25) : new string('あ', length);
        string[]? tags = field is null ? null : [$"ceptoar:field=\"{field}\""];

        var outcome = Read(Event(["tlp:green"], [Attribute(type, value, uuid: "12121212-0000-4000-8000-000000000012", tags: tags)]));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(("12121212-0000-4000-8000-000000000012", "too_long"), (refusal.SourceId, refusal.Code));
    }

    [Fact]
    public void Read_CommentOverTheDescriptionLimit_IsRefusedAsTooLong()
    {
        var outcome = Read(Event(["tlp:green"], [Attribute("ip-dst", "192.0.2.1", comment: new string('c', 501))]));

        Assert.Equal("too_long", Assert.Single(outcome.Refusals).Code);
    }

    [Fact]
    public void Read_MegabyteTagName_IsNotRepeatedInTheMessage()
    {
        var e = ReadFails(Encoding.UTF8.GetBytes(Event(["tlp:" + new string('x', 1_000_000)])));

        Assert.Equal("unknown_tlp", e.Code);
        Assert.True(e.Message.Length < 1_000, $"the message has {e.Message.Length} characters");
    }

    [Fact]
    public void Read_MegabyteTypeAndUuid_RefusalNamesThePathAndAShortType()
    {
        var outcome = Read(Event(["tlp:green"], [Attribute(new string('t', 1_000_000), "x", uuid: new string('u', 1_000_000))]));

        var refusal = Assert.Single(outcome.Refusals);
        Assert.Equal(("$.Event.Attribute[0]", "unsupported_type"), (refusal.SourceId, refusal.Code));
        Assert.True(refusal.Reason.Length < 1_000, $"the reason has {refusal.Reason.Length} characters");
    }

    [Fact]
    public void Read_ControlCharacterInAValue_IsRefused()
    {
        var outcome = Read(Event(["tlp:green"], [Attribute("text", "line\u0007bell")]));

        Assert.Equal("bad_value", Assert.Single(outcome.Refusals).Code);
    }

    [Fact]
    public void Read_MutatedExports_AnswerOnlyWithOutcomesOrDocumentExceptions()
    {
        // Two thousand damaged copies of a real export: flipped bytes, cut ends, doubled spans.
        var item = MispTestItems.Item(Tlp.Amber);
        item.Body.Indicators.Add(new Indicator { Type = IndicatorType.Url, Value = "https://evil.example.com/a?b=c", Description = "ログイン画面" });
        var original = MispExport.Events([new ExportedItem(item, DateTimeOffset.UnixEpoch)], new ExportContext("council-ceptoar", DateTimeOffset.UnixEpoch));
        var random = new Random(16);
        var other = new List<string>();
        for (var i = 0; i < 2_000; i++)
        {
            var bytes = (byte[])original.Clone();
            switch (i % 3)
            {
                case 0:
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes = bytes[..random.Next(bytes.Length)];
                    break;
                default:
                    var at = random.Next(bytes.Length);
                    bytes = [.. bytes[..at], .. bytes[at..Math.Min(bytes.Length, at + random.Next(40))], .. bytes[at..]];
                    break;
            }

            var thrown = Record.Exception(() => MispImport.Read(bytes, Options));
            if (thrown is not null and not ImportDocumentException)
            {
                other.Add($"{thrown.GetType().Name}: {thrown.Message}");
            }
        }

        Assert.Empty(other);
    }

    private static ImportDocumentException ReadFails(byte[] document) => Assert.Throws<ImportDocumentException>(() => MispImport.Read(document, Options));
}
