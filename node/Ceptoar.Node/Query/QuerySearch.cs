using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Query;

/// <summary>The local half of a federated query: the items of this node's store that match the spec and that the asker is entitled to.</summary>
internal sealed class QuerySearch(ItemStore itemStore, HeldStore heldStore, NodeOptions node, TimeProvider time)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    private const int PageSize = 200;
    private const int MaxPages = 50;

    public static int LimitOf(QuerySpec spec) => spec.Limit == 0 ? DefaultLimit : (int)Math.Clamp(spec.Limit, 1u, (uint)MaxLimit);

    /// <summary>Stored envelopes, unchanged, newest first; Truncated when more matched than the limit.</summary>
    public async Task<(List<RelayedEnvelope> Items, bool Truncated)> RunAsync(
        FederationView view, SignedQuery query, bool askerIsDirectPeer, CancellationToken cancellationToken)
    {
        var spec = query.Spec;
        var limit = LimitOf(spec);
        var filter = new ItemQuery
        {
            Kinds = [.. spec.Kinds],
            Labels = [.. spec.Labels],
            Sector = NullIfEmpty(spec.Sector),
            CreatedFrom = spec.CreatedFrom?.ToDateTimeOffset(),
            CreatedTo = spec.CreatedTo?.ToDateTimeOffset(),
            Text = NullIfEmpty(spec.Text),
            Indicator = NullIfEmpty(spec.Indicator),
            ExcludeExercise = spec.ExcludeExercise,
            Limit = PageSize,
        };

        var now = time.GetUtcNow();
        var found = new List<RelayedEnvelope>();
        long? before = null;
        // Entitlement and the threat-type filter are decided on the parsed item, so the store is read page by page
        // until the limit is reached; bounded, and the caller's deadline cancels it.
        for (var page = 0; page < MaxPages; page++)
        {
            var rows = await itemStore.ListAllAsync(filter with { BeforeSeq = before }, cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }

            var held = await heldStore.StatesAsync([.. rows.Select(r => r.ItemId)], cancellationToken);
            foreach (var row in rows)
            {
                // Held, rejected, or revoked by its origin (docs/LIFECYCLE.md §1): no answer carries it.
                var withheld = HeldStore.Withholds(held.GetValueOrDefault(row.ItemId)?.State) || row.Withdrawn is { IsRevoked: true };
                if (Answerable(row, withheld, query, view, askerIsDirectPeer, now) is { } envelope)
                {
                    if (found.Count == limit)
                    {
                        return (found, true);
                    }

                    found.Add(new RelayedEnvelope { Envelope = envelope, ItemId = row.ItemId, Hops = { node.Id } });
                }
            }

            if (rows.Count < PageSize)
            {
                break;
            }

            before = rows[^1].Seq;
        }

        return (found, false);
    }

    private static Envelope? Answerable(StoredItem row, bool withheld, SignedQuery query, FederationView view, bool askerIsDirectPeer, DateTimeOffset now)
    {
        // A sealed copy is ciphertext this node relays for others: never returned (and not even parsed).
        if (row.Sealed || withheld || row.ExpiresAt is { } expires && expires <= now)
        {
            return null;
        }

        var envelope = Envelope.Parser.ParseFrom(row.EnvelopeBytes);
        if (envelope.PayloadType != PayloadTypes.Item)
        {
            return null;
        }

        var item = Item.Parser.ParseFrom(envelope.Payload);
        if (!Matches(item, query.Spec))
        {
            return null;
        }

        var facts = new QueryItemFacts(item.Kind, item.Tlp, FederationRecipients.Of(RoutingFacts.FromItem(item), view), HeldAsCiphertext: false, withheld,
            AnswererIsOrigin: item.OriginNode == view.LocalNodeId);
        return QueryPolicy.MayAnswer(facts, query.Asker, askerIsDirectPeer) ? envelope : null;
    }

    /// <summary>The filters the store cannot apply exactly: threat type (code or "family.*") and the indicator as a whole value.</summary>
    public static bool Matches(Item item, QuerySpec spec)
    {
        if (!string.IsNullOrWhiteSpace(spec.ThreatType))
        {
            var wanted = spec.ThreatType.Trim();
            var actual = item.Body?.Why?.ThreatType ?? "";
            var match = wanted.EndsWith(".*", StringComparison.Ordinal)
                ? actual.StartsWith(wanted[..^1], StringComparison.OrdinalIgnoreCase)
                : string.Equals(actual, wanted, StringComparison.OrdinalIgnoreCase);
            if (!match)
            {
                return false;
            }
        }

        if (!string.IsNullOrWhiteSpace(spec.Indicator))
        {
            var wanted = spec.Indicator.Trim();
            if (item.Body is null || !item.Body.Indicators.Any(i => string.Equals(i.Value.Trim(), wanted, StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }
        }

        return true;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
