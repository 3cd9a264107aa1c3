using System.Text.Json.Nodes;

namespace Ceptoar.Node.Taxii;

/// <summary>The outcome of one POSTed envelope, as its status resource shows it (TAXII 2.1 §4.3.1).</summary>
internal sealed record TaxiiStatus(string Id, string MemberId, DateTimeOffset RequestTimestamp, JsonObject Resource);

/// <summary>
/// The status resources of POSTed envelopes, in memory and bounded (docs/INTERCHANGE.md §3): each is kept for
/// <see cref="Retention"/> and at most <see cref="Capacity"/> of them, the oldest dropped first. The import is complete when
/// the POST is answered, so a status never changes and a lost one (a restart, an old one) loses nothing the store holds.
/// </summary>
internal sealed class TaxiiStatuses(TimeProvider time)
{
    public const int Capacity = 10_000;

    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private readonly Dictionary<string, TaxiiStatus> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<TaxiiStatus> _order = new();
    private readonly Lock _lock = new();

    public void Add(TaxiiStatus status)
    {
        lock (_lock)
        {
            Expire(time.GetUtcNow());
            while (_order.Count >= Capacity)
            {
                _byId.Remove(_order.Dequeue().Id);
            }

            _order.Enqueue(status);
            _byId[status.Id] = status;
        }
    }

    /// <summary>The status if this member posted it and it is still kept; null otherwise.</summary>
    public TaxiiStatus? Find(string id, string memberId)
    {
        lock (_lock)
        {
            Expire(time.GetUtcNow());
            return _byId.TryGetValue(id, out var status) && status.MemberId == memberId ? status : null;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && now - oldest.RequestTimestamp > Retention)
        {
            _byId.Remove(_order.Dequeue().Id);
        }
    }
}
