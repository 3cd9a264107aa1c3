using System.Reflection;

namespace Ceptoar.Node.Web;

/// <summary>
/// The console's one style sheet and one script, embedded in the node (Web/wwwroot) and served from memory: there is no
/// JavaScript build chain and no static-file folder to deploy (docs/CONSOLE.md §1).
/// </summary>
internal static class WebAssets
{
    public const string StylePath = "/console.css";
    public const string ScriptPath = "/console.js";

    private static readonly byte[] Style = Read("console.css");
    private static readonly byte[] Script = Read("console.js");

    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints)
    {
        // Any method, answered here: routing's own 405 for another method would not be the console's, and on the other
        // listeners would tell that the path exists (docs/CONSOLE.md §1).
        var group = endpoints.MapGroup("");
        group.Map(StylePath, context => WriteAsync(context, Style, "text/css; charset=utf-8"));
        group.Map(ScriptPath, context => WriteAsync(context, Script, "text/javascript; charset=utf-8"));
        return group;
    }

    private static Task WriteAsync(HttpContext context, byte[] content, string type)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        context.Response.ContentType = type;
        // Revalidated on each use: a node upgrade changes them, and they are small.
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentLength = content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ceptoar.Node.Web.wwwroot." + name)
            ?? throw new InvalidOperationException($"the node was built without its web console file {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
