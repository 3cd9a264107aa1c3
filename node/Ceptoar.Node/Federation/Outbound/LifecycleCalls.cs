using Ceptoar.Core.Envelopes;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Federation.Outbound;

/// <summary>
/// What this node asks of its peers for tamper evidence and restores (docs/LIFECYCLE.md §4, §5): it signs its audit
/// chain's head at start, every Federation:AuditCheckpointMinutes and at shutdown and hands it to each hub peer; and on a
/// database restored from a backup, it asks every peer to resend what it stored since the backup, until all have.
/// </summary>
internal sealed partial class LifecycleCalls(
    LifecycleStore lifecycle, AuditLog audit, EnvelopeSigner signer, PeerSet peers, NodeDirectory directory, PeerChannels channels,
    FederationOptions options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<LifecycleCalls> logger) : IHostedService
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryFirst = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryMax = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, long> _sentSeq = new(StringComparer.Ordinal);
    private readonly Dictionary<string, uint> _caughtUp = new(StringComparer.Ordinal);
    private Task _run = Task.CompletedTask;
    private Task? _final;
    private bool _noHubYet;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Once the listeners are bound and the links start: the hubs know this node's descriptor from the first exchange.
        lifetime.ApplicationStarted.Register(() => _run = Task.Run(() => RunAsync(_stopping.Token)));
        // The head at shutdown is sent as soon as stopping begins, beside the other services' stops rather than after them:
        // the host gives all of them together a few seconds, and a hub call on a loaded machine needs some of that.
        lifetime.ApplicationStopping.Register(() => _final ??= Task.Run(FinalCheckpointAsync));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _final ??= Task.Run(FinalCheckpointAsync);
        await _final.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The head at shutdown, so the last entries before a stop are on record at the hubs too.</summary>
    private async Task FinalCheckpointAsync()
    {
        using var bounded = new CancellationTokenSource(CallTimeout);
        try
        {
            await SendCheckpointsAsync(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // Shutdown does not wait longer for a hub than CallTimeout; the periodic checkpoints are on record already.
        }
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var retry = RetryFirst;
        var nextCheckpoint = DateTimeOffset.MinValue;
        while (!stop.IsCancellationRequested)
        {
            var done = true;
            try
            {
                done = await CatchUpAsync(stop);
                if (time.GetUtcNow() >= nextCheckpoint)
                {
                    if (await SendCheckpointsAsync(stop))
                    {
                        nextCheckpoint = time.GetUtcNow() + TimeSpan.FromMinutes(options.AuditCheckpointMinutes);
                    }
                    else
                    {
                        done = false;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }

            // Waiting for a hub to become known is a cheap look at memory: no backoff; a hub that fails is retried with backoff.
            retry = done || _noHubYet ? RetryFirst : TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, RetryMax.Ticks));
            var wait = done ? nextCheckpoint - time.GetUtcNow() : retry;
            try
            {
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <returns>True when every hub peer holds the current head.</returns>
    private async Task<bool> SendCheckpointsAsync(CancellationToken cancellationToken)
    {
        var view = directory.View();
        var hubs = peers.All.Where(p => view.IsHubPeer(p.NodeId)).ToList();
        if (hubs.Count == 0)
        {
            // No hub peer known yet (peers are added, descriptors arrive with the first exchange): look again soon.
            _noHubYet = true;
            return false;
        }

        _noHubYet = false;

        var (seq, hash) = await lifecycle.AuditHeadAsync(cancellationToken);
        if (seq == 0)
        {
            return true;
        }

        var envelope = AuditCheckpoints.Sign(signer, seq, hash, time.GetUtcNow());
        var all = true;
        foreach (var hub in hubs)
        {
            lock (_sentSeq)
            {
                if (_sentSeq.GetValueOrDefault(hub.NodeId) == seq)
                {
                    continue;
                }
            }

            try
            {
                using var channel = channels.Create(hub.Endpoint, hub.NodeId);
                await new FederationService.FederationServiceClient(channel).PutCheckpointAsync(
                    new PutCheckpointRequest { Checkpoint = envelope }, deadline: (time.GetUtcNow() + CallTimeout).UtcDateTime, cancellationToken: cancellationToken);
                lock (_sentSeq)
                {
                    _sentSeq[hub.NodeId] = seq;
                }

                CheckpointSent(logger, seq, hub.NodeId);
            }
            catch (Exception e) when (e is RpcException or HttpRequestException or IOException or InvalidOperationException)
            {
                all = false;
                CheckpointFailed(logger, hub.NodeId, e.Message);
            }
        }

        return all;
    }

    /// <returns>True when nothing is left to catch up.</returns>
    private async Task<bool> CatchUpAsync(CancellationToken cancellationToken)
    {
        var since = await lifecycle.PendingCatchUpAsync(cancellationToken);
        if (since is null)
        {
            return true;
        }

        foreach (var peer in peers.All.Where(p => !_caughtUp.ContainsKey(p.NodeId)))
        {
            try
            {
                using var channel = channels.Create(peer.Endpoint, peer.NodeId);
                var answer = await new FederationService.FederationServiceClient(channel).CatchUpAsync(
                    new CatchUpRequest { Since = Timestamp.FromDateTimeOffset(since.Value) }, deadline: (time.GetUtcNow() + TimeSpan.FromMinutes(5)).UtcDateTime,
                    cancellationToken: cancellationToken);
                _caughtUp[peer.NodeId] = answer.Queued;
                CaughtUp(logger, peer.NodeId, answer.Queued);
            }
            catch (Exception e) when (e is RpcException or HttpRequestException or IOException or InvalidOperationException)
            {
                CatchUpFailed(logger, peer.NodeId, e.Message);
            }
        }

        if (peers.All.Any(p => !_caughtUp.ContainsKey(p.NodeId)))
        {
            return false;
        }

        var detail = $"restored from a backup: peers resent what they stored since {since.Value:O} (" +
            string.Join(", ", _caughtUp.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}: {p.Value}")) + ")";
        await lifecycle.CatchUpDoneAsync(audit, new AuditRecord("node", "node.catch_up", signer.NodeId, "done", detail), cancellationToken);
        return true;
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Audit checkpoint {Seq} handed to hub {Hub}")]
    private static partial void CheckpointSent(ILogger logger, long seq, string hub);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Audit checkpoint not handed to hub {Hub}: {Error}; trying again later")]
    private static partial void CheckpointFailed(ILogger logger, string hub, string error);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Peer {Peer} queued {Count} items again after this node's restore")]
    private static partial void CaughtUp(ILogger logger, string peer, uint count);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Peer {Peer} did not answer the catch-up after this node's restore: {Error}; trying again")]
    private static partial void CatchUpFailed(ILogger logger, string peer, string error);
}
