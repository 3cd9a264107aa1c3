using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>A drill's report (docs/CONSOLE.md §4.3; docs/DRILLS.md §5), as `ceptoar-admin drills report` gives it, from the same AdminDrills.</summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class DrillReportModel : PageModel
{
    private readonly AdminDrills _drills;

    public DrillReportModel(AdminDrills drills) => _drills = drills;

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public DrillReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Report = await _drills.ReportAsync(new GetDrillReportRequest { DrillId = Id }, cancellationToken);
            return Page();
        }
        catch (RpcException refused) when (StaffWeb.IsRefusal(refused))
        {
            return NotFound();
        }
    }

    /// <summary>A latency as seconds with one decimal ("12.3 s"), or "—" when it cannot be known yet.</summary>
    public static string Seconds(long? ms) =>
        ms is { } value ? string.Format(CultureInfo.CurrentCulture, StaffText.SecondsValue, value / 1000.0) : "—";
}
