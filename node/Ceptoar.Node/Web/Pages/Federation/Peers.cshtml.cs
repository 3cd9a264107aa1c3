using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Federation;

/// <summary>Peers and their backlog (docs/CONSOLE.md §4.7): AdminFederation.ListPeersAsync, as `ceptoar-admin peers status` shows it.</summary>
[Authorize(Policy = WebPolicies.Staff)]
public sealed class PeersModel : PageModel
{
    public IReadOnlyList<Peer> Peers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Peers = (await HttpContext.RequestServices.GetRequiredService<AdminFederation>().ListPeersAsync(cancellationToken)).Peers;

    /// <summary>The outbox's oldest age: "2 d 03:04:05", "00:00:42", "-" when empty.</summary>
    public static string Age(PeerState state)
    {
        if (state.OutboxDepth == 0)
        {
            return "-";
        }

        var age = TimeSpan.FromSeconds(Math.Max(0, Math.Round(state.OldestSeconds)));
        return age.Days > 0 ? $"{age.Days} d {age:hh\\:mm\\:ss}" : age.ToString("hh\\:mm\\:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}
