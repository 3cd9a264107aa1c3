using System.Globalization;
using Ceptoar.Federation.V1;
using Microsoft.Net.Http.Headers;

namespace Ceptoar.Node.Api;

/// <summary>
/// The one place that decides the language of what a call's caller reads. A member API call and an admin call (the
/// AdminService on the owner-only Unix socket, which ceptoar-admin calls with its --lang) are answered in the best language
/// their accept-language header asks for among Japanese and English (q-values honoured), else English; every other call
/// (federation, health) in English, whatever the node process's locale: peers' rejection reasons, audit entries and logs
/// are for operators and other nodes and stay stable (README, "Language of the member API").
/// </summary>
internal static class CallLanguage
{
    /// <summary>The culture of the Japanese resource files.</summary>
    public static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja");

    /// <summary>English is the neutral language of the resource files.</summary>
    public static CultureInfo English => CultureInfo.InvariantCulture;

    private static readonly string MemberPrefix = $"/{MemberService.Descriptor.FullName}/";

    private static readonly string AdminPrefix = $"/{AdminService.Descriptor.FullName}/";

    /// <summary>
    /// Sets CultureInfo.CurrentUICulture for the rest of each request. The lambda is async, so the value set here belongs to
    /// this request's execution context and is gone when it returns: it never reaches another call.
    /// </summary>
    public static IApplicationBuilder UseCallLanguage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        CultureInfo.CurrentUICulture = IsPersonCall(context.Request.Path.Value) ? Choose(context.Request.Headers.AcceptLanguage) : English;
        await next(context);
    });

    /// <summary>
    /// The best supported language of an accept-language header: the highest q-value first, the header's order among
    /// equals; "ja" and "ja-*" are Japanese, "en", "en-*" and "*" English; a language with q=0, an unsupported one or a
    /// header that does not parse is passed over, and with nothing left the answer is English.
    /// </summary>
    public static CultureInfo Choose(IList<string>? acceptLanguage)
    {
        if (acceptLanguage is null || acceptLanguage.Count == 0
            || !StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var values))
        {
            return English;
        }

        var ranked = values
            .Select((value, index) => (Tag: value.Value.Value ?? "", Quality: value.Quality ?? 1.0, Index: index))
            .Where(v => v.Quality > 0)
            .OrderByDescending(v => v.Quality)
            .ThenBy(v => v.Index);
        foreach (var (tag, _, _) in ranked)
        {
            if (Is(tag, "ja"))
            {
                return Japanese;
            }

            if (Is(tag, "en") || tag == "*")
            {
                return English;
            }
        }

        return English;
    }

    /// <summary>A call whose answers a person reads: a member system's (member API) or a staff person's (admin API).</summary>
    private static bool IsPersonCall(string? path) =>
        path is not null && (path.StartsWith(MemberPrefix, StringComparison.Ordinal) || path.StartsWith(AdminPrefix, StringComparison.Ordinal));

    private static bool Is(string tag, string language) =>
        tag.Equals(language, StringComparison.OrdinalIgnoreCase)
        || (tag.Length > language.Length && tag[language.Length] == '-' && tag.StartsWith(language, StringComparison.OrdinalIgnoreCase));
}
