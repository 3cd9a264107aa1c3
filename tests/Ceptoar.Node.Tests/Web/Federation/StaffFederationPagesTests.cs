using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Web.Federation;

/// <summary>
/// The staff pages about the federation over a real HttpClient on a real node (docs/CONSOLE.md §4.5–4.10): who may open
/// them, both languages, hostile input shown inert, the query's per-node reasons, statistics counted from items this test
/// submits, the audit chain verified.
/// </summary>
public sealed class StaffFederationPagesTests(WebNode web) : IClassFixture<WebNode>
{
    private const string Hostile = "<script>alert(1)</script>\u202Egnp.exe javascript:alert(1)";

    /// <summary>Every page of this part, with its English and Japanese heading (the test's own statement).</summary>
    public static TheoryData<string, string, string> StaffPages => new()
    {
        { "/staff/directory", "Directory", "ディレクトリ" },
        { "/staff/peers", "Peers and their backlog", "ピアと未送信の滞留" },
        { "/staff/rules", "Handling rules", "取扱いルール" },
        { "/staff/audit", "Audit log", "監査ログ" },
        { "/staff/statistics", "Sharing statistics", "情報共有の統計" },
        { "/staff/query", "Federated query", "連合横断検索" },
    };

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPage_SignedOut_RedirectsToSignIn(string path, string english, string japanese)
    {
        using var client = web.Client("en");

        var page = await client.GetAsync(path);

        Assert.Equal(302, page.Status);
        Assert.StartsWith("/sign-in", new Uri(client.BaseAddress, page.Location).PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(english, page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(japanese, page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPage_MemberPerson_RefusedWithoutTheContent(string path, string english, string japanese)
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.MemberPerson.Login);

        var page = await client.GetAsync(path);

        // The shell's answer for a page of another kind: the 404 page, which does not say the page exists (docs/CONSOLE.md §4).
        Assert.Equal(404, page.Status);
        Assert.Equal("Page not found", page.Document.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(english, page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(japanese, page.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task StaffPage_CouncilInEachLanguage_HeadingInThatLanguageAndInert(string path, string english, string japanese)
    {
        foreach (var (language, heading) in new[] { ("en", english), ("ja", japanese) })
        {
            using var client = web.Client(language);
            await client.SignInAsync(web.CouncilPerson.Login);

            var page = await client.GetAsync(path);

            Assert.Equal(200, page.Status);
            Assert.Equal(language, page.Lang);
            Assert.Equal(heading, page.Document.QuerySelector("h1")!.TextContent);
            StaffAssert.Inert(page);
        }
    }

    [Theory]
    [InlineData("en", "Only Council staff may query the federation.")]
    [InlineData("ja", "連合横断検索を実行できるのは協議会スタッフだけです。")]
    public async Task QueryPage_StaffNotCouncil_403SayingWhoMay(string language, string sentence)
    {
        using var client = web.Client(language);
        await client.SignInAsync(web.StaffPerson.Login);

        var page = await client.GetAsync("/staff/query");
        var posted = await client.PostAsync("/staff/query", [new("Text", "x")]);

        Assert.Equal(403, page.Status);
        Assert.StartsWith(sentence, page.Document.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("form.stack"));
        Assert.Equal(403, posted.Status);
    }

    [Fact]
    public async Task QueryPage_PeerStopped_ItsReasonShownPerNode()
    {
        // A peer whose node is not running: nothing listens on its port.
        await web.Node.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "stopped-ceptoar", Endpoint = "https://127.0.0.1:9/" });
        using var client = web.Client("en");
        await client.SignInAsync(web.CouncilPerson.Login);
        await client.GetAsync("/staff/query");

        var page = await client.PostAsync("/staff/query", [new("Text", "logins"), new("Deadline", "3")]);

        Assert.Equal(200, page.Status);
        var row = page.Document.QuerySelector("table.query-nodes tr[data-node='stopped-ceptoar']")!;
        Assert.Equal("unreachable", row.QuerySelector("td")!.TextContent);
        Assert.NotEqual("", row.QuerySelectorAll("td")[2].TextContent.Trim());
        StaffAssert.Inert(page);
    }

    [Theory]
    [InlineData("Limit", "0", "Most items per node: write a whole number from 1 to 500.")]
    [InlineData("Deadline", "61", "Deadline in seconds: write a whole number from 1 to 60.")]
    [InlineData("Kind", Hostile, "Kind: choose one of the list.")]
    [InlineData("Label", Hostile, "Label: choose one of the list.")]
    [InlineData("From", Hostile, "Write a day as YYYY-MM-DD (2026-04-01), from the year 2000.")]
    [InlineData("Text", Hostile, "Text in title, summary or what: write plain text, without control or direction characters.")]
    public async Task QueryPage_HostileOrBadField_400ErrorNextToItAndInert(string field, string value, string error)
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.CouncilPerson.Login);
        await client.GetAsync("/staff/query");

        var page = await client.PostAsync("/staff/query", [new(field, value)]);

        Assert.Equal(400, page.Status);
        var input = page.Document.QuerySelector($"[name={field}]")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.Equal(error, page.Document.GetElementById(input.Id + "-error")!.TextContent);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page.Body, StringComparison.Ordinal);
        StaffAssert.Inert(page);
    }

    [Theory]
    [InlineData("en", "From", "2026-13", "from_month")]
    [InlineData("ja", "To", Hostile, "")]
    [InlineData("en", "By", "<b>nodes</b>", "group_by")]
    [InlineData("en", "Direction", "javascript:alert(1)", "direction")]
    public async Task StatisticsPage_BadField_400ErrorNextToItAndInert(string language, string field, string value, string serviceField)
    {
        using var client = web.Client(language);
        await client.SignInAsync(web.StaffPerson.Login);

        var page = await client.GetAsync($"/staff/statistics?{field}={Uri.EscapeDataString(value)}");

        Assert.Equal(400, page.Status);
        var input = page.Document.QuerySelector($"[name={field}]")!;
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        Assert.NotEqual("", page.Document.GetElementById(input.Id + "-error")!.TextContent);
        if (serviceField.Length > 0)
        {
            Assert.Empty(page.Document.QuerySelectorAll("table.stats-rows"));
        }

        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>nodes", page.Body, StringComparison.Ordinal);
        StaffAssert.Inert(page);
    }

    [Fact]
    public async Task StatisticsPage_ItemsSubmittedThisMonth_CountedByLabelAndKindWithCsv()
    {
        var member = web.Node.Member(web.ApiKey);
        await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "stats one")));
        await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "stats two")));
        using var client = web.Client("en");
        await client.SignInAsync(web.StaffPerson.Login);

        var byLabel = await client.GetAsync("/staff/statistics?By=label&Direction=sent");
        var byKind = await client.GetAsync("/staff/statistics?By=kind&Direction=sent");
        var csv = await client.GetAsync("/staff/statistics?handler=Csv&by=label&direction=sent");

        Assert.Equal(200, byLabel.Status);
        Assert.Equal("2", byLabel.Document.QuerySelector("table.stats-rows tr[data-key='GREEN'] td:nth-child(3)")!.TextContent);
        Assert.Equal("0", byLabel.Document.QuerySelector("table.stats-rows tr[data-key='AMBER'] td:nth-child(3)")!.TextContent);
        Assert.Equal("2", byKind.Document.QuerySelector("table.stats-rows tr[data-key='incident-report'] td:nth-child(3)")!.TextContent);
        Assert.Equal(13, byKind.Document.QuerySelectorAll("svg rect").Length);
        Assert.NotNull(byKind.Document.QuerySelector("svg title"));
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Contains("\"GREEN\",\"\",\"\",2,0,0,0", csv.Body, StringComparison.Ordinal);
        StaffAssert.Inert(byKind);
    }

    [Theory]
    [InlineData("en", "The audit chain is intact:")]
    [InlineData("ja", "監査チェーンは改ざんされていません")]
    public async Task AuditPage_VerifyGoodChain_SaysIntact(string language, string intact)
    {
        using var client = web.Client(language);
        await client.SignInAsync(web.StaffPerson.Login);
        var before = await client.GetAsync("/staff/audit");

        var page = await client.PostAsync("/staff/audit", []);

        Assert.Equal(200, before.Status);
        Assert.Contains(before.Document.QuerySelectorAll("table.audit td"), td => td.TextContent == "person.signin");
        Assert.Equal(200, page.Status);
        Assert.StartsWith(intact, page.Document.QuerySelector(".verify-result p")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditPage_VerifyWithoutToken_400NothingRun()
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.StaffPerson.Login);
        await client.GetAsync("/staff/audit");

        var page = await client.PostAsync("/staff/audit", [], withToken: false);

        Assert.Equal(400, page.Status);
        Assert.Null(page.Document.QuerySelector(".verify-result"));
    }

    [Theory]
    [InlineData("Action", Hostile)]
    [InlineData("After", "<script>")]
    public async Task AuditPage_HostileQueryValue_400AndInert(string field, string value)
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.StaffPerson.Login);

        var page = await client.GetAsync($"/staff/audit?{field}={Uri.EscapeDataString(value)}");

        Assert.Equal(400, page.Status);
        Assert.NotEmpty(page.Document.QuerySelectorAll(".field-error"));
        Assert.DoesNotContain("<script>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page.Body, StringComparison.Ordinal);
        StaffAssert.Inert(page);
    }

    [Theory]
    [InlineData("{not json <script>alert(1)</script>", "The draft is not an item draft in JSON:")]
    [InlineData("", "Give either a stored item id or a draft, not both.")]
    public async Task RulesPage_BadDraft_400ErrorNextToDraftAndInert(string draft, string error)
    {
        using var client = web.Client("en");
        await client.SignInAsync(web.StaffPerson.Login);
        await client.GetAsync("/staff/rules");

        var page = await client.PostAsync("/staff/rules", [new("Draft", draft), new("MemberId", WebNode.MemberId)]);

        Assert.Equal(400, page.Status);
        Assert.Equal("true", page.Document.GetElementById("draft")!.GetAttribute("aria-invalid"));
        Assert.StartsWith(error, page.Document.GetElementById("draft-error")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        StaffAssert.Inert(page);
    }

    [Theory]
    [InlineData("ItemId", Hostile, "item-id")]
    [InlineData("FromPeer", Hostile, "from-peer")]
    [InlineData("ItemId", "<script>alert(1)</script>", "item-id")]
    [InlineData("MemberId", "<script>alert(1)</script>", "member-id")]
    public async Task RulesPage_HostileIdField_400ErrorNextToItAndInert(string field, string value, string id)
    {
        using var client = web.Client("ja");
        await client.SignInAsync(web.StaffPerson.Login);
        await client.GetAsync("/staff/rules");
        var draft = field == "MemberId" ? Google.Protobuf.JsonFormatter.Default.Format(Drafts.Incident(Tlp.Green)) : "";

        var page = await client.PostAsync("/staff/rules", [new(field, value), new("Draft", draft)]);

        Assert.Equal(400, page.Status);
        Assert.Equal("true", page.Document.GetElementById(id)!.GetAttribute("aria-invalid"));
        Assert.NotEqual("", page.Document.GetElementById(id + "-error")!.TextContent);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page.Body, StringComparison.Ordinal);
        StaffAssert.Inert(page);
    }

    [Fact]
    public async Task RulesPage_DraftOfMember_ShowsTheDecisionAndStoresNothing()
    {
        var before = (await web.Node.Admin.GetStatusAsync(new GetStatusRequest())).Items;
        using var client = web.Client("en");
        await client.SignInAsync(web.StaffPerson.Login);
        await client.GetAsync("/staff/rules");
        var draft = Google.Protobuf.JsonFormatter.Default.Format(Drafts.Incident(Tlp.Green, "<script>alert(1)</script>"));

        var page = await client.PostAsync("/staff/rules", [new("Draft", draft), new("MemberId", WebNode.MemberId)]);

        Assert.Equal(200, page.Status);
        Assert.Equal("TLP:GREEN", page.Document.QuerySelector(".dry-run-result .tlp")!.TextContent);
        Assert.Equal(before, (await web.Node.Admin.GetStatusAsync(new GetStatusRequest())).Items);
        StaffAssert.Inert(page);
    }

    [Fact]
    public async Task DirectoryPage_Staff_ListsTheMemberAndThisNode()
    {
        using var client = web.Client("ja");
        await client.SignInAsync(web.StaffPerson.Login);

        var page = await client.GetAsync("/staff/directory");

        Assert.Equal(200, page.Status);
        Assert.NotNull(page.Document.QuerySelector($"table.directory-members tr[data-member='{WebNode.MemberId}']"));
    }
}
