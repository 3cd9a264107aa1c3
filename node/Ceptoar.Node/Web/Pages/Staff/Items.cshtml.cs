using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Staff;

/// <summary>Recent items at this node, newest first (docs/CONSOLE.md §4.2): `ceptoar-admin items list` through the same AdminItems.</summary>
[Authorize(Policy = WebPolicies.Staff)]
internal sealed class ItemsModel : PageModel
{
    public const int PageSize = 50;
    public const int MaxText = 200;

    private readonly AdminItems _items;

    public ItemsModel(AdminItems items) => _items = items;

    /// <summary>Words in the title or text (`items list --text`).</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    /// <summary>The next page's token, as the list answered it.</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    public IReadOnlyList<AdminItemSummary> Items { get; private set; } = [];

    public string NextPage { get; private set; } = "";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (Q is { Length: > MaxText })
        {
            Error = string.Format(System.Globalization.CultureInfo.CurrentCulture, WebText.FieldTooLong, StaffText.SearchLabel, MaxText);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            var page = await _items.ListAsync(new AdminListItemsRequest { Text = Q ?? "", PageSize = PageSize, PageToken = After ?? "" }, cancellationToken);
            Items = page.Items;
            NextPage = page.NextPageToken;
        }
        catch (RpcException refused) when (refused.StatusCode == Grpc.Core.StatusCode.InvalidArgument)
        {
            Error = StaffWeb.Fields(refused).Values.FirstOrDefault() ?? StaffWeb.Message(refused);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
