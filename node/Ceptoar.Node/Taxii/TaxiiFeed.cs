using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Interchange;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Taxii;

/// <summary>
/// A place in a member's feed collection: before object <see cref="Index"/> of the item at <see cref="Seq"/> (its feed
/// cursor); Seq 0 is the head, the shared objects (docs/INTERCHANGE.md §3).
/// </summary>
internal readonly record struct FeedPosition(long Seq, int Index)
{
    private const string Prefix = "f1.";

    /// <summary>The opaque "next" token: a version prefix and the position, base64url.</summary>
    public string Token() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Seq}.{Index}")));

    public static FeedPosition? FromToken(string token)
    {
        if (token.Length is 0 or > 64 || !Base64Url.IsValid(token))
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
        var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split('.') : [];
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? new FeedPosition(seq, index)
            : null;
    }
}

/// <summary>Which objects a request asks for (TAXII 2.1 §3.4.1): null sets mean "any".</summary>
internal sealed record TaxiiFilter(DateTimeOffset? AddedAfter, IReadOnlySet<string>? Types, IReadOnlySet<string>? Ids, IReadOnlyList<string>? Versions, IReadOnlySet<string>? SpecVersions)
{
    public bool Matches(TaxiiObject o) =>
        (AddedAfter is not { } after || o.DateAdded > after)
        && (Types is null || Types.Contains(o.Type))
        && (Ids is null || Ids.Contains(o.Id))
        && (Versions is null || Versions.Any(v => MatchesVersion(v, o.Version)))
        && (SpecVersions is null || SpecVersions.Contains(TaxiiObject.SpecVersion));

    /// <summary>Every object here has one version (the item as the node holds it now), so first, last and all all match it.</summary>
    private static bool MatchesVersion(string wanted, string version) =>
        wanted is "first" or "last" or "all"
        || (TaxiiWire.ParseTimestamp(wanted) is { } at && TaxiiWire.ParseTimestamp(version) is { } have && at == have);
}

/// <summary>One page of a collection.</summary>
internal sealed record TaxiiPage(IReadOnlyList<TaxiiObject> Objects, FeedPosition? Next);

/// <summary>
/// Reads a member's feed collection: the shared objects, then every item its gRPC feed shows (ItemStore.FeedAsync, the
/// same TLP decision as Subscribe and List), in feed-cursor order and, within an item, in the STIX export's order.
/// </summary>
internal sealed class TaxiiFeed(ItemStore items, NodeOptions node)
{
    /// <summary>Items read at most for one page: a filter that matches little must not make one request read the whole store.</summary>
    public const int MaxItemsScanned = 5_000;

    private const int Batch = 256;

    public async Task<TaxiiPage> PageAsync(MemberViewer viewer, FeedPosition? from, TaxiiFilter filter, int limit, CancellationToken cancellationToken)
    {
        var start = from ?? await StartAsync(filter, cancellationToken);
        var page = new List<TaxiiObject>(Math.Min(limit, 1024));
        if (start.Seq == 0)
        {
            var shared = TaxiiObjects.Shared;
            for (var index = start.Index; index < shared.Count; index++)
            {
                if (filter.Matches(shared[index]) && Add(page, shared[index], limit))
                {
                    return new TaxiiPage(page, new FeedPosition(0, index));
                }
            }

            start = new FeedPosition(1, 0);
        }

        var origins = new HashSet<string>(StringComparer.Ordinal);
        var cursor = start.Seq - 1;
        var scanned = 0;
        while (scanned < MaxItemsScanned)
        {
            // An item has at least one object: limit + 1 items fill a page and tell whether there is more, unless a filter skips some.
            var batch = await items.FeedAsync(viewer, cursor, Math.Min(Batch, limit + 1), cancellationToken);
            if (batch.Count == 0)
            {
                return new TaxiiPage(page, null);
            }

            foreach (var stored in batch)
            {
                scanned++;
                var first = origins.Add(stored.OriginNode) && await FirstOfOriginAsync(viewer, stored, cancellationToken);
                var objects = TaxiiObjects.OfItem(InterchangeService.ToExported(stored), node.Id, first);
                for (var index = stored.Seq == start.Seq ? start.Index : 0; index < objects.Count; index++)
                {
                    if (filter.Matches(objects[index]) && Add(page, objects[index], limit))
                    {
                        return new TaxiiPage(page, new FeedPosition(stored.Seq, index));
                    }
                }
            }

            cursor = batch[^1].Seq;
        }

        // Scanned enough for one request: the client goes on from here (a page may then hold fewer than limit objects).
        return new TaxiiPage(page, new FeedPosition(cursor + 1, 0));
    }

    /// <summary>Adds the object unless the page is full; true when it was full (the object starts the next page).</summary>
    private static bool Add(List<TaxiiObject> page, TaxiiObject o, int limit)
    {
        if (page.Count == limit)
        {
            return true;
        }

        page.Add(o);
        return false;
    }

    /// <summary>
    /// added_after without a token starts at the first item received after that time. received_at is set by the single
    /// writer, so it grows with the cursor; the filter still checks each object's date_added, so a clock that went back
    /// hides nothing it should show and shows nothing twice.
    /// </summary>
    private async Task<FeedPosition> StartAsync(TaxiiFilter filter, CancellationToken cancellationToken)
    {
        if (filter.AddedAfter is not { } after || TaxiiObjects.Shared.Any(filter.Matches))
        {
            return new FeedPosition(0, 0);
        }

        var seq = await items.FirstSeqReceivedAfterAsync(after, cancellationToken);
        return new FeedPosition(seq ?? (items.LastSeq + 1), 0);
    }

    /// <summary>Whether no earlier item of this origin is in the viewer's feed: then its identity comes with this item.</summary>
    private async Task<bool> FirstOfOriginAsync(MemberViewer viewer, StoredItem stored, CancellationToken cancellationToken)
    {
        var earlier = await items.ListForMemberAsync(viewer, new ItemQuery { OriginNode = stored.OriginNode, BeforeSeq = stored.Seq, Limit = 1 }, cancellationToken);
        return earlier.Count == 0;
    }
}
