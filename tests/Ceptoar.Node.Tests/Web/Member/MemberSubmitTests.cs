using System.Text.RegularExpressions;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Web.Member;

/// <summary>
/// Submitting a report through the console (docs/CONSOLE.md §3) and hostile content from a peer (§7), over a real HttpClient.
/// </summary>
public sealed partial class MemberPagesTests
{
    [Theory]
    [InlineData("en", "Required.", "Choose one of the list's values.", "Line 1: write a type from the list, a space, then the value.")]
    [InlineData("ja", "必須です。", "一覧から選んでください。", "1 行目: 一覧の種別、空白、値の順に書いてください。")]
    public async Task Submit_FieldErrors_EachNextToItsFieldInTheLanguageWithTheValuesKept(string language, string required, string choose, string indicatorLine)
    {
        using var sato = await peers.SignedInAsync(peers.Sato, language);
        var form = await sato.GetAsync("/member/submit");
        var requestId = form.Document.QuerySelector("input[name=RequestId]")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(requestId));

        var page = await sato.PostAsync("/member/submit", Fields(requestId!, kind: "", tlp: "Purple", title: "", summary: "kept summary <b>bold</b>", indicators: "ipv9 192.0.2.1"));

        Assert.Equal(400, page.Status);
        Assert.Equal(language, page.Lang);
        Assert.Equal(required, page.Document.QuerySelector("#kind-error")?.TextContent);
        Assert.Equal(choose, page.Document.QuerySelector("#tlp-error")?.TextContent);
        Assert.Equal(indicatorLine, page.Document.QuerySelector("#indicators-error")?.TextContent);
        // The title's error comes from the API's own validator (ItemValidator), in the person's language.
        var titleError = page.Document.QuerySelector("#title-error")?.TextContent ?? "";
        Assert.NotEmpty(titleError);
        Assert.Equal(language == "ja", Regex.IsMatch(titleError, @"\p{IsHiragana}|\p{IsKatakana}|\p{IsCJKUnifiedIdeographs}"));
        Assert.Equal("title-error", page.Document.QuerySelector("#title")?.GetAttribute("aria-describedby"));
        Assert.Equal("true", page.Document.QuerySelector("#title")?.GetAttribute("aria-invalid"));
        Assert.Equal("kept summary <b>bold</b>", page.Document.QuerySelector("#summary")?.TextContent);
        Assert.Equal("ipv9 192.0.2.1", page.Document.QuerySelector("#indicators")?.TextContent);
        Assert.Equal(requestId, page.Document.QuerySelector("input[name=RequestId]")?.GetAttribute("value"));
        Assert.NotNull(page.Document.QuerySelector("[role=alert]"));
        var stored = await peers.BankNode.Member(peers.MizuhoKey).ListAsync(new ListItemsRequest { Text = "kept summary" });
        Assert.Empty(stored.Items);
    }

    [Fact]
    public async Task Submit_ValidReportSentTwice_StoredOnceAndBothAnswersNameTheSameItem()
    {
        using var sato = await peers.SignedInAsync(peers.Sato);
        var form = await sato.GetAsync("/member/submit");
        var requestId = form.Document.QuerySelector("input[name=RequestId]")!.GetAttribute("value")!;
        var fields = Fields(requestId, kind: "EarlyWarning", tlp: "Green", title: "Web console report one", summary: "Suspicious scans of the branch VPN.",
            indicators: "ipv4 198.51.100.23\ndomain evil.example the scanner's domain");

        var first = await sato.PostAsync("/member/submit", fields);
        var refresh = await sato.PostAsync("/member/submit", fields);

        Assert.Equal(200, first.Status);
        var id = first.Document.QuerySelector("#stored-id")?.TextContent;
        Assert.Equal("Report stored", first.Document.QuerySelector("#stored-heading")?.TextContent);
        Assert.Equal("Accepted and shared", first.Document.QuerySelector("#stored-status")?.TextContent);
        Assert.Equal(200, refresh.Status);
        Assert.Equal(id, refresh.Document.QuerySelector("#stored-id")?.TextContent);
        Assert.Equal("This report was already stored (the form was sent again)", refresh.Document.QuerySelector("#stored-heading")?.TextContent);
        var stored = await peers.BankNode.Member(peers.MizuhoKey).ListAsync(new ListItemsRequest { Text = "Web console report one" });
        var item = Assert.Single(stored.Items).Item;
        Assert.Equal(id, item.Id);
        Assert.Equal((ItemKind.EarlyWarning, Tlp.Green, Severity.High), (item.Kind, item.Tlp, item.Body.Severity));
        Assert.Equal([(IndicatorType.Ipv4, "198.51.100.23", ""), (IndicatorType.Domain, "evil.example", "the scanner's domain")],
            item.Body.Indicators.Select(i => (i.Type, i.Value, i.Description)));
        Assert.Equal(["branch VPN"], item.Body.Where.Systems);
        Assert.Equal("attack.intrusion", item.Body.Why.ThreatType);
    }

    [Fact]
    public async Task Submit_WithoutItsRequestId_RefusedAndNothingStored()
    {
        using var sato = await peers.SignedInAsync(peers.Sato);
        await sato.GetAsync("/member/submit");

        var page = await sato.PostAsync("/member/submit", Fields("", kind: "IncidentReport", tlp: "Green", title: "Web console report without id", summary: "s", indicators: ""));

        Assert.Equal(400, page.Status);
        Assert.Equal("This form has expired. Check the fields and send it again.", page.Document.QuerySelector("main p.field-error")?.TextContent);
        Assert.Empty((await peers.BankNode.Member(peers.MizuhoKey).ListAsync(new ListItemsRequest { Text = "report without id" })).Items);
    }

    [Fact]
    public async Task Submit_OverlongTitleControlCharacterAndUnknownSector_ErrorsNextToThoseFieldsNothingStored()
    {
        using var sato = await peers.SignedInAsync(peers.Sato);
        var form = await sato.GetAsync("/member/submit");
        var requestId = form.Document.QuerySelector("input[name=RequestId]")!.GetAttribute("value")!;
        var fields = Fields(requestId, kind: "IncidentReport", tlp: "Green", title: new string('長', 300), summary: "bell \u0007 inside", indicators: "");
        fields.RemoveAll(f => f.Key == "Sectors");
        fields.Add(new("Sectors", "no-such-sector"));

        var page = await sato.PostAsync("/member/submit", fields);

        Assert.Equal(400, page.Status);
        Assert.NotEmpty(page.Document.QuerySelector("#title-error")?.TextContent ?? "");
        Assert.NotEmpty(page.Document.QuerySelector("#summary-error")?.TextContent ?? "");
        Assert.NotEmpty(page.Document.QuerySelector("#sectors-error")?.TextContent ?? "");
        Assert.Null(page.Document.QuerySelector("#kind-error"));
        Assert.Empty((await peers.BankNode.Member(peers.MizuhoKey).ListAsync(new ListItemsRequest { Text = "bell" })).Items);
    }

    [Theory]
    [InlineData("/member?text=alert")]
    [InlineData("/member/items/{0}")]
    [InlineData("/member/acks")]
    public async Task HostilePeerItem_ScriptLinksMarkupAndBidi_RenderedAsInertText(string path)
    {
        using var sato = await peers.SignedInAsync(peers.Sato);
        await peers.BankNode.Member(peers.MizuhoKey).AcknowledgeAsync(new AcknowledgeRequest { ItemId = peers.HostileId });

        var page = await sato.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, peers.HostileId));

        Assert.Equal(200, page.Status);
        var document = page.Document;
        Assert.All(document.QuerySelectorAll("script"), s => Assert.Equal(("/console.js", ""), (s.GetAttribute("src"), s.TextContent)));
        Assert.Empty(document.QuerySelectorAll("img, iframe, object, embed"));
        Assert.DoesNotContain(document.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(document.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")![0] is not ('/' or '#'));
        var text = document.Body!.TextContent;
        Assert.Contains(MemberPeers.Script, text, StringComparison.Ordinal);
        Assert.Contains("invoice[U+202E]fdp.exe [U+2066]isolate[U+2069]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(text, c => c is '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069');
        // Every place the hostile title is shown is its own <bdi>: it cannot reorder the page around it.
        Assert.Contains(document.QuerySelectorAll("bdi"), b => b.TextContent.Contains(MemberPeers.Script, StringComparison.Ordinal));
        Assert.All(document.QuerySelectorAll("*").Where(e => e.ChildNodes.Any(n => n.NodeType == AngleSharp.Dom.NodeType.Text && n.TextContent.Contains("alert(1)", StringComparison.Ordinal))),
            e => Assert.Contains(e.LocalName, new[] { "bdi", "code", "a" }));
    }

    private static List<KeyValuePair<string, string>> Fields(string requestId, string kind, string tlp, string title, string summary, string indicators) =>
    [
        new("RequestId", requestId),
        new("Kind", kind),
        new("Tlp", tlp),
        new("Severity", "High"),
        new("Language", "en"),
        new("Title", title),
        new("Summary", summary),
        new("What", "Scans from one address range every night."),
        new("Affected", "branch offices"),
        new("Systems", "branch VPN"),
        new("Services", ""),
        new("Regions", "Kanto"),
        new("ThreatType", "attack.intrusion"),
        new("Cause", "unknown"),
        new("Actions", "blocked the range\nwatching the logs"),
        new("Indicators", indicators),
        new("Sectors", ""),
        new("Nodes", ""),
    ];
}
