using System.Globalization;
using Ceptoar.Node.Api;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Web;

/// <summary>
/// The language a person reads the console in (docs/CONSOLE.md §6): the signed-in person's choice, else the language
/// cookie the switch sets, else the browser's Accept-Language (Japanese or English, as the member API chooses).
/// </summary>
internal static class WebLanguage
{
    public const string Cookie = "ceptoar-lang";

    /// <summary>"ja" or "en" (the lang attribute of the page).</summary>
    public static string Code(CultureInfo culture) => culture.Equals(CallLanguage.Japanese) ? "ja" : "en";

    public static CultureInfo? Parse(string? code) => code switch
    {
        "ja" => CallLanguage.Japanese,
        "en" => CallLanguage.English,
        _ => null,
    };

    public static CultureInfo Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(WebLanguage), out var value) && value is CultureInfo culture ? culture : CallLanguage.English;

    /// <summary>Middleware after authentication: decides the language once per request.</summary>
    public static Task Resolve(HttpContext context, RequestDelegate next)
    {
        var culture = Parse(WebSession.Current(context)?.Language)
            ?? Parse(context.Request.Cookies[Cookie])
            ?? CallLanguage.Choose(context.Request.Headers.AcceptLanguage);
        context.Items[typeof(WebLanguage)] = culture;
        CultureInfo.CurrentUICulture = culture;
        return next(context);
    }

    /// <summary>Remembers the choice: on the person when signed in, else in a cookie of this browser.</summary>
    public static async Task SetAsync(HttpContext context, CultureInfo culture, Person? person)
    {
        var code = Code(culture);
        if (person is not null)
        {
            await context.RequestServices.GetRequiredService<IPersonSignIn>().SetLanguageAsync(person.PersonId, code, context.RequestAborted);
        }

        context.Response.Cookies.Append(Cookie, code, new CookieOptions
        {
            Secure = true,
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            IsEssential = true,
        });
        context.Items[typeof(WebLanguage)] = culture;
        CultureInfo.CurrentUICulture = culture;
    }
}
