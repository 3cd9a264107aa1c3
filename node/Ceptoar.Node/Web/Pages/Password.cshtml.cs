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

    public PasswordModel(IPersonSignIn people) => _people = people;

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
            switch (await _people.ChangePasswordAsync(person.PersonId, Current!, Next!, cancellationToken))
            {
                case PasswordChangeResult.Changed:
                    // The new session stamp ends every session, this one too: sign in again with the new password.
                    await HttpContext.SignOutAsync(WebConsole.Scheme);
                    Changed = true;
                    return Page();
                case PasswordChangeResult.WrongPassword:
                    FieldErrors[nameof(Current)] = WebText.PasswordWrong;
                    break;
                default:
                    FieldErrors[nameof(Next)] = WebText.PasswordTooWeak;
                    break;
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
