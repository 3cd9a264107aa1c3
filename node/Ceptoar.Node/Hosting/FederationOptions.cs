namespace Ceptoar.Node.Hosting;

/// <summary>A peer from configuration (seeded into the peers table at start): "Node:Peers:0:Id", "Node:Peers:0:Endpoint".</summary>
public sealed class PeerOption
{
    public string Id { get; set; } = "";

    /// <summary>The peer's federation listener, e.g. https://127.0.0.1:7304.</summary>
    public string Endpoint { get; set; } = "";
}

/// <summary>Delivery between nodes (configuration section "Federation").</summary>
public sealed class FederationOptions
{
    public const string Section = "Federation";

    /// <summary>First wait before reconnecting to a peer that failed, in milliseconds.</summary>
    public int RetryInitialMs { get; set; } = 500;

    /// <summary>Longest wait between reconnection attempts, in milliseconds (the backoff doubles up to this, with ±50 % jitter).</summary>
    public int RetryMaxMs { get; set; } = 30_000;

    /// <summary>Most envelopes in one batch on the exchange stream.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>
    /// Most batches sent to a peer and not yet acknowledged: the peer checks the next while it commits the last, and the
    /// link reads its outbox while the peer works (catch-up after an absence runs at the peer's pace, not the round trip's).
    /// </summary>
    public int BatchesInFlight { get; set; } = 4;

    /// <summary>Most envelope bytes in one batch.</summary>
    public int BatchBytes { get; set; } = 512 * 1024;

    /// <summary>How long a sender waits for a batch's acknowledgement before it reconnects, in seconds.</summary>
    public int AckTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How far ahead of this node's clock a time a peer signed (an item's creation, a receipt's, a descriptor's or a
    /// query's issue) may be, in seconds; further ahead, it is refused with the reason.
    /// </summary>
    public int MaxClockSkewSeconds { get; set; } = (int)Ceptoar.Core.Policy.TimePolicy.DefaultMaxClockSkew.TotalSeconds;

    /// <summary>How long this node's own descriptor is valid, in days; it is re-signed at every start.</summary>
    public int DescriptorValidityDays { get; set; } = 30;

    /// <summary>
    /// How long after a rotation this node still opens items sealed to its retired encryption key, in days
    /// (docs/LIFECYCLE.md §2): items sealed before peers learned the new key are still in flight or in outboxes.
    /// </summary>
    public int RetiredKeyOverlapDays { get; set; } = 30;

    /// <summary>SHA-256 thumbprints (hex) of revoked certificates: a peer presenting one is refused.</summary>
    public List<string> RevokedCertificates { get; set; } = [];

    /// <summary>How often this node signs its audit chain's head and sends it to its hubs, in minutes (also at start and at shutdown; docs/LIFECYCLE.md §4).</summary>
    public int AuditCheckpointMinutes { get; set; } = 60;
}
