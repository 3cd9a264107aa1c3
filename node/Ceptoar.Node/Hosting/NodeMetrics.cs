using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// The node's OpenTelemetry instruments, one Meter named "Ceptoar.Node" (docs/OPERATIONS.md §4). Every tag value is a
/// stable code (a TLP label, a refusal reason, a door, a stream kind, a rule id, a peer's public node id): never item
/// content, member names or ids, API keys or other secrets. Without a MeterProvider (Node:MonitoringListen unset) no
/// instrument has a listener, so recording costs one check of Enabled and the gauges are never read.
/// </summary>
public sealed class NodeMetrics
{
    /// <summary>The Meter's name, which the MeterProvider subscribes to.</summary>
    public const string MeterName = "Ceptoar.Node";

    // Seconds: from a millisecond on loopback to the ack timeout's order of magnitude.
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> _submitted;
    private readonly Counter<long> _received;
    private readonly Counter<long> _relayed;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _authRefusals;
    private readonly Counter<long> _ruleHits;
    private readonly Histogram<double> _ackDuration;
    private readonly Histogram<double> _commitDuration;
    private readonly UpDownCounter<long> _openStreams;

    private Func<IReadOnlyList<PeerBacklog>>? _outboxes;
    private Func<long>? _writerQueue;
    private Func<long>? _feedLag;
    private Func<long>? _notificationsPending;

    /// <summary>Creates the instruments on a Meter from the host's factory (disposed with it).</summary>
    public NodeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _submitted = meter.CreateCounter<long>("ceptoar.items.submitted", "{item}", "Items submitted at this node (by members or staff) and committed, by TLP label.");
        _received = meter.CreateCounter<long>("ceptoar.items.received", "{item}", "Items from peers addressed to this node and stored, by TLP label.");
        _relayed = meter.CreateCounter<long>("ceptoar.items.relayed", "{item}", "Items from peers stored and queued onward to other peers, by TLP label.");
        _rejected = meter.CreateCounter<long>("ceptoar.items.rejected", "{item}", "Items refused: submissions with invalid fields and items from peers, by reason and TLP label.");
        _authRefusals = meter.CreateCounter<long>("ceptoar.auth.refusals", "{refusal}", "Callers refused at a door: member API keys, the federation's mutual-TLS gate, by door and reason.");
        _ruleHits = meter.CreateCounter<long>("ceptoar.rules.hits", "{item}", "Items stored with a handling-rule decision, by the id of the rule that decided.");
        _ackDuration = meter.CreateHistogram("ceptoar.federation.batch.ack.duration", "s", "From writing a batch to a peer to reading its acknowledgement, by peer.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _commitDuration = meter.CreateHistogram("ceptoar.writer.commit.duration", "s", "One group transaction of the single writer, from BEGIN to its durable COMMIT.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });
        _openStreams = meter.CreateUpDownCounter<long>("ceptoar.streams.open", "{stream}", "Long-lived streams open now: member Subscribe (gRPC, REST/SSE) and inbound federation exchanges.");
        meter.CreateObservableGauge("ceptoar.outbox.depth", ObserveDepth, "{entry}", "Entries waiting in each peer's outbox.");
        meter.CreateObservableGauge("ceptoar.outbox.oldest.age", ObserveOldest, "s", "Age of the oldest entry waiting in each peer's outbox (0 when empty).");
        meter.CreateObservableGauge("ceptoar.member.feed.lag", () => _feedLag?.Invoke() ?? 0, "{item}",
            "Stored items the slowest open member stream has not yet examined (0 when every stream is caught up or none is open).");
        meter.CreateObservableGauge("ceptoar.notifications.pending", () => _notificationsPending?.Invoke() ?? 0, "{notification}", "Notification rows waiting to be sent or retried.");
        meter.CreateObservableGauge("ceptoar.writer.queue.length", () => _writerQueue?.Invoke() ?? 0, "{operation}", "Write operations waiting for the single writer.");
    }

    /// <summary>Stable door tag values of <see cref="AuthRefused"/> and <see cref="StreamOpened"/>.</summary>
    public static class Doors
    {
        public const string MemberGrpc = "member_grpc";
        public const string MemberRest = "member_rest";
        public const string Taxii = "taxii";
        public const string Federation = "federation";
    }

    /// <summary>Reasons of <see cref="Rejected"/> for items from peers, where the refusal itself is free text for people.</summary>
    public static class RejectReasons
    {
        public const string EnvelopeInvalid = "ENVELOPE_INVALID";
        public const string SignatureInvalid = "SIGNATURE_INVALID";
        public const string FieldInvalid = "FIELD_INVALID";
        public const string NotAccepted = "NOT_ACCEPTED";
        public const string SealedUnreadable = "SEALED_UNREADABLE";
        public const string WithdrawalRefused = "WITHDRAWAL_REFUSED";
        public const string NodeNotCertified = "NODE_NOT_CERTIFIED";
    }

    /// <summary>An item submitted here was committed (not a repeated request).</summary>
    public void Submitted(Tlp tlp)
    {
        if (_submitted.Enabled)
        {
            _submitted.Add(1, new TagList { { "tlp", TlpTransport.Name(tlp) } });
        }
    }

    /// <summary>An item from a peer was stored: addressed here (received), queued onward (relayed), or both.</summary>
    public void FromPeer(Tlp tlp, bool received, bool relayed)
    {
        var tags = new TagList { { "tlp", TlpTransport.Name(tlp) } };
        if (received && _received.Enabled)
        {
            _received.Add(1, tags);
        }

        if (relayed && _relayed.Enabled)
        {
            _relayed.Add(1, tags);
        }
    }

    /// <summary>An item was refused; <paramref name="reason"/> is a constant (ErrorReasons or <see cref="RejectReasons"/>).</summary>
    public void Rejected(string reason, Tlp tlp)
    {
        if (_rejected.Enabled)
        {
            _rejected.Add(1, new TagList { { "reason", reason }, { "tlp", TlpTransport.Name(tlp) } });
        }
    }

    /// <summary>A caller was refused at <paramref name="door"/> (<see cref="Doors"/>) for <paramref name="reason"/> (an ErrorReasons constant).</summary>
    public void AuthRefused(string door, string reason)
    {
        if (_authRefusals.Enabled)
        {
            _authRefusals.Add(1, new TagList { { "door", door }, { "reason", reason } });
        }
    }

    /// <summary>A handling rule fired; <paramref name="ruleId"/> is its name (lower-case id, never its description).</summary>
    public void RuleHit(string ruleId)
    {
        if (_ruleHits.Enabled)
        {
            _ruleHits.Add(1, new TagList { { "rule", ruleId } });
        }
    }

    /// <summary>A batch sent to <paramref name="peer"/> at <paramref name="sentAt"/> (Stopwatch.GetTimestamp) was acknowledged now.</summary>
    public void BatchAcknowledged(string peer, long sentAt)
    {
        if (_ackDuration.Enabled)
        {
            _ackDuration.Record(Stopwatch.GetElapsedTime(sentAt).TotalSeconds, new TagList { { "peer", peer } });
        }
    }

    /// <summary>The single writer committed a transaction that took <paramref name="elapsed"/>.</summary>
    public void WriterCommitted(TimeSpan elapsed)
    {
        if (_commitDuration.Enabled)
        {
            _commitDuration.Record(elapsed.TotalSeconds);
        }
    }

    /// <summary>A long-lived stream of <paramref name="door"/> opened; dispose the result when it ends.</summary>
    public OpenStream StreamOpened(string door)
    {
        var tags = new TagList { { "door", door } };
        _openStreams.Add(1, tags);
        return new OpenStream(_openStreams, tags);
    }

    /// <summary>Where the outbox gauges read from at scrape time (one indexed count per peer).</summary>
    public void ObserveOutboxes(Func<IReadOnlyList<PeerBacklog>> read) => _outboxes = read;

    /// <summary>Where the writer queue gauge reads from (kept in memory by the writer).</summary>
    public void ObserveWriterQueue(Func<long> read) => _writerQueue = read;

    /// <summary>Where the member feed lag gauge reads from (kept in memory by the open streams).</summary>
    public void ObserveFeedLag(Func<long> read) => _feedLag = read;

    /// <summary>Where the notification queue gauge reads from (one indexed count at scrape time).</summary>
    public void ObserveNotificationsPending(Func<long> read) => _notificationsPending = read;

    private IEnumerable<Measurement<long>> ObserveDepth() =>
        (_outboxes?.Invoke() ?? []).Select(p => new Measurement<long>(p.Depth, new KeyValuePair<string, object?>("peer", p.Peer)));

    private IEnumerable<Measurement<double>> ObserveOldest() =>
        (_outboxes?.Invoke() ?? []).Select(p => new Measurement<double>(p.OldestAge.TotalSeconds, new KeyValuePair<string, object?>("peer", p.Peer)));

    /// <summary>Ends the count of one open stream once.</summary>
    public sealed class OpenStream : IDisposable
    {
        private readonly UpDownCounter<long> _counter;
        private readonly TagList _tags;
        private int _ended;

        internal OpenStream(UpDownCounter<long> counter, TagList tags)
        {
            _counter = counter;
            _tags = tags;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _counter.Add(-1, _tags);
            }
        }
    }
}

/// <summary>One peer's outbox at scrape time: entries waiting and how long the oldest has waited.</summary>
public sealed record PeerBacklog(string Peer, long Depth, TimeSpan OldestAge);
