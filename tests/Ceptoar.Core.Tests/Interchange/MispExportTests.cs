using System.Text.Json;
using Ceptoar.Core.Interchange;
using Ceptoar.Core.Interchange.Misp;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>Items as MISP events (docs/INTERCHANGE.md §2.1): labels, types, tags, withdrawn and exercise items.</summary>
public sealed class MispExportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly ExportContext Context = new("council-ceptoar", Now);

    /// <summary>Who may see what, stated by this test: each label's tag and the widest MISP distribution it allows.</summary>
    public static TheoryData<Tlp, string, string> LabelTable => new()
    {
        { Tlp.Clear, "tlp:clear", "3" },
        { Tlp.Green, "tlp:green", "2" },
        { Tlp.Amber, "tlp:amber", "0" },
        { Tlp.AmberStrict, "tlp:amber+strict", "0" },
        { Tlp.Red, "tlp:red", "0" },
    };

    [Theory]
    [MemberData(nameof(LabelTable))]
    public void Events_EachLabel_TagsItAndNeverDistributesFurther(Tlp tlp, string expectedTag, string expectedDistribution)
    {
        var ev = ExportOne(MispTestItems.Item(tlp));

        var tlpTags = Tags(ev).Where(t => t.StartsWith("tlp:", StringComparison.Ordinal)).ToList();
        Assert.Equal([expectedTag], tlpTags);
        Assert.Equal(expectedDistribution, ev.GetProperty("distribution").GetString());
        Assert.Equal("0", ev.GetProperty("sharing_group_id").GetString());
        Assert.All(ev.GetProperty("Attribute").EnumerateArray(), a => Assert.Equal("5", a.GetProperty("distribution").GetString()));
    }

    /// <summary>Each indicator type: the MISP type, category and to_ids this test expects.</summary>
    public static TheoryData<IndicatorType, string, string, string, bool> IndicatorTable => new()
    {
        { IndicatorType.Ipv4, "192.0.2.10", "ip-dst", "Network activity", true },
        { IndicatorType.Ipv6, "2001:db8::1", "ip-dst", "Network activity", true },
        { IndicatorType.Domain, "evil.example.com", "domain", "Network activity", true },
        { IndicatorType.Url, "https://evil.example.com/login", "url", "Network activity", true },
        { IndicatorType.Email, "phish@evil.example.com", "email-src", "Payload delivery", true },
        { IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e", "md5", "Payload delivery", true },
        { IndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1", "Payload delivery", true },
        { IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256", "Payload delivery", true },
        { IndicatorType.Cve, "CVE-2024-3400", "vulnerability", "External analysis", false },
        { IndicatorType.FreeText, "beacon every 60 seconds", "text", "Other", false },
    };

    [Theory]
    [MemberData(nameof(IndicatorTable))]
    public void Events_EachIndicatorType_BecomesItsMispAttribute(IndicatorType type, string value, string mispType, string category, bool toIds)
    {
        var item = MispTestItems.Item(Tlp.Green);
        item.Body.Indicators.Add(new Indicator { Type = type, Value = value, Description = "seen at the gateway" });

        var attribute = Assert.Single(Attributes(ExportOne(item)), a => a.GetProperty("value").GetString() == value);

        Assert.Equal(mispType, attribute.GetProperty("type").GetString());
        Assert.Equal(category, attribute.GetProperty("category").GetString());
        Assert.Equal(toIds, attribute.GetProperty("to_ids").GetBoolean());
        Assert.Equal("seen at the gateway", attribute.GetProperty("comment").GetString());
        Assert.False(attribute.TryGetProperty("Tag", out _));
    }

    [Fact]
    public void Events_OneItem_IsAResponseOfOneEventWithItsFields()
    {
        var item = MispTestItems.Item(Tlp.Green);

        var bytes = MispExport.Events([new ExportedItem(item, Now)], Context);
        using var document = JsonDocument.Parse(bytes);
        var ev = Assert.Single(document.RootElement.GetProperty("response").EnumerateArray()).GetProperty("Event");

        // Japanese is written as is, readable in the file and not six bytes of escape per character.
        Assert.Contains("\"info\":\"不正アクセスによる情報漏えいの疑い\"", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        Assert.Equal("01974f2e-8c00-7abc-8def-0123456789ab", ev.GetProperty("uuid").GetString());
        Assert.Equal("不正アクセスによる情報漏えいの疑い", ev.GetProperty("info").GetString());
        Assert.Equal("2025-06-01", ev.GetProperty("date").GetString());
        Assert.Equal("1796558400", ev.GetProperty("timestamp").GetString());
        Assert.True(ev.GetProperty("published").GetBoolean());
        Assert.Equal("1", ev.GetProperty("threat_level_id").GetString());
        Assert.Equal("1", ev.GetProperty("analysis").GetString());
        Assert.Equal("bank-ceptoar", ev.GetProperty("Orgc").GetProperty("name").GetString());
        // uuid5(uuid5(NAMESPACE_URL, "urn:ceptoar:node"), node id), computed with Python's uuid module.
        Assert.Equal("a35022f4-db30-5933-9532-f8b50941ffa3", ev.GetProperty("Orgc").GetProperty("uuid").GetString());
        Assert.Equal("council-ceptoar", ev.GetProperty("Org").GetProperty("name").GetString());
        Assert.Equal(
            ["tlp:green", "ceptoar:kind=\"incident-report\"", "ceptoar:language=\"ja\"", "ceptoar:severity=\"high\"",
             "ceptoar:handling-status=\"investigating\"", "ceptoar:threat-type=\"attack.intrusion\"",
             "ceptoar:reporter=\"bank-ceptoar/example-bank\"", "ceptoar:reporter-name=\"Example Bank\""],
            Tags(ev));
        Assert.Equal(Attributes(ev).Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ev.GetProperty("attribute_count").GetString());
    }

    [Fact]
    public void Events_Texts_AreTextAttributesTaggedWithTheirField()
    {
        var ev = ExportOne(MispTestItems.Item(Tlp.Green));

        var fields = Attributes(ev)
            .Where(a => a.TryGetProperty("Tag", out _))
            .Select(a => (Tags(a).Single(), a.GetProperty("type").GetString(), a.GetProperty("value").GetString()))
            .ToList();
        Assert.Contains(("ceptoar:field=\"summary\"", "text", "社外からの不正ログインを検知。"), fields);
        Assert.Contains(("ceptoar:field=\"what\"", "text", "VPN 装置経由で管理画面に到達された。"), fields);
        Assert.Contains(("ceptoar:field=\"cause\"", "text", "パッチ未適用"), fields);
        Assert.Contains(("ceptoar:field=\"occurred-at\"", "datetime", "2025-06-01T23:00:00.000000+00:00"), fields);
        Assert.Contains(("ceptoar:field=\"where-system\"", "text", "VPN"), fields);
        Assert.Contains(("ceptoar:field=\"affected\"", "text", "利用者"), fields);
        Assert.Contains(("ceptoar:field=\"action-taken\"", "text", "アカウント停止"), fields);
    }

    [Fact]
    public void Events_RevokedItem_IsATombstoneWithoutAttributesOrBody()
    {
        // The tombstone as the member feed shows it, plus a body that must not get out even if a caller left it in.
        var item = MispTestItems.Item(Tlp.Amber);
        var withdrawal = new Withdrawal { State = "revoked", ByItemId = "01974f2e-9000-7abc-8def-0123456789ab", Reason = "顧客名が残っていた", OriginNode = "bank-ceptoar" };

        var json = System.Text.Encoding.UTF8.GetString(MispExport.Events([new ExportedItem(item, Now, withdrawal)], Context));
        using var document = JsonDocument.Parse(json);
        var ev = document.RootElement.GetProperty("response")[0].GetProperty("Event");

        Assert.Empty(Attributes(ev));
        Assert.Equal("0", ev.GetProperty("attribute_count").GetString());
        Assert.Equal("01974f2e-8c00-7abc-8def-0123456789ab (revoked)", ev.GetProperty("info").GetString());
        Assert.Contains("ceptoar:withdrawn=\"revoked\"", Tags(ev));
        Assert.Contains("ceptoar:withdrawn-by=\"01974f2e-9000-7abc-8def-0123456789ab\"", Tags(ev));
        Assert.Contains("tlp:amber", Tags(ev));
        foreach (var secret in new[] { "不正アクセス", "社外", "VPN", "Example Bank", "example-bank", "顧客名", "192.0.2" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Events_SupersededItem_KeepsItsBodyAndNamesTheCorrection()
    {
        // A superseded item stays readable, marked with its correction (docs/LIFECYCLE.md §1.3).
        var withdrawal = new Withdrawal { State = "superseded", ByItemId = "01974f2e-9000-7abc-8def-0123456789cd" };

        using var document = JsonDocument.Parse(MispExport.Events([new ExportedItem(MispTestItems.Item(Tlp.Green), Now, withdrawal)], Context));
        var ev = document.RootElement.GetProperty("response")[0].GetProperty("Event");

        Assert.Equal("不正アクセスによる情報漏えいの疑い", ev.GetProperty("info").GetString());
        Assert.Contains("ceptoar:withdrawn=\"superseded\"", Tags(ev));
        Assert.Contains("ceptoar:withdrawn-by=\"01974f2e-9000-7abc-8def-0123456789cd\"", Tags(ev));
        Assert.Contains(Attributes(ev), a => a.GetProperty("value").GetString() == "192.0.2.44");
    }

    [Fact]
    public void Events_ExerciseItem_IsTaggedAsAnExercise()
    {
        var item = MispTestItems.Item(Tlp.Green);
        item.Exercise = true;

        Assert.Contains("ceptoar:exercise=\"true\"", Tags(ExportOne(item)));
        Assert.DoesNotContain("ceptoar:exercise=\"true\"", Tags(ExportOne(MispTestItems.Item(Tlp.Green))));
    }

    [Fact]
    public void Events_NoReporter_WritesNoReporterTag()
    {
        var item = MispTestItems.Item(Tlp.Green);
        item.SubmittedBy = null;

        Assert.DoesNotContain(Tags(ExportOne(item)), t => t.StartsWith("ceptoar:reporter", StringComparison.Ordinal));
    }

    [Fact]
    public void Events_AudienceNamed_NeverAppears()
    {
        var item = MispTestItems.Item(Tlp.Red);
        item.Audience = new Audience { Nodes = { "secret-node-xyz" }, Members = { new MemberRef { Node = "secret-node-xyz", MemberId = "hidden-member-abc" } } };

        var json = System.Text.Encoding.UTF8.GetString(MispExport.Events([new ExportedItem(item, Now)], Context));

        Assert.DoesNotContain("secret-node-xyz", json, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-member-abc", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Events_SameItemTwice_GivesTheSameUuids()
    {
        var first = ExportOne(MispTestItems.Item(Tlp.Green));
        var second = ExportOne(MispTestItems.Item(Tlp.Green));

        Assert.Equal(Attributes(first).Select(a => a.GetProperty("uuid").GetString()), Attributes(second).Select(a => a.GetProperty("uuid").GetString()));
        Assert.Equal(Attributes(first).Count, Attributes(first).Select(a => a.GetProperty("uuid").GetString()).Distinct().Count());
    }

    [Fact]
    public void Events_SeveralItems_OneEventEachInOrder()
    {
        var second = MispTestItems.Item(Tlp.Clear);
        second.Id = "01974f2e-8c00-7abc-8def-0123456789ff";

        using var document = JsonDocument.Parse(MispExport.Events([new(MispTestItems.Item(Tlp.Green), Now), new(second, Now)], Context));

        Assert.Equal(["01974f2e-8c00-7abc-8def-0123456789ab", "01974f2e-8c00-7abc-8def-0123456789ff"],
            document.RootElement.GetProperty("response").EnumerateArray().Select(e => e.GetProperty("Event").GetProperty("uuid").GetString()));
    }

    [Fact]
    public void Events_NoItems_IsAnEmptyResponse()
    {
        using var document = JsonDocument.Parse(MispExport.Events([], Context));

        Assert.Equal(0, document.RootElement.GetProperty("response").GetArrayLength());
    }

    internal static JsonElement ExportOne(Item item)
    {
        using var document = JsonDocument.Parse(MispExport.Events([new ExportedItem(item, Now)], Context));
        return document.RootElement.GetProperty("response")[0].GetProperty("Event").Clone();
    }

    internal static List<JsonElement> Attributes(JsonElement ev) => [.. ev.GetProperty("Attribute").EnumerateArray()];

    internal static List<string> Tags(JsonElement element) =>
        [.. element.GetProperty("Tag").EnumerateArray().Select(t => t.GetProperty("name").GetString()!)];

    internal static Timestamp At(int year, int month, int day, int hour) => Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero));
}
