using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ceptoar.Node.Composition;

/// <summary>
/// The node's metrics (docs/OPERATIONS.md §4): <see cref="NodeMetrics"/> is always registered, so every place that
/// records can; a MeterProvider with the Prometheus exporter is built only when the monitoring listener is on, and its
/// scraping endpoint answers GET /metrics on that listener alone.
/// </summary>
internal static class MetricsExport
{
    /// <summary>The path of the Prometheus text format on the monitoring listener.</summary>
    public const string Path = "/metrics";

    /// <summary>Registers the instruments, and the MeterProvider when Node:MonitoringListen is set.</summary>
    public static IServiceCollection AddNodeMetrics(this IServiceCollection services, NodeOptions options)
    {
        services.AddSingleton<NodeMetrics>();
        if (!Enabled(options))
        {
            // No MeterProvider: no instrument has a listener, so recording costs one check and no gauge is ever read.
            return services;
        }

        // target_info names the program and the node (its id is a public federation identifier), not "unknown_service".
        services.AddOpenTelemetry().ConfigureResource(resource => resource.AddService("ceptoar-node", serviceInstanceId: options.Id, autoGenerateServiceInstanceId: false))
            .WithMetrics(metrics => metrics
            .AddMeter(NodeMetrics.MeterName)
            // Every scrape collects afresh: a figure read right after the traffic that moved it is that traffic's.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    /// <summary>
    /// Points the gauges at what the node keeps (read only at scrape time) and times the writer's commits; maps the
    /// scraping endpoint for GET /metrics on the monitoring listener, before the listener's own middleware.
    /// </summary>
    public static void UseNodeMetrics(this WebApplication app, NodeOptions options)
    {
        if (!Enabled(options))
        {
            return;
        }

        var services = app.Services;
        var metrics = services.GetRequiredService<NodeMetrics>();
        var writer = services.GetRequiredService<NodeDatabase>().Writer;
        var items = services.GetRequiredService<ItemStore>();
        var federation = services.GetRequiredService<FederationStore>();
        var notifications = services.GetRequiredService<NotifyOutboxStore>();
        var streams = services.GetRequiredService<MemberStreams>();
        var peers = services.GetRequiredService<PeerSet>();
        var time = services.GetRequiredService<TimeProvider>();

        writer.CommitTimed += metrics.WriterCommitted;
        metrics.ObserveWriterQueue(() => writer.QueueLength);
        metrics.ObserveFeedLag(() => streams.SlowestLag(items.LastSeq));
        metrics.ObserveNotificationsPending(notifications.PendingCount);
        metrics.ObserveOutboxes(() =>
        {
            var now = time.GetUtcNow();
            return [.. federation.OutboxGauges(peers.Ids.Order(StringComparer.Ordinal))
                .Select(p => new PeerBacklog(p.Peer, p.Depth, p.Oldest is { } oldest && oldest < now ? now - oldest : TimeSpan.Zero))];
        });
        app.Lifetime.ApplicationStopping.Register(() => writer.CommitTimed -= metrics.WriterCommitted);

        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            // Ordinal, as the listener's other paths: /METRICS is not /metrics.
            Listeners.Of(context) == Listener.Monitoring && context.Request.Path.Value == Path && HttpMethods.IsGet(context.Request.Method));
    }

    /// <summary>Whether the metrics are exported: only with the monitoring listener (Node:MonitoringListen).</summary>
    public static bool Enabled(NodeOptions options) => !string.IsNullOrEmpty(options.MonitoringListen);
}
