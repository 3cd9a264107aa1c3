using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>
/// One drill's live board (docs/CONSOLE.md §4.3): filled from `drills report` (AdminDrills), updated by the server-sent
/// events of /staff/drills/{id}/events where scripts run, correct on reload where they do not; and its close.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class DrillModel : PageModel
{
    private readonly AdminDrills _drills;
    private readonly WebTime _time;

    public DrillModel(AdminDrills drills, WebTime time)
    {
        _drills = drills;
        _time = time;
    }

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public DrillReport Report { get; private set; } = null!;

    public DrillBoard Board { get; private set; } = null!;

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCloseAsync(CancellationToken cancellationToken)
    {
        if (WebSession.Current(HttpContext) is not { } person)
        {
            return Challenge(WebConsole.Scheme);
        }

        if (!await LoadAsync(cancellationToken))
        {
            return NotFound();
        }

        // Closing a closed drill answers with the first close (AdminDrills): the page then shows who closed it and when.
        await _drills.CloseAsync(new CloseDrillRequest { DrillId = Id, StaffName = StaffWeb.StaffName(person) }, cancellationToken);
        Done = StaffText.DrillClosed;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Report = await _drills.ReportAsync(new GetDrillReportRequest { DrillId = Id }, cancellationToken);
            Board = DrillBoard.Of(Report, _time);
            return true;
        }
        catch (RpcException refused) when (StaffWeb.IsRefusal(refused))
        {
            return false;
        }
    }
}
