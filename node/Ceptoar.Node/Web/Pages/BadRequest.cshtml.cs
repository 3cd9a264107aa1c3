using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web;

/// <summary>
/// The page a refused form answers with (status 400): a missing or wrong antiforgery token, a form that cannot be read.
/// Without it the person would see an empty page.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class BadRequestModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status400BadRequest;
}
