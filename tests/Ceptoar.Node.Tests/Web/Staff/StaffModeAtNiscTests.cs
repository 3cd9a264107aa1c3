using Ceptoar.Federation.V1;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.Web.Staff;

/// <summary>
/// The mode page at NISC, where the status board is kept (docs/CONSOLE.md §4.4, docs/MODES.md §5): after NISC switches
/// the federation to large-scale mode, a staff person sees the mode, the period's reason and the board, in each language.
/// </summary>
public sealed class StaffModeAtNiscTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private readonly TestPeople _people = new(new JumpClock());
    private TestNode _nisc = null!;
    private Person _staff = null!;

    public async Task InitializeAsync()
    {
        _nisc = await TestNode.StartAsync(
            new TestFederation(_dir.Combine("pki")),
            "nisc",
            _dir.Combine("nisc"),
            s =>
            {
                s["Node:Role"] = "nisc";
                s["Node:WebListen"] = "127.0.0.1:0";
            },
            clock: _people.Clock);
        _people.Attach(_nisc);
        _staff = await _people.AddAsync("duty@nisc.example.jp", "Duty Officer", null, PersonKind.Staff);
    }

    public async Task DisposeAsync()
    {
        if (_nisc is not null)
        {
            await _nisc.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Theory]
    [InlineData("en", "Large-scale incident mode")]
    [InlineData("ja", null)]
    public async Task ModePage_LargeScaleAtNisc_ModeReasonAndTheBoard(string language, string? modeName)
    {
        if ((await _nisc.Admin.GetStatusAsync(new GetStatusRequest())).Mode != FederationMode.LargeScale)
        {
            await _nisc.Admin.SetModeAsync(new SetModeRequest
            {
                Mode = FederationMode.LargeScale, Reason = "Nationwide outage of a cloud provider <b>bold</b>", ReportEveryMinutes = 60,
                StaffName = "duty", ClientRequestId = "web-mode-test",
            });
        }

        using var client = new WebClient(_nisc.Ready.WebEndpoint!, _nisc.Root, language, _people);
        Assert.Equal(302, (await client.SignInAsync(_staff.Login)).Status);

        var page = await client.GetAsync("/staff/mode");

        Assert.Equal(200, page.Status);
        Assert.Equal(language, page.Lang);
        var current = page.Document.QuerySelector("#mode-current")!.TextContent.Trim();
        Assert.Equal(modeName ?? "大規模障害モード", current);
        Assert.Null(page.Document.QuerySelector("#no-board"));
        Assert.NotNull(page.Document.QuerySelector("section[aria-labelledby=board-heading] table caption"));
        // The reason is another person's text: shown as typed, never as markup.
        Assert.Contains("Nationwide outage of a cloud provider <b>bold</b>", page.Document.QuerySelector("dd.text")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.Document.QuerySelectorAll("dd.text b"));
    }
}
