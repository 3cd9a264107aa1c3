using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>
/// One item and its delivery and acknowledgement status per node and member (docs/CONSOLE.md §4.2): `ceptoar-admin items
/// get` and `items status --members` through the same AdminItems and AdminFederation (with AdminAcknowledgements).
/// </summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class ItemModel : PageModel
{
    private readonly AdminItems _items;
    private readonly AdminFederation _federation;

    public ItemModel(AdminItems items, AdminFederation federation)
    {
        _items = items;
        _federation = federation;
    }

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public AdminItem Item { get; private set; } = null!;

    /// <summary>Null when this node is not the item's origin: only the origin holds its receipts.</summary>
    public ItemStatus? Status { get; private set; }

    /// <summary>Why there is no status (the service's words), or null.</summary>
    public string? NoStatus { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        try
        {
            Item = await _items.GetAsync(new AdminGetItemRequest { ItemId = Id }, cancellationToken);
        }
        catch (RpcException refused) when (StaffWeb.IsNotFound(refused))
        {
            return NotFound();
        }

        try
        {
            Status = await _federation.ItemStatusAsync(new GetItemStatusRequest { ItemId = Id, Members = true }, cancellationToken);
        }
        catch (RpcException refused) when (refused.StatusCode == Grpc.Core.StatusCode.FailedPrecondition)
        {
            NoStatus = StaffWeb.Message(refused);
        }

        return Page();
    }
}
