using Ceptoar.Federation.V1;
using Ceptoar.Node.Intake;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>A batch after the checks, not yet stored.</summary>
/// <param name="Receipts">The DELIVERED receipts for the items addressed here, signed per origin.</param>
internal sealed record PreparedBatch(string Peer, ulong BatchId, Inbound[] Envelopes, IReadOnlyList<DeliveredReceipt> Receipts);

/// <summary>One envelope of a batch after the checks: either an outcome already, or what to store and send on.</summary>
internal sealed record Inbound(
    string Key,
    DeliveryOutcome? Outcome,
    string Reason,
    Intended? Intended = null,
    IReadOnlyList<Queued>? OnwardOrNull = null,
    IReadOnlyList<Queued>? ReceiptsOrNull = null,
    Receipt? Receipt = null,
    bool IsReceipt = false)
{
    /// <summary>The origin to send a DELIVERED receipt once the item is stored, when it is addressed to this node.</summary>
    public string? DeliveredTo { get; init; }

    /// <summary>An urgent item (docs/MODES.md §6): committed before the rest of its batch.</summary>
    public bool Urgent { get; init; }

    /// <summary>For a refused item: the stable reason the metrics count (NodeMetrics.RejectReasons); null for a receipt.</summary>
    public string? RejectCode { get; init; }

    /// <summary>The item's TLP label where the checks got far enough to read it, for the metrics.</summary>
    public Tlp Label { get; init; }

    /// <summary>For a receipt addressed to this node: each item it names, judged before the commit (OriginReceipts).</summary>
    public IReadOnlyList<ReceiptVerdict>? Verdicts { get; init; }

    public IReadOnlyList<Queued> Onward => OnwardOrNull ?? [];

    public IReadOnlyList<Queued> Receipts => ReceiptsOrNull ?? [];

    /// <param name="code">The stable reason the items.rejected metric counts it under; null for what is not an item (a receipt).</param>
    public static Inbound Reject(string key, string reason, string? code = null) => new(key, DeliveryOutcome.Rejected, reason) { RejectCode = code };

    public static Inbound Duplicate(string key) => new(key, DeliveryOutcome.Duplicate, "");

    public static Inbound Store(string key, Intended intended) => new(key, null, "", intended);
}
