using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>
/// The live board's server-sent events (docs/CONSOLE.md §4.3): text/event-stream on the web listener, authorised as the
/// board's page (a Razor page of the console, so the same policy, session check and listener gate). The node looks at
/// the drill's report each second and sends the board when it changed; each event carries only the board (DrillBoard).
/// The stream ends after a few minutes and the browser reconnects, so a session that ended (disabled, reset) stops it.
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed partial class DrillEventsModel : PageModel
{
    /// <summary>How often the report is looked at: acknowledgements reach the board within about this.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>How long one stream lasts before the browser reconnects (and the session is checked again).</summary>
    public static readonly TimeSpan Lasts = TimeSpan.FromMinutes(5);

    private readonly AdminDrills _drills;
    private readonly WebTime _time;
    private readonly ILogger<DrillEventsModel> _logger;

    public DrillEventsModel(AdminDrills drills, WebTime time, ILogger<DrillEventsModel> logger)
    {
        _drills = drills;
        _time = time;
        _logger = logger;
    }

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await BoardAsync(cancellationToken) is not { } first)
        {
            return NotFound();
        }

        Response.ContentType = "text/event-stream; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Accel-Buffering"] = "no";
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ends.CancelAfter(Lasts);
        var sent = "";
        try
        {
            await Response.WriteAsync("retry: 2000\n\n", ends.Token);
            var board = first;
            using var timer = new PeriodicTimer(Every);
            do
            {
                var json = board.ToJson();
                if (json != sent)
                {
                    await Response.WriteAsync("event: board\ndata: " + json + "\n\n", ends.Token);
                    await Response.Body.FlushAsync(ends.Token);
                    sent = json;
                }

                board = await timer.WaitForNextTickAsync(ends.Token) ? await BoardAsync(ends.Token) : null;
            }
            while (board is not null);
        }
        catch (OperationCanceledException)
        {
            // The person left the page, or the stream's time is up: the browser reconnects while the page is open.
            LogStreamEnded(_logger, Id);
        }

        return new EmptyResult();
    }

    private async Task<DrillBoard?> BoardAsync(CancellationToken cancellationToken)
    {
        try
        {
            return DrillBoard.Of(await _drills.ReportAsync(new GetDrillReportRequest { DrillId = Id }, cancellationToken), _time);
        }
        catch (RpcException refused) when (StaffWeb.IsRefusal(refused))
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "drill board events for {DrillId} ended")]
    private static partial void LogStreamEnded(ILogger logger, string drillId);
}
