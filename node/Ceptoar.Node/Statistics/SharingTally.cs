using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Statistics;

/// <summary>
/// Turns the store's grouped counts into the statistics (docs/CONSOLE.md §5): what is left out (exercises, node-made
/// kinds, items held here and never sent), the rows of the grouping with every group shown (zeros included), the totals
/// and the gap between sectors. Pure: what the node holds comes in as counts, the origins as the directory names them.
/// </summary>
internal static class SharingTally
{
    /// <summary>The group of origins that serve no sector (NISC, the Council, offices).</summary>
    public const string NoSector = "(none)";

    /// <summary>The group of origins this node has no descriptor of.</summary>
    public const string UnknownOrigin = "(unknown)";

    private static readonly Tlp[] Labels = [Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red];

    public static SharingStatisticsResponse Build(
        SharingPeriod period, IReadOnlyList<SharingCount> counts, IReadOnlyList<OriginFacts> origins, Vocabulary vocabulary, string ownNodeId)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var known = origins.GroupBy(o => o.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var response = new SharingStatisticsResponse
        {
            NodeId = ownNodeId,
            FromMonth = SharingPeriod.Text(period.From),
            ToMonth = SharingPeriod.Text(period.To),
            Months = (uint)period.Months.Count,
            GroupBy = SharingPeriod.Key(period.GroupBy),
            Direction = SharingPeriod.Key(period.Direction),
        };
        var rows = new Dictionary<string, SharingStatisticsRow>(StringComparer.Ordinal);
        var sectorItems = vocabulary.Sectors.Keys.ToDictionary(s => s, _ => 0UL, StringComparer.Ordinal);
        foreach (var count in counts)
        {
            var sent = count.OriginNode == ownNodeId;
            if ((period.Direction == SharingDirection.Sent && !sent) || (period.Direction == SharingDirection.Received && sent))
            {
                continue;
            }

            var n = (ulong)count.Count;
            // Exercises never mix with real work (DESIGN §12, docs/DRILLS.md): left out, and said how many.
            if (count.Exercise)
            {
                response.ExercisesLeftOut += n;
                continue;
            }

            if (!ItemValidator.MemberKinds.Contains(count.Kind))
            {
                response.NodeKindsLeftOut += n;
                continue;
            }

            // An item the approval queue holds or rejected never left this node (docs/TLP.md §6): it was not shared.
            if (sent && count.Withheld)
            {
                response.HeldLeftOut += n;
                continue;
            }

            var origin = known.GetValueOrDefault(count.OriginNode);
            var sectors = origin is null ? [UnknownOrigin] : origin.Sectors.Count == 0 ? [NoSector] : origin.Sectors;
            foreach (var key in Keys(period, count, sectors))
            {
                Add(rows.TryGetValue(key, out var row) ? row : rows[key] = new SharingStatisticsRow { Key = key }, count, sent, n);
            }

            foreach (var sector in sectors.Where(sectorItems.ContainsKey))
            {
                sectorItems[sector] += n;
            }

            response.Sent += sent ? n : 0;
            response.Received += sent ? 0 : n;
            response.Withdrawn += count.Revoked ? n : 0;
            response.SealedOnly += count.Sealed ? n : 0;
        }

        response.Rows.AddRange(Ordered(period, rows, known, vocabulary));
        AddGaps(response, sectorItems, vocabulary, period.Months.Count);
        return response;
    }

    private static IEnumerable<string> Keys(SharingPeriod period, SharingCount count, IReadOnlyList<string> sectors) => period.GroupBy switch
    {
        // A node serving several sectors counts in each of them (the totals count it once).
        SharingGrouping.Sector => sectors,
        SharingGrouping.Ceptoar => [count.OriginNode],
        SharingGrouping.Kind => [KindKey(count.Kind)],
        SharingGrouping.Label => [TlpTransport.Name(count.Tlp)],
        _ => [period.Label(count.Month)],
    };

    private static void Add(SharingStatisticsRow row, SharingCount count, bool sent, ulong n)
    {
        row.Sent += sent ? n : 0;
        row.Received += sent ? 0 : n;
        row.Withdrawn += count.Revoked ? n : 0;
        row.SealedOnly += count.Sealed ? n : 0;
    }

    /// <summary>Every group in a stable order, zeros included, then any group the order did not foresee (an unknown label).</summary>
    private static IEnumerable<SharingStatisticsRow> Ordered(
        SharingPeriod period, Dictionary<string, SharingStatisticsRow> rows, Dictionary<string, OriginFacts> known, Vocabulary vocabulary)
    {
        IEnumerable<(string Key, string Ja, string En)> expected = period.GroupBy switch
        {
            SharingGrouping.Sector => vocabulary.Sectors.Values.Select(s => (s.Code, s.NameJa, s.NameEn))
                .Concat(rows.ContainsKey(NoSector) ? [(NoSector, Name(nameof(StatisticsText.NoSectorName), CallLanguage.Japanese), Name(nameof(StatisticsText.NoSectorName), CallLanguage.English))] : [])
                .Concat(rows.ContainsKey(UnknownOrigin) ? [(UnknownOrigin, Name(nameof(StatisticsText.UnknownOriginName), CallLanguage.Japanese), Name(nameof(StatisticsText.UnknownOriginName), CallLanguage.English))] : []),
            SharingGrouping.Ceptoar => known.Keys.Union(rows.Keys).Order(StringComparer.Ordinal)
                .Select(id => known.TryGetValue(id, out var o) ? (id, o.NameJa, o.NameEn) : (id, "", "")),
            SharingGrouping.Kind => ItemValidator.MemberKinds.Select(k => (KindKey(k), KindName(k, CallLanguage.Japanese), KindName(k, CallLanguage.English))),
            SharingGrouping.Label => Labels.Select(l => (TlpTransport.Name(l), "", "")),
            _ => Enumerable.Range(0, period.Months.Count).Select(i => (period.Label(i), "", "")),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, ja, en) in expected)
        {
            var row = rows.GetValueOrDefault(key) ?? new SharingStatisticsRow { Key = key };
            (row.NameJa, row.NameEn) = (ja, en);
            seen.Add(key);
            yield return row;
        }

        foreach (var row in rows.Values.Where(r => !seen.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            yield return row;
        }
    }

    /// <summary>
    /// The gap in sharing frequency between sectors (分野間格差): each roster sector's items per month over the period and its
    /// ratio to the median sector's; sectors without items are there with zero.
    /// </summary>
    private static void AddGaps(SharingStatisticsResponse response, Dictionary<string, ulong> sectorItems, Vocabulary vocabulary, int months)
    {
        var perMonth = vocabulary.Sectors.Keys.Select(s => (double)sectorItems[s] / months).Order().ToList();
        var median = perMonth.Count == 0 ? 0 : perMonth.Count % 2 == 1
            ? perMonth[perMonth.Count / 2]
            : (perMonth[(perMonth.Count / 2) - 1] + perMonth[perMonth.Count / 2]) / 2;
        response.MedianPerMonth = median;
        foreach (var sector in vocabulary.Sectors.Values)
        {
            var items = sectorItems[sector.Code];
            var rate = (double)items / months;
            response.Gaps.Add(new SectorGap
            {
                Sector = sector.Code, NameJa = sector.NameJa, NameEn = sector.NameEn, Items = items, PerMonth = rate,
                HasRatio = median > 0, RatioToMedian = median > 0 ? rate / median : 0,
            });
        }
    }

    /// <summary>"incident-report" for ITEM_KIND_INCIDENT_REPORT: the form ceptoar-admin reads and writes.</summary>
    public static string KindKey(ItemKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string KindName(ItemKind kind, CultureInfo language) => Name("Kind" + kind, language);

    private static string Name(string key, CultureInfo language) => StatisticsText.ResourceManager.GetString(key, language) ?? key;
}
