using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>/member/feed is the feed's other name (docs/CONSOLE.md §3): it goes to /member with the same filters.</summary>
[Authorize(Policy = WebPolicies.Member)]
public sealed class FeedAliasModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/member" + Request.QueryString.ToUriComponent());
}
