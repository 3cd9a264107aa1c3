namespace Ceptoar.Node.Web;

/// <summary>The security headers every answer of the web listener carries (docs/CONSOLE.md §1).</summary>
internal static class WebHeaders
{
    /// <summary>No inline script or style anywhere: the console's one script and one style sheet come from the node itself.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

    public static Task Add(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.StrictTransportSecurity = "max-age=31536000";
            headers.XFrameOptions = "DENY";
            // Pages may show what a person is entitled to read: never kept by the browser or a proxy. The two static
            // files set their own (WebAssets).
            if (!headers.ContainsKey("Cache-Control"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }
}
