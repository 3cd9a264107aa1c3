using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Web.Staff;

/// <summary>
/// Who reaches the staff pages (docs/CONSOLE.md §4): staff and Council people in both languages; a member company's person
/// never (the pages show every item at the node, whatever its label: what a member's feed would not show); a visitor who
/// is not signed in is sent to sign in.
/// </summary>
public sealed class StaffAccessTests(StaffWebNode staff) : IClassFixture<StaffWebNode>
{
    /// <summary>Every staff page; {held}, {item} and {drill} stand for real ids the test makes.</summary>
    public static TheoryData<string> StaffPaths => new()
    {
        "/staff/queue", "/staff/queue?all=true", "/staff/queue/{held}", "/staff/items", "/staff/items/{item}", "/staff/drills", "/staff/drills/{drill}",
        "/staff/drills/{drill}/report", "/staff/drills/{drill}/events", "/staff/mode",
    };

    /// <summary>Each page's heading in each language, as docs/CONSOLE.md §4 names the pages (the test's own table).</summary>
    public static TheoryData<string, string, string> Headings => new()
    {
        { "/staff/queue", "en", "Approval queue" }, { "/staff/queue", "ja", "承認待ち" },
        { "/staff/queue/{held}", "en", "Held item" }, { "/staff/queue/{held}", "ja", "保留中の項目" },
        { "/staff/items", "en", "Items" }, { "/staff/items", "ja", "項目" },
        { "/staff/items/{item}", "en", "Item status" }, { "/staff/items/{item}", "ja", "項目の状況" },
        { "/staff/drills", "en", "Drills" }, { "/staff/drills", "ja", "訓練" },
        { "/staff/drills/{drill}", "en", "Drill board" }, { "/staff/drills/{drill}", "ja", "訓練ボード" },
        { "/staff/drills/{drill}/report", "en", "Drill report" }, { "/staff/drills/{drill}/report", "ja", "訓練報告" },
        { "/staff/mode", "en", "Mode and status board" }, { "/staff/mode", "ja", "モードと状況ボード" },
    };

    [Theory]
    [MemberData(nameof(StaffPaths))]
    public async Task StaffPage_SignedOut_SentToSignIn(string path)
    {
        using var client = staff.Web.Client("en");

        var page = await client.GetAsync(await PathAsync(path));

        Assert.Equal(302, page.Status);
        Assert.StartsWith("https://", page.Location ?? "", StringComparison.Ordinal);
        Assert.Contains("/sign-in?ReturnUrl=", page.Location, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffPaths))]
    public async Task StaffPage_MemberPerson_404WithNothingOfThePage(string path)
    {
        using var client = await staff.MemberAsync();
        var secret = await staff.HeldItemAsync("Member-invisible held report " + Guid.NewGuid().ToString("N")[..8]);

        var page = await client.GetAsync(await PathAsync(path.Replace("{held}", secret, StringComparison.Ordinal)));

        Assert.Equal(404, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.Header("Content-Type"));
        Assert.DoesNotContain("Member-invisible", page.Body, StringComparison.Ordinal);
        // The 404 page in the person's language, with no way into the staff pages.
        Assert.Equal("Page not found", page.Document.QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain(page.Document.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").StartsWith("/staff", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/staff/queue/{held}?handler=Approve")]
    [InlineData("/staff/queue/{held}?handler=Reject")]
    [InlineData("/staff/drills")]
    [InlineData("/staff/drills/{drill}?handler=Close")]
    public async Task StaffForm_MemberPersonPosts_404AndNothingDecided(string path)
    {
        using var client = await staff.MemberAsync();
        await client.GetAsync("/");
        var held = await staff.HeldItemAsync();

        var page = await client.PostAsync(await PathAsync(path.Replace("{held}", held, StringComparison.Ordinal)),
            [new("Reason", "member tries"), new("InstructionJa", "訓練"), new("InstructionEn", "drill")]);

        Assert.Equal(404, page.Status);
        var stored = await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = held });
        Assert.Equal("held", stored.Held.State);
    }

    [Theory]
    [MemberData(nameof(Headings))]
    public async Task StaffPage_StaffPerson_InTheirLanguageInert(string path, string language, string heading)
    {
        using var client = await staff.StaffAsync(language);

        var page = await client.GetAsync(await PathAsync(path));

        Assert.Equal(200, page.Status);
        Assert.Equal(language, page.Lang);
        Assert.Equal(heading, page.Document.QuerySelector("h1")!.TextContent);
        WebAssert.Inert(page);
        // The staff navigation is there, in the person's language.
        Assert.Contains(page.Document.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == "/staff/queue" && a.TextContent == (language == "ja" ? "承認待ち" : "Approval queue"));
    }

    [Fact]
    public async Task StaffPage_CouncilPerson_200()
    {
        using var client = staff.Web.Client("en");
        await client.SignInAsync(staff.Web.CouncilPerson.Login);

        var page = await client.GetAsync("/staff/queue");

        Assert.Equal(200, page.Status);
    }

    [Fact]
    public async Task Home_MemberPerson_NoStaffNavigation()
    {
        using var client = await staff.MemberAsync();

        var page = await client.GetAsync("/");

        Assert.Equal(200, page.Status);
        Assert.DoesNotContain(page.Document.QuerySelectorAll("a"), a => (a.GetAttribute("href") ?? "").StartsWith("/staff", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/staff/queue/0190f5a4-0000-7000-8000-000000000000")]
    [InlineData("/staff/queue/not-an-id")]
    [InlineData("/staff/queue/%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/staff/items/0190f5a4-0000-7000-8000-000000000000")]
    [InlineData("/staff/items/..%2F..%2Fetc")]
    [InlineData("/staff/drills/0190f5a4-0000-7000-8000-000000000000")]
    [InlineData("/staff/drills/{held}")]
    [InlineData("/staff/drills/%E2%80%AEevil/report")]
    [InlineData("/staff/drills/nope/events")]
    public async Task StaffPage_UnknownOrHostileId_404InTheirLanguage(string path)
    {
        using var client = await staff.StaffAsync("ja");

        var page = await client.GetAsync(await PathAsync(path));

        Assert.Equal(404, page.Status);
        Assert.Equal("ja", page.Lang);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        WebAssert.Inert(page);
    }

    /// <summary>The path with real ids: a held item, an item with a status, a drill (each made for this call).</summary>
    private async Task<string> PathAsync(string path)
    {
        if (path.Contains("{held}", StringComparison.Ordinal))
        {
            path = path.Replace("{held}", await staff.HeldItemAsync(), StringComparison.Ordinal);
        }

        if (path.Contains("{drill}", StringComparison.Ordinal) || path.Contains("{item}", StringComparison.Ordinal))
        {
            var drill = await staff.Web.Node.Admin.StartDrillAsync(new StartDrillRequest
            {
                ClientRequestId = Guid.NewGuid().ToString("N"), StaffName = "test", InstructionJa = "確認応答してください。", InstructionEn = "Acknowledge this.",
            });
            path = path.Replace("{drill}", drill.DrillId, StringComparison.Ordinal).Replace("{item}", drill.DrillId, StringComparison.Ordinal);
        }

        return path;
    }
}
