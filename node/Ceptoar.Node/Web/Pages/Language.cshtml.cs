using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web;

/// <summary>The language switch on every page (docs/CONSOLE.md §6): stored on the signed-in person, else in a cookie.</summary>
[AllowAnonymous]
public sealed class LanguageModel : PageModel
{
    [BindProperty]
    public string? Lang { get; set; }

    [BindProperty]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() => LocalRedirect(WebPaths.Home);

    public async Task<IActionResult> OnPostAsync()
    {
        if (WebLanguage.Parse(Lang) is not { } culture)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await WebLanguage.SetAsync(HttpContext, culture, WebSession.Current(HttpContext));
        return LocalRedirect(WebPaths.LocalOrHome(ReturnUrl));
    }
}
