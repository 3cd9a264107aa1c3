using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using Serilog.Sinks.File;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// Serilog for the node: console for people, rolling compact-JSON files for machines, the node id on every event,
/// one event per request. Levels and extra sinks can be set under "Serilog" in appsettings.json.
/// Item content and API keys are never logged: only ids, labels, kinds and outcomes.
/// </summary>
internal static class NodeLogging
{
    public static void Configure(WebApplicationBuilder builder, NodeOptions options)
    {
        // preserveStaticLogger: each host gets its own logger (several nodes may run in one test process).
        builder.Services.AddSerilog(
            (services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Grpc", LogEventLevel.Warning)
            // A port in use or another start-up failure is told in one line by NodeHost (docs/OPERATIONS.md §2), not
            // also as the host's "Hosting failed to start" with a stack trace.
            .Filter.ByExcluding(IsStartupFaulted)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("NodeId", options.Id)
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {NodeId} {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(options.DataDir, "logs", "node-.clef"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 30,
                hooks: new OwnerOnlyLogFiles()),
            preserveStaticLogger: true);
    }

    private static bool IsStartupFaulted(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue("EventId", out var id) && id is StructureValue structure
        && structure.Properties.Any(p => p.Name == "Name" && p.Value is ScalarValue { Value: "HostedServiceStartupFaulted" });

    public static void UseRequestLogging(WebApplication app) => app.UseSerilogRequestLogging(request =>
    {
        request.MessageTemplate = "{RequestPath} answered {StatusCode} gRPC {GrpcStatus} in {Elapsed:0.0} ms";
        request.EnrichDiagnosticContext = (diagnostics, http) =>
        {
            var status = http.Response.Headers["grpc-status"].ToString();
            if (status.Length == 0)
            {
                status = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseTrailersFeature>()?.Trailers["grpc-status"].ToString() ?? "";
            }

            diagnostics.Set("GrpcStatus", status);
            diagnostics.Set("Listener", Listeners.Of(http)?.ToString() ?? "unknown");
        };
    });
}

/// <summary>
/// Makes every log file the sink opens owner-only (0600), like the rest of the data directory: logs name members, peers
/// and items. The sink creates files with the process's default mode, so each one, the first and every rolled one, is
/// narrowed as soon as it is opened, before anything is written to it.
/// </summary>
internal sealed class OwnerOnlyLogFiles : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, System.Text.Encoding encoding)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return underlyingStream;
    }
}
