using System.Text.Json;
using Ceptoar.Node.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ceptoar.Node.Composition;

/// <summary>
/// The loopback-only monitoring listener (Node:MonitoringListen, docs/OPERATIONS.md §3): plain HTTP/1.1 with GET /healthz
/// (alive), GET /readyz (ready, from the health checks) and GET /metrics (the Prometheus text format, answered by the
/// exporter's middleware mapped before this one, docs/OPERATIONS.md §4); everything else on it, gRPC included, is answered 404.
/// </summary>
internal static class MonitoringListener
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Adds the listener when Node:MonitoringListen is set (the validator has checked it is loopback).</summary>
    public static void Listen(KestrelServerOptions kestrel, NodeOptions options, ListenerAddresses addresses)
    {
        if (NodeOptionsValidator.ParseListen(options.MonitoringListen) is not { } endpoint)
        {
            return;
        }

        kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Tag(Listener.Monitoring);
            addresses.Monitoring = listen;
        });
    }

    /// <summary>HTTP middleware, first in the pipeline: answers every request of the monitoring listener itself.</summary>
    public static IApplicationBuilder UseMonitoringListener(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Listeners.Of(context) != Listener.Monitoring)
        {
            await next(context);
            return;
        }

        var path = context.Request.Path.Value ?? "";
        if (path is not ("/healthz" or "/readyz" or MetricsExport.Path))
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, new { error = $"nothing is served at {path} on the monitoring listener: use GET /healthz, GET /readyz or GET /metrics" });
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            await WriteAsync(context, StatusCodes.Status405MethodNotAllowed, new { error = $"{path} answers GET only" });
            return;
        }

        if (path == MetricsExport.Path)
        {
            // A GET the exporter's middleware (mapped before this one) did not take: only if no MeterProvider was built.
            await WriteAsync(context, StatusCodes.Status404NotFound, new { error = "metrics are not exported by this node" });
            return;
        }

        if (path == "/healthz")
        {
            await WriteAsync(context, StatusCodes.Status200OK, new { status = "ok" });
            return;
        }

        var report = await context.RequestServices.GetRequiredService<HealthCheckService>().CheckHealthAsync(context.RequestAborted);
        var checks = report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new
        {
            name = e.Key,
            status = Word(e.Value.Status),
            reason = e.Value.Description,
            services = e.Value.Tags.Order(StringComparer.Ordinal).ToArray(),
        });
        var code = report.Status == HealthStatus.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        await WriteAsync(context, code, new { status = Word(report.Status), checks });
    });

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body, Json), context.RequestAborted);
    }
}
