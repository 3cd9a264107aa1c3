using System.Globalization;
using Ceptoar.Node.People;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web;

/// <summary>
/// Sign-in with login, password and TOTP code (docs/CONSOLE.md §1): one message for any refusal, so a login cannot be
/// probed; a lockout says until when, in the node's time zone.
/// </summary>
[AllowAnonymous]
public sealed class SignInModel : PageModel
{
    internal const int MaxLogin = 256;
    internal const int MaxPassword = 1024;

    private readonly IPersonSignIn _people;
    private readonly TimeProvider _clock;
    private readonly WebTime _time;

    public SignInModel(IPersonSignIn people, TimeProvider clock, WebTime time)
    {
        _people = people;
        _clock = clock;
        _time = time;
    }

    [BindProperty]
    public string? Login { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The one refusal message, or the lockout message; null when there is none.</summary>
    public string? Refusal { get; private set; }

    /// <summary>Form field → its error, in the person's language.</summary>
    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public IActionResult OnGet()
    {
        ReturnUrl = WebPaths.LocalOrHome(ReturnUrl);
        return WebSession.Current(HttpContext) is null ? Page() : LocalRedirect(ReturnUrl);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ReturnUrl = WebPaths.LocalOrHome(ReturnUrl);
        Check(nameof(Login), Login, WebText.LoginLabel, MaxLogin);
        Check(nameof(Password), Password, WebText.PasswordLabel, MaxPassword);
        if (Code is { Length: > 0 } && (Code.Length != 6 || !Code.All(char.IsAsciiDigit)))
        {
            FieldErrors[nameof(Code)] = WebText.CodeFormat;
        }

        Check(nameof(Code), Code, WebText.CodeLabel, 6);
        if (FieldErrors.Count > 0)
        {
            Login = WebInput.EchoOrNothing(Login, MaxLogin);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var remote = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "";
        var result = await _people.SignInAsync(Login!, Password!, Code!, remote, cancellationToken);
        if (result is { Outcome: SignInOutcome.Succeeded, Person: { } person })
        {
            await WebSession.SignInAsync(HttpContext, person, _clock);
            return LocalRedirect(ReturnUrl);
        }

        Login = WebInput.EchoOrNothing(Login, MaxLogin);
        Refusal = result is { Outcome: SignInOutcome.LockedOut, LockedUntil: { } until }
            ? string.Format(CultureInfo.CurrentCulture, WebText.SignInLockedOut, _time.Format(until))
            : WebText.SignInRefused;
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }

    private void Check(string field, string? value, string label, int max)
    {
        if (FieldErrors.ContainsKey(field))
        {
            return;
        }

        if (string.IsNullOrEmpty(value))
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldRequired, label);
        }
        else if (value.Length > max)
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldTooLong, label, max);
        }
    }
}
