using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>
/// The mode and the status board in large-scale mode (docs/CONSOLE.md §4.4): `ceptoar-admin mode show` and `mode board`
/// through the same AdminModes. Only NISC and the Council keep a board; elsewhere the page says why there is none.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class ModeModel : PageModel
{
    private readonly AdminModes _modes;

    public ModeModel(AdminModes modes) => _modes = modes;

    public ModeView Mode { get; private set; } = null!;

    public StatusBoard? Board { get; private set; }

    /// <summary>Why there is no board (not a hub, no period yet), in the person's language.</summary>
    public string? NoBoard { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Mode = await _modes.GetAsync(cancellationToken);
        try
        {
            Board = await _modes.BoardAsync(new GetStatusBoardRequest(), cancellationToken);
        }
        catch (RpcException refused) when (refused.StatusCode is Grpc.Core.StatusCode.FailedPrecondition or Grpc.Core.StatusCode.NotFound)
        {
            NoBoard = StaffWeb.Message(refused);
        }
    }

    public static string ModeName(FederationMode mode) => mode == FederationMode.LargeScale ? StaffText.ModeLargeScale : StaffText.ModeNormal;
}
