using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// The organisation's acknowledgements (docs/CONSOLE.md §3): which items people of this member acknowledged, who and when.
/// Each item's title is read through the member API's Get, so an item the member can no longer see shows its id only.
/// </summary>
[Authorize(Policy = WebPolicies.Member)]
public sealed class AcksModel : PageModel
{
    private const int MaxRows = 200;

    public IReadOnlyList<(MemberAcknowledgement Ack, MemberItem? Item)> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await MemberDoor.OpenAsync(HttpContext) is not { } door)
        {
            return Forbid();
        }

        var acks = await HttpContext.RequestServices.GetRequiredService<AcknowledgementStore>().OfMemberAsync(door.MemberId, MaxRows, HttpContext.RequestAborted);
        var rows = new List<(MemberAcknowledgement, MemberItem?)>(acks.Count);
        foreach (var ack in acks)
        {
            rows.Add((ack, await door.GetAsync(ack.ItemId)));
        }

        Rows = rows;
        return Page();
    }
}
