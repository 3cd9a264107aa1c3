using System.Net;
using System.Text.Json;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Web.Staff;

/// <summary>
/// Drills, items and the mode in the console (docs/CONSOLE.md §4.2–4.4): start with refusals next to their fields, the
/// board's server-sent events as acknowledgements arrive (and only the board in them), close, item status, the mode.
/// </summary>
public sealed class StaffDrillTests(StaffWebNode staff) : IClassFixture<StaffWebNode>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartDrill_Valid_RedirectsToItsBoard_StartedAsThePerson()
    {
        using var client = await staff.StaffAsync();
        await client.GetAsync("/staff/drills");

        var started = await client.PostAsync("/staff/drills", Form("訓練です。確認応答してください。", "This is a drill: acknowledge it.", "15"));

        Assert.Equal(302, started.Status);
        Assert.StartsWith("/staff/drills/", started.Location, StringComparison.Ordinal);
        var id = started.Location!["/staff/drills/".Length..];
        var drills = await staff.Web.Node.Admin.ListDrillsAsync(new ListDrillsRequest());
        var drill = Assert.Single(drills.Drills, d => d.DrillId == id);
        Assert.Equal(StaffWebNode.StaffActor, drill.StartedBy);
        Assert.Equal(TimeSpan.FromMinutes(15), drill.AcknowledgeBy.ToDateTimeOffset() - drill.StartedAt.ToDateTimeOffset());
        var board = await client.GetAsync(started.Location);
        Assert.Equal(200, board.Status);
        Assert.Equal("Bank CEPTOAR (bank-ceptoar)", board.Document.QuerySelector("#row-bank-ceptoar th")!.TextContent);
    }

    [Theory]
    [InlineData("en", "", "drill", "", "InstructionJa", "Instruction in Japanese: enter it.")]
    [InlineData("en", "訓練", "drill", "abc", "Minutes", "Enter a whole number of minutes from 1 to 10080, or leave it empty for 60.")]
    [InlineData("ja", "訓練", "drill", "10081", "Minutes", "1〜10080の整数（分）を入力してください。空欄の場合は60分です。")]
    [InlineData("ja", "訓練", "", "", "InstructionEn", "指示（英語）を入力してください。")]
    public async Task StartDrill_BadField_400ErrorNextToIt_NoDrill(string language, string ja, string en, string minutes, string field, string error)
    {
        using var client = await staff.StaffAsync(language);
        await client.GetAsync("/staff/drills");
        var before = (await staff.Web.Node.Admin.ListDrillsAsync(new ListDrillsRequest())).Drills.Count;

        var page = await client.PostAsync("/staff/drills", Form(ja, en, minutes));

        Assert.Equal(400, page.Status);
        var input = page.Document.QuerySelector($"[name={field}]")!;
        var errorId = input.GetAttribute("aria-describedby")!.Split(' ')[0];
        Assert.Equal(error, page.Document.GetElementById(errorId)!.TextContent);
        Assert.Equal(before, (await staff.Web.Node.Admin.ListDrillsAsync(new ListDrillsRequest())).Drills.Count);
    }

    [Fact]
    public async Task StartDrill_WholeFederationAtASecretariat_409SaysWhyInJapanese()
    {
        using var client = await staff.StaffAsync("ja");
        await client.GetAsync("/staff/drills");

        var page = await client.PostAsync("/staff/drills", [.. Form("訓練", "drill", ""), new("WholeFederation", "true")]);

        Assert.Equal(409, page.Status);
        Assert.Contains("他のノードを訓練の対象にできるのは NISC とセプターカウンシルだけです", page.Document.QuerySelector("p.refusal")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartDrill_HostileTitle_InertOnListAndBoard()
    {
        using var client = await staff.StaffAsync();
        await client.GetAsync("/staff/drills");

        var started = await client.PostAsync("/staff/drills", [.. Form("訓練", "drill", ""), new("Title", "<script>alert(1)</script>")]);
        var list = await client.GetAsync("/staff/drills");
        var board = await client.GetAsync(started.Location!);

        foreach (var page in new[] { list, board })
        {
            WebAssert.Inert(page);
            Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
            Assert.Contains(page.Document.QuerySelectorAll("a, dd"), e => e.TextContent == "<script>alert(1)</script>");
        }
    }

    [Fact]
    public async Task DrillEvents_MemberAcknowledges_EventWithTheNewCountArrives_NoInstructionInIt()
    {
        const string instruction = "Secret-ish instruction text for this drill";
        var drill = await StartAsync(instruction);
        using var client = await staff.StaffAsync();
        using var http = EventClient(client);
        using var response = await http.GetAsync($"/staff/drills/{drill}/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var deadline = new CancellationTokenSource(Deadline);

        var first = await NextBoardAsync(reader, deadline.Token);
        await staff.Web.Node.Member(staff.Web.ApiKey).AcknowledgeAsync(new AcknowledgeRequest { ItemId = drill });
        var next = await NextBoardAsync(reader, deadline.Token);

        Assert.Equal("0", Cell(first, "row-bank-ceptoar", 3));
        Assert.Equal("1", Cell(next, "row-bank-ceptoar", 3));
        Assert.Equal("2", Cell(next, "row-bank-ceptoar", 2));
        Assert.DoesNotContain(instruction, next.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DrillEvents_MemberPerson_404NoStream()
    {
        var drill = await StartAsync("instruction");
        using var client = await staff.MemberAsync();
        using var http = EventClient(client);

        using var response = await http.GetAsync($"/staff/drills/{drill}/events", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CloseDrill_Post_ClosedByThePerson_ReportSaysSo()
    {
        var drill = await StartAsync("instruction");
        using var client = await staff.StaffAsync();
        await client.GetAsync($"/staff/drills/{drill}");

        var closed = await client.PostAsync($"/staff/drills/{drill}?handler=Close", []);
        var report = await client.GetAsync($"/staff/drills/{drill}/report");

        Assert.Equal(200, closed.Status);
        Assert.StartsWith(StaffWebNode.StaffActor + ", ", closed.Document.QuerySelector("#drill-closed")!.TextContent, StringComparison.Ordinal);
        Assert.Null(closed.Document.QuerySelector("#close-drill"));
        Assert.Equal(StaffWebNode.StaffActor, (await staff.Web.Node.Admin.ListDrillsAsync(new ListDrillsRequest())).Drills.Single(d => d.DrillId == drill).ClosedBy);
        Assert.Equal("0 / 2", report.Document.QuerySelector("#report-totals dd:nth-of-type(2)")!.TextContent);
    }

    [Fact]
    public async Task ItemPage_Drill_SignatureCheckedAndStatusShown()
    {
        var drill = await StartAsync("instruction");
        using var client = await staff.StaffAsync("ja");

        var page = await client.GetAsync($"/staff/items/{drill}");

        Assert.Equal(200, page.Status);
        Assert.StartsWith("bank-ceptoar が鍵", page.Document.QuerySelector("#signature")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.Document.QuerySelectorAll("h2"), h => h.TextContent == "配信と確認応答");
    }

    [Fact]
    public async Task ItemsList_TooLongSearch_400ErrorNextToField()
    {
        using var client = await staff.StaffAsync();

        var page = await client.GetAsync("/staff/items?q=" + new string('x', 201));

        Assert.Equal(400, page.Status);
        Assert.Equal("Words in the title or text: at most 200 characters.", page.Document.QuerySelector("#q-error")!.TextContent);
    }

    [Theory]
    [InlineData("?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", 200)]
    [InlineData("?q=%E2%80%AE%00x", 200)]
    [InlineData("?after=not-a-token", 400)]
    [InlineData("?after=%3Cscript%3E&q=javascript:alert(1)", 400)]
    public async Task ItemsList_HostileQuery_AnsweredInert(string query, int status)
    {
        using var client = await staff.StaffAsync();

        var page = await client.GetAsync("/staff/items" + query);

        Assert.Equal(status, page.Status);
        WebAssert.Inert(page);
        Assert.DoesNotContain("<script>alert", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", page.Body, StringComparison.Ordinal);
        Assert.Equal(status == 400, page.Document.QuerySelector("#q-error") is not null);
    }

    [Theory]
    [InlineData("en", "Normal", "this node is certified as 'secretariat': the status board is kept at NISC and the Council")]
    [InlineData("ja", "平常", "このノードは 'secretariat' として認証されています。状況ボードは NISC とセプターカウンシルにあります。")]
    public async Task ModePage_AtASecretariat_NormalAndWhyNoBoard(string language, string mode, string why)
    {
        using var client = await staff.StaffAsync(language);

        var page = await client.GetAsync("/staff/mode");

        Assert.Equal(200, page.Status);
        Assert.Equal(mode, page.Document.QuerySelector("#mode-current")!.TextContent);
        Assert.Equal(why, page.Document.QuerySelector("#no-board")!.TextContent);
    }

    private static KeyValuePair<string, string>[] Form(string ja, string en, string minutes) =>
        [new("InstructionJa", ja), new("InstructionEn", en), new("Minutes", minutes), new("Label", "GREEN")];

    private async Task<string> StartAsync(string instruction) =>
        (await staff.Web.Node.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = Guid.NewGuid().ToString("N"), StaffName = "test", InstructionJa = "訓練", InstructionEn = instruction,
        })).DrillId;

    /// <summary>An HttpClient with the signed-in client's cookies that reads a stream as it comes.</summary>
    private HttpClient EventClient(WebClient client)
    {
        var handler = Clients.TlsHandler(staff.Web.Node.Root);
        handler.CookieContainer = client.Cookies;
        handler.AllowAutoRedirect = false;
        return new HttpClient(handler) { BaseAddress = client.BaseAddress, Timeout = Deadline };
    }

    /// <summary>The data of the next "board" event.</summary>
    private static async Task<JsonElement> NextBoardAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var board = false;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == "event: board")
            {
                board = true;
            }
            else if (board && line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }

    private static string Cell(JsonElement board, string row, int index) =>
        board.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetString() == row).GetProperty("cells")[index].GetString()!;
}
