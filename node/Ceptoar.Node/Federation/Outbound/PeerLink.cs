using System.Diagnostics;
using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Federation.Outbound;

/// <summary>Live state of one link, for `peers status`.</summary>
internal sealed class PeerLinkState
{
    public volatile bool Connected;
    public DateTimeOffset? LastContact;
    public DateTimeOffset? NextAttempt;
    public string LastError = "";
    public long Delivered;
    public long Rejected;
}

/// <summary>
/// This node's side of one peer: a long-lived HTTP/2 stream that carries the peer's outbox in batches, a few batches in
/// flight (Federation:BatchesInFlight); an entry leaves the outbox only on the peer's acknowledgement of its batch. A
/// failure reconnects with exponential backoff and jitter (reset on success); the outbox is durable, so nothing is lost
/// while the peer is away.
/// </summary>
internal sealed class PeerLink(string peerId, FederationOptions federationOptions, TimeProvider time, FederationStore federationStore, PeerSet peers, NodeDirectory directory, RevocationBook revocations, PeerChannels channels, NodeMetrics metrics, ILogger logger)
{
    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    public string PeerId => peerId;

    public PeerLinkState State { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var options = federationOptions;
        var backoff = TimeSpan.FromMilliseconds(options.RetryInitialMs);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ConnectAndPumpAsync(() => backoff = TimeSpan.FromMilliseconds(options.RetryInitialMs), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is RpcException or IOException or HttpRequestException or OperationCanceledException or TimeoutException or InvalidOperationException)
            {
                State.Connected = false;
                State.LastError = Describe(e);
                // ±50 % jitter so that peers coming back together do not retry in lockstep.
                var delay = TimeSpan.FromMilliseconds(backoff.TotalMilliseconds * (0.5 + Random.Shared.NextDouble()));
                State.NextAttempt = time.GetUtcNow() + delay;
                FederationLog.LinkFailed(logger, peerId, State.LastError, (long)delay.TotalMilliseconds);
                try
                {
                    await Task.Delay(delay, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromMilliseconds(Math.Min(options.RetryMaxMs, backoff.TotalMilliseconds * 2));
            }
        }

        State.Connected = false;
    }

    private async Task ConnectAndPumpAsync(Action resetBackoff, CancellationToken cancellationToken)
    {
        var peer = peers.Find(peerId) ?? throw new InvalidOperationException($"peer {peerId} is no longer configured");
        using var channel = channels.Create(peer.Endpoint, peerId);
        var client = new FederationService.FederationServiceClient(channel);

        var hello = new HelloRequest { NodeDescriptor = directory.Own.Envelope };
        hello.KnownDescriptors.AddRange(directory.AllEnvelopes());
        // The federation's revocation list travels like the descriptors: each side sends the newest it holds (docs/LIFECYCLE.md §3).
        var sentRevocations = revocations.Current;
        hello.RevocationList = sentRevocations?.Envelope;
        var answer = await client.HelloAsync(hello, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
        var check = await directory.AcceptAsync(answer.NodeDescriptor, cancellationToken);
        if (!check.Valid || check.Descriptor!.NodeId != peerId)
        {
            throw new InvalidOperationException($"peer {peerId} answered with a descriptor that does not verify: {check.Problem}");
        }

        foreach (var known in answer.KnownDescriptors)
        {
            await directory.AcceptAsync(known, cancellationToken);
        }

        if (answer.RevocationList is { } peerList
            && await revocations.AcceptAsync(peerList, "peer:" + peerId, cancellationToken) is { Outcome: RevocationOutcome.Accepted or RevocationOutcome.Same } taken)
        {
            // The peer holds this version already: it is not sent back to it on this stream.
            sentRevocations = taken.Held;
        }

        using var call = channel.CreateCallInvoker().AsyncDuplexStreamingCall(FederationFrames.Exchange, null, new CallOptions(cancellationToken: cancellationToken));
        State.Connected = true;
        State.LastError = "";
        State.NextAttempt = null;
        State.LastContact = time.GetUtcNow();
        resetBackoff();
        FederationLog.Connected(logger, peerId);

        var sentDescriptors = new HashSet<string>(StringComparer.Ordinal);
        var inFlight = new Queue<SentBatch>();
        ulong batchId = 0;
        // Urgent rows are read before any backlog, each queue in its own order (docs/MODES.md §6).
        var after = OutboxCursor.Start;
        var retryPending = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (inFlight.Count < federationOptions.BatchesInFlight)
            {
                // Ask for the wake-ups before reading, so an item queued (or a node learned) during the read still wakes this loop;
                // only when it may go idle after the read (nothing in flight), since each wait holds a registration until it fires.
                var wake = inFlight.Count == 0
                    ? Task.WhenAny(federationStore.WaitForOutboxAsync(peerId, cancellationToken), directory.WaitForChangeAsync(cancellationToken), revocations.WaitForChangeAsync(cancellationToken))
                    : null;
                // A list newer than the one this stream carried (taken from another peer or published here) goes next.
                var newerList = revocations.Current is { } held && held.Version > (sentRevocations?.Version ?? 0) ? held : null;
                var descriptors = directory.Entries()
                    .Where(d => !sentDescriptors.Contains(DescriptorKey(d)))
                    .ToList();
                var entries = await federationStore.ReadOutboxAsync(peerId, after, federationOptions.BatchSize, federationOptions.BatchBytes, cancellationToken);
                var now = time.GetUtcNow();
                // An entry without bytes cannot be sent (its stored envelope is gone): it leaves the outbox like an expired one.
                var expired = entries.Where(e => e.ExpiresAt <= now || e.Envelope.Length == 0).ToList();
                var live = entries.Where(e => e.ExpiresAt > now && e.Envelope.Length > 0).ToList();
                if (live.Count > 0 || descriptors.Count > 0 || newerList is not null)
                {
                    // Envelopes, or (with nothing to deliver) the descriptors of nodes learned or the revocation list taken since the last batch.
                    inFlight.Enqueue(await SendAsync(call, ++batchId, descriptors, newerList?.Envelope, live, expired, sentDescriptors, cancellationToken));
                    sentRevocations = newerList ?? sentRevocations;
                    // Past the expired entries too: they leave the outbox with this batch's answers, and must not be read twice.
                    after = after.Past(entries);
                    continue;
                }

                if (expired.Count > 0)
                {
                    await federationStore.CompleteAsync(peerId, [], expired, cancellationToken);
                    continue;
                }

                if (inFlight.Count == 0)
                {
                    // Entries the peer asked us to retry are sent again from the start after a pause.
                    await Task.WhenAny(wake!, Task.Delay(retryPending ? RetryPause : IdleWake, time, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                    after = OutboxCursor.Start;
                    retryPending = false;
                    continue;
                }
            }

            // The window is full, or nothing more is waiting: take the oldest batch's acknowledgement.
            var sent = inFlight.Dequeue();
            var ack = await ReceiveAckAsync(call, sent, cancellationToken);
            metrics.BatchAcknowledged(peerId, sent.SentAt);
            var answers = sent.Live.Select((entry, i) => new PeerAnswer(entry.Id, entry.ItemId, Outcome(ack.Results[i].Outcome), ack.Results[i].Reason)).ToList();
            await federationStore.CompleteAsync(peerId, answers, sent.Expired, cancellationToken);
            State.LastContact = time.GetUtcNow();
            Interlocked.Add(ref State.Delivered, answers.Count(a => a.Outcome is "accepted" or "duplicate"));
            Interlocked.Add(ref State.Rejected, answers.Count(a => a.Outcome == "rejected"));
            retryPending |= answers.Any(a => a.Outcome == "retry");
        }
    }

    /// <summary>Sends one batch (descriptors first, then envelopes) without waiting for its acknowledgement.</summary>
    private static async Task<SentBatch> SendAsync(
        AsyncDuplexStreamingCall<BatchFrame, BatchAck> call, ulong batchId, IReadOnlyList<DirectoryEntry> descriptors, Envelope? revocationList, IReadOnlyList<OutboxEntry> live,
        IReadOnlyList<OutboxEntry> expired, HashSet<string> sentDescriptors, CancellationToken cancellationToken)
    {
        // The revocation list first of all: the receiver applies it before it checks this batch's envelopes.
        var batch = new BatchFrame { BatchId = batchId, RevocationList = revocationList };
        batch.Descriptors.AddRange(descriptors.Select(d => d.Envelope));
        foreach (var entry in live)
        {
            // The stored bytes as they are: never parsed and serialised again to be sent.
            var relayed = new RelayedEnvelopeFrame { Envelope = FederationFrames.Bytes(entry.Envelope), ItemId = entry.ItemId };
            relayed.Hops.AddRange(entry.Hops);
            batch.Envelopes.Add(relayed);
        }

        await call.RequestStream.WriteAsync(batch, cancellationToken);
        // Counted as passed on once written: if the stream fails, this set goes with it and the next connection sends all again.
        foreach (var descriptor in descriptors)
        {
            sentDescriptors.Add(DescriptorKey(descriptor));
        }

        return new SentBatch(batchId, live, expired, Stopwatch.GetTimestamp());
    }

    /// <summary>Waits for the acknowledgement of the oldest batch in flight, within the ack timeout.</summary>
    private async Task<BatchAck> ReceiveAckAsync(AsyncDuplexStreamingCall<BatchFrame, BatchAck> call, SentBatch sent, CancellationToken cancellationToken)
    {
        using var ackTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ackTimeout.CancelAfter(TimeSpan.FromSeconds(federationOptions.AckTimeoutSeconds));
        if (!await call.ResponseStream.MoveNext(ackTimeout.Token))
        {
            throw new IOException($"peer {peerId} closed the exchange stream");
        }

        var ack = call.ResponseStream.Current;
        if (ack.BatchId != sent.BatchId || ack.Results.Count != sent.Live.Count)
        {
            throw new InvalidOperationException($"peer {peerId} acknowledged batch {ack.BatchId} with {ack.Results.Count} results for batch {sent.BatchId} of {sent.Live.Count}");
        }

        return ack;
    }

    private static string DescriptorKey(DirectoryEntry entry) => $"{entry.Descriptor.NodeId}@{entry.IssuedAt.ToUnixTimeMilliseconds()}";

    private static string Outcome(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Accepted => "accepted",
        DeliveryOutcome.Duplicate => "duplicate",
        DeliveryOutcome.Retry => "retry",
        _ => "rejected",
    };

    /// <summary>What went wrong, for people. TLS failures surface as Unavailable or Internal: the inner message says which.</summary>
    private static string Describe(Exception e) => e switch
    {
        RpcException rpc => $"{rpc.StatusCode}: {rpc.Status.Detail}{(rpc.Status.DebugException is { } inner ? " (" + inner.Message + ")" : "")}",
        _ => e.Message,
    };
}

/// <summary>A batch written to the stream and not yet acknowledged: what to complete in the outbox when its ack comes.</summary>
/// <param name="SentAt">Stopwatch.GetTimestamp() once written, for the acknowledgement latency (docs/OPERATIONS.md §4).</param>
internal sealed record SentBatch(ulong BatchId, IReadOnlyList<OutboxEntry> Live, IReadOnlyList<OutboxEntry> Expired, long SentAt);
