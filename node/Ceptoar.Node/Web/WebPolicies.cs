using Ceptoar.Node.People;
using Microsoft.AspNetCore.Authorization;

namespace Ceptoar.Node.Web;

/// <summary>Who may open a page (docs/CONSOLE.md §1): each page names one of these in its [Authorize].</summary>
public static class WebPolicies
{
    /// <summary>People at member companies.</summary>
    public const string Member = "member";

    /// <summary>Secretariat staff, the Council's included.</summary>
    public const string Staff = "staff";

    /// <summary>Council staff only (federated queries across peers).</summary>
    public const string Council = "council";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Member, policy => policy.AddAuthenticationSchemes(WebConsole.Scheme).RequireClaim(WebSession.KindClaim, nameof(PersonKind.Member)));
        options.AddPolicy(Staff, policy => policy.AddAuthenticationSchemes(WebConsole.Scheme).RequireClaim(WebSession.KindClaim, nameof(PersonKind.Staff), nameof(PersonKind.Council)));
        options.AddPolicy(Council, policy => policy.AddAuthenticationSchemes(WebConsole.Scheme).RequireClaim(WebSession.KindClaim, nameof(PersonKind.Council)));
    }
}
