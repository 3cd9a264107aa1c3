using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web;

/// <summary>Sign-out: POST only (with the antiforgery token), so a link on another site cannot sign a person out.</summary>
[AllowAnonymous]
public sealed class SignOutModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(WebPaths.Home);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(WebConsole.Scheme);
        return LocalRedirect(WebPaths.SignIn);
    }
}
