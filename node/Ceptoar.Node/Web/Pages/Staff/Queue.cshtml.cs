using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>The approval queue (docs/CONSOLE.md §4.1): what `ceptoar-admin queue list` lists, from the same AdminQueue.</summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class QueueModel : PageModel
{
    private readonly AdminQueue _queue;

    public QueueModel(AdminQueue queue) => _queue = queue;

    /// <summary>Decided items too (`queue list --all`).</summary>
    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public IReadOnlyList<HeldItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Items = (await _queue.ListAsync(new ListHeldRequest { All = All }, cancellationToken)).Items;
}
