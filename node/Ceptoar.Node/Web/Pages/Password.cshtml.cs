using System.Globalization;
using Ceptoar.Node.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ceptoar.Node.Web;

/// <summary>A person changes their own password (docs/CONSOLE.md §1); the people store judges it, every error stays next to its field.</summary>
[Authorize]
public sealed class PasswordModel : PageModel
{
    private readonly IPersonSignIn _people;
    private readonly WebTime _time;

    public PasswordModel(IPersonSignIn people, WebTime time)
    {
        _people = people;
        _time = time;
    }

    [BindProperty]
    public string? Current { get; set; }

    [BindProperty]
    public string? Next { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public bool Changed { get; private set; }

    /// <summary>Form field → its error, in the person's language.</summary>
    public Dictionary<string, string> FieldErrors { get; } = [];

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (WebSession.Current(HttpContext) is not { } person)
        {
            return Challenge(WebConsole.Scheme);
        }

        Check(nameof(Current), Current, WebText.CurrentPasswordLabel);
        Check(nameof(Next), Next, WebText.NewPasswordLabel);
        Check(nameof(Confirm), Confirm, WebText.ConfirmPasswordLabel);
        if (FieldErrors.Count == 0 && Next != Confirm)
        {
            FieldErrors[nameof(Confirm)] = WebText.PasswordMismatch;
        }

        if (FieldErrors.Count == 0)
        {
            var result = await _people.ChangePasswordAsync(person.PersonId, Current!, Next!, cancellationToken);
            switch (result.Outcome)
            {
                case PasswordChangeOutcome.Changed:
                    // The new session stamp ends every session, this one too: sign in again with the new password.
                    await HttpContext.SignOutAsync(WebConsole.Scheme);
                    Changed = true;
                    return Page();
                case PasswordChangeOutcome.WrongPassword:
                    FieldErrors[nameof(Current)] = WebText.PasswordWrong;
                    break;
                case PasswordChangeOutcome.BadLength:
                    FieldErrors[nameof(Next)] = string.Format(CultureInfo.CurrentCulture, WebText.PasswordBadLength, result.MinLength);
                    break;
                case PasswordChangeOutcome.SameAsName:
                    FieldErrors[nameof(Next)] = WebText.PasswordSameAsName;
                    break;
                case PasswordChangeOutcome.LockedOut:
                    FieldErrors[nameof(Current)] = string.Format(CultureInfo.CurrentCulture, WebText.SignInLockedOut, _time.Format(result.LockedUntil ?? DateTimeOffset.UtcNow));
                    break;
                default:
                    // Disabled meanwhile: the session is no longer valid.
                    await HttpContext.SignOutAsync(WebConsole.Scheme);
                    return Challenge(WebConsole.Scheme);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private void Check(string field, string? value, string label)
    {
        if (string.IsNullOrEmpty(value))
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldRequired, label);
        }
        else if (value.Length > SignInModel.MaxPassword)
        {
            FieldErrors[field] = string.Format(CultureInfo.CurrentCulture, WebText.FieldTooLong, label, SignInModel.MaxPassword);
        }
    }
}
