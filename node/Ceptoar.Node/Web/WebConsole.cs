using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Ceptoar.Node.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace Ceptoar.Node.Web;

/// <summary>Marks the web console's endpoints: served on Node:WebListen only (docs/CONSOLE.md §1).</summary>
internal sealed class WebConsoleEndpoint
{
    public static readonly WebConsoleEndpoint Instance = new();
}

/// <summary>Registers and wires the web console: Razor Pages, cookie sessions, antiforgery, its own listener's pipeline.</summary>
internal static partial class WebConsole
{
    /// <summary>The authentication scheme of people's sessions.</summary>
    public const string Scheme = "ceptoar-web";

    /// <summary>"__Host-": the browser keeps it only if Secure, for this host and path / (docs/CONSOLE.md §1).</summary>
    public const string SessionCookie = "__Host-ceptoar-web";

    public const string AntiforgeryCookie = "__Host-ceptoar-af";

    /// <summary>The "Web" settings with their validator: registered with every other section, so start-up checks them first.</summary>
    public static IServiceCollection AddWebOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddOptions<WebOptions>().BindOnce(configuration.GetSection(WebOptions.Section)).ValidateOnStart();
        return services;
    }

    /// <summary>The console's services; its settings come from <see cref="AddWebOptions"/>.</summary>
    public static IServiceCollection AddWebConsole(this IServiceCollection services)
    {
        services.AddRazorPages(pages => pages.RootDirectory = "/Web/Pages").ConfigureApplicationPartManager(parts =>
        {
            // The pages are compiled into the node's assembly; a host started by another program (the tests) has another
            // entry assembly, in which MVC would look for them by default.
            var node = typeof(WebConsole).Assembly;
            if (!parts.ApplicationParts.OfType<AssemblyPart>().Any(part => part.Assembly == node))
            {
                // The factory the Razor SDK names in the assembly: its types and its compiled pages.
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(node).GetApplicationParts(node))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        // Japanese text is written as itself; '<', '&', quotes and control characters are still encoded, and so are the
        // bidi controls, which never reach a page as themselves (docs/CONSOLE.md §7).
        services.Configure<WebEncoderOptions>(encoder =>
        {
            var settings = new TextEncoderSettings(UnicodeRanges.All);
            settings.ForbidCharacters(WebInput.BidiControls);
            encoder.TextEncoderSettings = settings;
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = AntiforgeryCookie;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.Path = "/";
        });
        services.AddAuthentication(Scheme).AddCookie(Scheme);
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<WebOptions>, TimeProvider>((cookie, web, clock) =>
        {
            cookie.Cookie.Name = SessionCookie;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(web.Value.SessionMinutes);
            cookie.SlidingExpiration = true;
            cookie.TimeProvider = clock;
            cookie.LoginPath = WebPaths.SignIn;
            cookie.LogoutPath = WebPaths.SignOut;
            cookie.AccessDeniedPath = WebPaths.Home;
            cookie.Events.OnValidatePrincipal = WebSession.ValidateAsync;
            // A signed-in person refused a page of another kind (a member at /staff/…) gets the 404 page, not a redirect: the
            // page answers as if it did not exist for them (docs/CONSOLE.md §4).
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(WebPolicies.Add);
        services.AddSingleton(provider => new WebTime(provider.GetRequiredService<NodeOptions>()));
        return services;
    }

    /// <summary>Maps the pages and the two static files, each marked as the console's.</summary>
    public static void MapWebConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages().WithMetadata(WebConsoleEndpoint.Instance);
        WebAssets.Map(endpoints).WithMetadata(WebConsoleEndpoint.Instance);
    }

    /// <summary>
    /// After routing: on other listeners the console's endpoints are dropped (so those paths answer as if the console did
    /// not exist); on the web listener the console's own pipeline answers every request, and nothing else is served there.
    /// </summary>
    public static IApplicationBuilder UseWebConsole(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            if (Listeners.Of(context) != Listener.Web && context.GetEndpoint()?.Metadata.GetMetadata<WebConsoleEndpoint>() is not null)
            {
                context.SetEndpoint(null);
            }

            await next(context);
        });
        app.MapWhen(context => Listeners.Of(context) == Listener.Web, web =>
        {
            web.Use(WebHeaders.Add);
            web.Use(OnlyTheConsole);
            web.Use(ErrorPage);
            web.UseAuthentication();
            web.Use(WebLanguage.Resolve);
            web.UseAuthorization();
            web.Run(context => context.GetEndpoint()?.RequestDelegate?.Invoke(context) ?? Task.CompletedTask);
        });
        return app;
    }

    /// <summary>gRPC, REST, TAXII, health and every unknown path: the console's 404 page in the person's language.</summary>
    private static Task OnlyTheConsole(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<WebConsoleEndpoint>() is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.SetEndpoint(WebPaths.PageEndpoint(context, "/NotFound"));
        }

        return next(context);
    }

    /// <summary>An empty 400 gets the console's page for it; a failure, the error page with a reference for the log (status 500).</summary>
    private static async Task ErrorPage(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
            if (context.Response is { HasStarted: false, StatusCode: StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound, ContentLength: null } && context.Response.ContentType is null)
            {
                // Antiforgery and form reading refuse with an empty 400: the person reads why, in their language. An empty 404
                // (a page's NotFound(), a page of another kind of person) gets the 404 page.
                CultureInfo.CurrentUICulture = WebLanguage.Of(context);
                context.SetEndpoint(WebPaths.PageEndpoint(context, context.Response.StatusCode == StatusCodes.Status404NotFound ? "/NotFound" : "/BadRequest"));
                await context.GetEndpoint()!.RequestDelegate!(context);
            }
        }
        catch (Exception error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebConsole));
            LogPageFailed(logger, context.Request.Path.Value ?? "", context.TraceIdentifier, error);
            context.Response.Clear();
            // The failure unwound the language middleware: the page is still in the person's language.
            CultureInfo.CurrentUICulture = WebLanguage.Of(context);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.SetEndpoint(WebPaths.PageEndpoint(context, "/Error"));
            await context.GetEndpoint()!.RequestDelegate!(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "web console page {Path} failed (reference {Reference})")]
    private static partial void LogPageFailed(ILogger logger, string path, string reference, Exception error);
}

/// <summary>The console's fixed paths, and its pages' endpoints by page name.</summary>
internal static class WebPaths
{
    public const string Home = "/";
    public const string SignIn = "/sign-in";
    public const string SignOut = "/sign-out";

    /// <summary>The endpoint of a page ("/NotFound"), to answer with it in place of what routing chose.</summary>
    public static Endpoint PageEndpoint(HttpContext context, string page) =>
        context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints
            .First(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath == page);

    /// <summary>A return address the console may redirect to: a path on this site, never another host ("//x", "/\x").</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 1 and <= 2048 } && returnUrl[0] == '/' && returnUrl[1] is not ('/' or '\\') && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : Home;
}
