using System.Globalization;
using Ceptoar.Core.Pki;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ceptoar.Node.Composition;

/// <summary>
/// The node's health checks and which gRPC service each one speaks for (docs/OPERATIONS.md §3): grpc.health.v1 answers
/// per service from the checks tagged for it, "" from all of them; /readyz on the monitoring listener shows them all.
/// </summary>
internal static class NodeHealth
{
    public const string Member = "member";
    public const string Federation = "federation";
    public const string Admin = "admin";

    private const string Package = "ceptoar.federation.v1.";

    /// <summary>Registers the checks and maps each service name of grpc.health.v1 to the checks tagged for it.</summary>
    public static IServiceCollection AddNodeHealth(this IServiceCollection services)
    {
        // Singletons: AddCheck<T> takes a registered instance, and these two keep state between checks.
        services.AddSingleton<DatabaseWritableCheck>();
        services.AddSingleton<WriterCheck>();
        services.AddSingleton<IHealthCheckPublisher, HealthLogPublisher>();
        services.AddGrpcHealthChecks(options =>
        {
            // Every Check runs the checks now: a cached answer would say SERVING for up to a publisher period after the disk filled.
            options.UseHealthChecksCache = false;
            options.Services.Clear();
            options.Services.Map("", _ => true);
            options.Services.Map(Package + "MemberService", check => check.Tags.Contains(Member));
            options.Services.Map(Package + "FederationService", check => check.Tags.Contains(Federation));
            options.Services.Map(Package + "AdminService", check => check.Tags.Contains(Admin));
        })
            // The store, its disk and its writer: no service works without them.
            .AddCheck<DatabaseWritableCheck>("database", tags: [Member, Federation, Admin])
            .AddCheck<DiskSpaceCheck>("disk", tags: [Member, Federation, Admin])
            .AddCheck<WriterCheck>("writer", tags: [Member, Federation, Admin])
            // TLS certificates serve the member and federation ports; the admin socket needs none.
            .AddCheck<CertificatesCheck>("certificates", tags: [Member, Federation])
            .AddCheck<PeerBacklogCheck>("peers", tags: [Federation]);
        return services;
    }
}

/// <summary>NOT_SERVING when a real write through the single writer does not commit within Health:WriteProbeSeconds.</summary>
internal sealed class DatabaseWritableCheck(NodeDatabase database, HealthOptions options) : IHealthCheck
{
    private readonly Lock _lock = new();
    private Task? _probe;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromSeconds(options.WriteProbeSeconds);
        try
        {
            await Probe(limit).WaitAsync(limit, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy($"the database is not writable: a write did not commit within {options.WriteProbeSeconds} s (Health:WriteProbeSeconds); another process may hold its write lock, or the disk is stalled");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the database is not writable: {e.Message}");
        }
    }

    /// <summary>One probe at a time: callers polling health while the writer is stuck share it, instead of queuing a write each.</summary>
    private Task Probe(TimeSpan limit)
    {
        lock (_lock)
        {
            if (_probe is null || _probe.IsCompleted)
            {
                // Cancelled when late, so a probe never waits in the queue behind the stall it reports.
                var late = new CancellationTokenSource(limit);
                _probe = WriteProbe.WriteAsync(database.Writer, late.Token).ContinueWith(
                    done =>
                    {
                        late.Dispose();
                        done.GetAwaiter().GetResult();
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return _probe;
        }
    }
}

/// <summary>NOT_SERVING when the data directory's file system has less free space than Health:MinFreeDiskMegabytes.</summary>
internal sealed class DiskSpaceCheck(NodeOptions node, HealthOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var free = new DriveInfo(node.DataDir).AvailableFreeSpace / (1024 * 1024);
        return Task.FromResult(free < options.MinFreeDiskMegabytes
            ? HealthCheckResult.Unhealthy($"{free} MiB free in {node.DataDir}, under Health:MinFreeDiskMegabytes ({options.MinFreeDiskMegabytes} MiB): free disk space")
            : HealthCheckResult.Healthy());
    }
}

/// <summary>NOT_SERVING when the writer has been on one batch, or has left work queued, longer than Health:WriterStallSeconds.</summary>
internal sealed class WriterCheck(NodeDatabase database, HealthOptions options) : IHealthCheck
{
    private long _lastCommits = -1;
    private long _lastProgressTicks = Environment.TickCount64;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var writer = database.Writer;
        var limit = TimeSpan.FromSeconds(options.WriterStallSeconds);
        var commits = writer.CommittedTransactions;
        if (Interlocked.Exchange(ref _lastCommits, commits) != commits || writer.QueueLength == 0)
        {
            Interlocked.Exchange(ref _lastProgressTicks, Environment.TickCount64);
        }

        var waiting = TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastProgressTicks));
        if (writer.BusyFor is { } busy && busy > limit)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the database writer has been on one transaction for {busy.TotalSeconds:0} s (Health:WriterStallSeconds {options.WriterStallSeconds}); {writer.QueueLength} writes wait"));
        }

        return Task.FromResult(writer.QueueLength > 0 && waiting > limit
            ? HealthCheckResult.Unhealthy($"the database writer has committed nothing for {waiting.TotalSeconds:0} s with {writer.QueueLength} writes waiting (Health:WriterStallSeconds {options.WriterStallSeconds})")
            : HealthCheckResult.Healthy());
    }
}

/// <summary>NOT_SERVING once a certificate of the node has expired; a warning within Health:CertificateWarningDays of that.</summary>
internal sealed class CertificatesCheck(NodeCredentials credentials, TimeProvider time, HealthOptions options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var (name, notAfter) = new[]
        {
            ("tls", credentials.TlsCertificate.NotAfter),
            ("signing", credentials.SigningCertificate.NotAfter),
            ("encryption", credentials.EncryptionCertificate.NotAfter),
        }.MinBy(c => c.NotAfter);
        var expiry = new DateTimeOffset(notAfter.ToUniversalTime(), TimeSpan.Zero);
        var at = expiry.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        if (expiry <= now)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"the node's {name} certificate expired at {at}: issue new certificates (ceptoar-admin pki issue-node) and restart"));
        }

        return Task.FromResult(expiry - now <= TimeSpan.FromDays(options.CertificateWarningDays)
            ? HealthCheckResult.Degraded($"the node's {name} certificate expires at {at}, within Health:CertificateWarningDays ({options.CertificateWarningDays}): renew it")
            : HealthCheckResult.Healthy());
    }
}

/// <summary>A warning when a peer's outbox holds an item queued longer ago than Health:PeerBacklogWarningMinutes (as `peers` shows it).</summary>
internal sealed class PeerBacklogCheck(PeerSet peers, FederationStore store, TimeProvider time, HealthOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var late = new List<string>();
        foreach (var peer in peers.Ids.Order(StringComparer.Ordinal))
        {
            var (depth, oldest) = await store.OutboxStatsAsync(peer, cancellationToken);
            if (oldest is { } o && now - o > TimeSpan.FromMinutes(options.PeerBacklogWarningMinutes))
            {
                late.Add($"{peer} ({depth} waiting, oldest {(now - o).TotalMinutes:0} min)");
            }
        }

        return late.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"peer backlog older than Health:PeerBacklogWarningMinutes ({options.PeerBacklogWarningMinutes}): {string.Join(", ", late)}");
    }
}

/// <summary>Logs each check that turns unhealthy or degraded, and when it recovers (the periodic health publisher's report).</summary>
internal sealed partial class HealthLogPublisher(ILogger<HealthLogPublisher> logger) : IHealthCheckPublisher
{
    private readonly Dictionary<string, HealthStatus> _last = new(StringComparer.Ordinal);

    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        lock (_last)
        {
            foreach (var (name, entry) in report.Entries)
            {
                var before = _last.GetValueOrDefault(name, HealthStatus.Healthy);
                _last[name] = entry.Status;
                if (entry.Status == before)
                {
                    continue;
                }

                switch (entry.Status)
                {
                    case HealthStatus.Unhealthy:
                        LogUnhealthy(name, entry.Description ?? "");
                        break;
                    case HealthStatus.Degraded:
                        LogDegraded(name, entry.Description ?? "");
                        break;
                    default:
                        LogRecovered(name);
                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Health check {Check} is NOT_SERVING: {Reason}")]
    private partial void LogUnhealthy(string check, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {Check} is degraded: {Reason}")]
    private partial void LogDegraded(string check, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check {Check} is healthy again")]
    private partial void LogRecovered(string check);
}
