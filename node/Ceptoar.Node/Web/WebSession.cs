using System.Globalization;
using System.Security.Claims;
using Ceptoar.Node.People;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Web;

/// <summary>
/// A person's session (docs/CONSOLE.md §1): the cookie names the person and the session stamp they signed in under; every
/// request finds the person again, so a disabled account or a reset password or second factor ends the session at once.
/// </summary>
internal static class WebSession
{
    public const string PersonIdClaim = ClaimTypes.NameIdentifier;
    public const string StampClaim = "ceptoar:stamp";
    public const string KindClaim = "ceptoar:kind";

    /// <summary>When the person signed in (UTC, round-trip text): sliding renewals keep it, so the absolute cap holds.</summary>
    private const string StartedItem = "ceptoar.started";

    public static Task SignInAsync(HttpContext context, Person person, TimeProvider clock)
    {
        var identity = new ClaimsIdentity(
            [new Claim(PersonIdClaim, person.PersonId), new Claim(StampClaim, person.SessionStamp), new Claim(KindClaim, person.Kind.ToString())], WebConsole.Scheme);
        var properties = new AuthenticationProperties { IsPersistent = false };
        properties.Items[StartedItem] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        context.Items[typeof(Person)] = person;
        return context.SignInAsync(WebConsole.Scheme, new ClaimsPrincipal(identity), properties);
    }

    /// <summary>The signed-in person of this request, as stored now; null when nobody is signed in.</summary>
    public static Person? Current(HttpContext context) => context.Items.TryGetValue(typeof(Person), out var person) ? person as Person : null;

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var cap = TimeSpan.FromHours(services.GetRequiredService<IOptions<WebOptions>>().Value.SessionMaxHours);
        var id = context.Principal?.FindFirstValue(PersonIdClaim);
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var kind = context.Principal?.FindFirstValue(KindClaim);
        var started = context.Properties.Items.TryGetValue(StartedItem, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
        if (id is null || stamp is null || started is null || now - started.Value > cap)
        {
            await EndAsync(context);
            return;
        }

        var person = await services.GetRequiredService<IPersonSignIn>().FindAsync(id, context.HttpContext.RequestAborted);
        if (person is null || person.SessionStamp != stamp || person.Kind.ToString() != kind)
        {
            await EndAsync(context);
            return;
        }

        context.HttpContext.Items[typeof(Person)] = person;
    }

    private static Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        return context.HttpContext.SignOutAsync(WebConsole.Scheme);
    }
}
