using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ceptoar.Node.Hosting;

/// <summary>Which door a connection came in by; each gRPC service is served on its own door only.</summary>
internal enum Listener
{
    Member,
    Federation,
    Admin,

    /// <summary>The loopback-only HTTP/1.1 monitoring listener (docs/OPERATIONS.md §3): no gRPC service is served on it.</summary>
    Monitoring,

    /// <summary>The web console's TLS listener (Node:WebListen, docs/CONSOLE.md §1): only the console is served on it.</summary>
    Web,
}

/// <summary>Tags connections with their listener and refuses calls to a service on the wrong listener.</summary>
internal static class Listeners
{
    private const string ItemKey = "ceptoar.listener";
    private const string Package = "/ceptoar.federation.v1.";

    // grpc.reflection.v1 and v1alpha.
    private const string Reflection = "/grpc.reflection.";

    /// <summary>Connection middleware: remembers the listener on the connection (before TLS, so it costs nothing per request).</summary>
    public static ListenOptions Tag(this ListenOptions options, Listener listener)
    {
        options.Use(next => connection =>
        {
            connection.Items[ItemKey] = listener;
            return next(connection);
        });
        return options;
    }

    public static Listener? Of(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true ? value as Listener? : null;

    /// <summary>The listener a service path belongs to; null for shared services (health).</summary>
    /// <remarks>
    /// Server reflection describes every service, the admin API included, to whoever asks: it belongs to the admin
    /// socket, whose callers the file permissions already trust, and not to ports anyone on the network can reach.
    /// </remarks>
    public static Listener? OwnerOf(PathString path)
    {
        var value = path.Value ?? "";
        if (IsReflection(path))
        {
            return Listener.Admin;
        }

        if (!value.StartsWith(Package, StringComparison.Ordinal))
        {
            return null;
        }

        var service = value[Package.Length..];
        return service.StartsWith("MemberService/", StringComparison.Ordinal) ? Listener.Member
            : service.StartsWith("AdminService/", StringComparison.Ordinal) ? Listener.Admin
            : service.StartsWith("FederationService/", StringComparison.Ordinal) ? Listener.Federation
            : null;
    }

    /// <summary>HTTP middleware: a call to a service on another listener is answered Unimplemented, as if the service were not there.</summary>
    public static IApplicationBuilder UseListenerGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var owner = OwnerOf(context.Request.Path);
        if (owner is not null && owner != Of(context))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            // A trailers-only gRPC response: the status travels in the headers.
            context.Response.Headers["grpc-status"] = "12";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(IsReflection(context.Request.Path)
                ? "server reflection is served on the node's admin socket only, not on this port: use the .proto files of the API instead"
                : $"the {owner} API is not served on this port");
            return;
        }

        await next(context);
    });

    private static bool IsReflection(PathString path) => (path.Value ?? "").StartsWith(Reflection, StringComparison.Ordinal);
}

/// <summary>The bound listen options, read after start to learn the real ports (port 0 in tests).</summary>
internal sealed class ListenerAddresses
{
    public ListenOptions? Member { get; set; }

    public ListenOptions? Federation { get; set; }

    public ListenOptions? Monitoring { get; set; }

    public ListenOptions? Web { get; set; }
}
