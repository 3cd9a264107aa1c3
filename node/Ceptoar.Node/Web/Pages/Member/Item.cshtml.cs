using Ceptoar.Federation.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// One item as the member API's Get answers it (docs/CONSOLE.md §3): the 5W1H, the indicators as text, the origin's
/// signature checked, what the label allows, its withdrawal or correction, and the acknowledge button. An id the member
/// may not see answers exactly as an unknown one: the console's 404.
/// </summary>
[Authorize(Policy = WebPolicies.Member)]
public sealed class ItemModel : PageModel
{
    public MemberItem? Item { get; private set; }

    /// <summary>The key id the origin's signature verified with, or null when it did not.</summary>
    public string? SignedBy { get; private set; }

    /// <summary>"done" or "already" after an acknowledgement (the redirect after the POST says which).</summary>
    [BindProperty(SupportsGet = true, Name = "ack")]
    public string? Acknowledgement { get; set; }

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await MemberDoor.OpenAsync(HttpContext) is not { } door)
        {
            return Forbid();
        }

        Item = await door.GetAsync(id);
        if (Item is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        SignedBy = door.VerifiedKeyId(Item);
        Acknowledgement = Acknowledgement is "done" or "already" ? Acknowledgement : null;
        return Page();
    }

    /// <summary>
    /// Acknowledges as the member API's Acknowledge does (the origin gets the same ACKNOWLEDGED receipt), the note naming
    /// the person who pressed the button; then back to the item (POST, redirect, GET: a reload sends nothing again).
    /// </summary>
    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await MemberDoor.OpenAsync(HttpContext) is not { } door)
        {
            return Forbid();
        }

        if (await door.GetAsync(id) is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        try
        {
            var answer = await door.AcknowledgeAsync(id, AcknowledgerNote.Of(door.Person));
            return LocalRedirect($"/member/items/{id}?ack={(answer.AlreadyAcknowledged ? "already" : "done")}");
        }
        catch (RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.NotFound or Grpc.Core.StatusCode.PermissionDenied)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
    }
}
