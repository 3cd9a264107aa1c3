using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Modes;

/// <summary>
/// The status board of a large-scale period (docs/MODES.md §5): per secretariat in the period's scope that the directory
/// knows, the latest damage report and response status this node holds from it during the period, their age, and whether
/// it is late (nothing within the report interval). Only items this node reads in clear and is a recipient of count
/// (FederationRecipients, docs/TLP.md): a hub's relayed or sealed copies never show. A period that ended keeps its board,
/// as of its end.
/// </summary>
internal sealed class StatusBoards(ModeStore modes, ItemStore items, HeldStore held, NodeDirectory directory, NodeOptions node, TimeProvider time)
{
    /// <summary>Most reports of the period read for one board.</summary>
    private const int MaxReports = 20_000;

    private static readonly ItemKind[] Kinds = [ItemKind.DamageReport, ItemKind.ResponseStatus];

    /// <summary>The period: the one named, else the one that holds, else the latest; null when there is none (or no such id).</summary>
    public async Task<ModePeriodFacts?> PeriodAsync(string periodId, CancellationToken cancellationToken)
    {
        var periods = ModePeriods.Of(await modes.AllAsync(cancellationToken));
        return periodId.Length > 0
            ? periods.FirstOrDefault(p => p.Start.ItemId == periodId)
            : periods.LastOrDefault(p => p.Holds) ?? periods.LastOrDefault();
    }

    public async Task<StatusBoard> BuildAsync(ModePeriodFacts period, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(period);
        var asOf = period.End?.CreatedAt ?? time.GetUtcNow();
        var interval = TimeSpan.FromMinutes(period.Start.ReportEveryMinutes);
        var latest = await LatestAsync(period.Start.CreatedAt, asOf, cancellationToken);
        var board = new StatusBoard { Period = ModePeriods.View(period), AsOf = Timestamp.FromDateTimeOffset(asOf) };
        foreach (var entry in directory.Entries().Where(e => InScope(e.Descriptor, period.Start.ScopeSectors)))
        {
            var d = entry.Descriptor;
            var row = new BoardRow { NodeId = d.NodeId, NameJa = d.NameJa, NameEn = d.NameEn, Sectors = { d.Sectors } };
            var last = period.Start.CreatedAt;
            if (latest.TryGetValue((d.NodeId, ItemKind.DamageReport), out var damage))
            {
                row.DamageReport = Report(damage, asOf);
                last = Max(last, damage.CreatedAt);
            }

            if (latest.TryGetValue((d.NodeId, ItemKind.ResponseStatus), out var response))
            {
                row.ResponseStatus = Report(response, asOf);
                last = Max(last, response.CreatedAt);
            }

            row.Late = asOf - last > interval;
            board.Rows.Add(row);
        }

        return board;
    }

    /// <summary>Secretariats (CEPTOARs) serving a sector in scope; every secretariat when the scope is the whole federation.</summary>
    private static bool InScope(NodeDescriptor descriptor, IReadOnlyList<string> scope) =>
        descriptor.Role == NodeRole.Secretariat && (scope.Count == 0 || descriptor.Sectors.Any(scope.Contains));

    /// <summary>The newest report of each kind from each origin, among those this node may read.</summary>
    private async Task<Dictionary<(string Origin, ItemKind Kind), BoardItem>> LatestAsync(DateTimeOffset from, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var stored = await items.ListAllAsync(new ItemQuery
        {
            Kinds = Kinds, CreatedFrom = from, CreatedTo = asOf.AddMilliseconds(1), ExcludeExercise = true, Limit = MaxReports,
        }, cancellationToken);
        var states = await held.StatesAsync([.. stored.Select(s => s.ItemId)], cancellationToken);
        var view = directory.View();
        var latest = new Dictionary<(string, ItemKind), BoardItem>();
        foreach (var s in stored.Where(s => !s.Sealed && !HeldStore.Withholds(states.GetValueOrDefault(s.ItemId)?.State)))
        {
            var item = ItemViews.ParseItem(s, out _);
            if (item.OriginNode != node.Id && !FederationRecipients.Of(RoutingFacts.FromItem(item), view).Contains(node.Id))
            {
                continue;
            }

            var key = (item.OriginNode, item.Kind);
            var created = item.CreatedAt.ToDateTimeOffset();
            if (!latest.TryGetValue(key, out var known) || created > known.CreatedAt)
            {
                latest[key] = new BoardItem(item.Id, item.Body?.Title ?? "", item.Body?.Severity ?? Severity.None, item.Tlp, created);
            }
        }

        return latest;
    }

    private static BoardReport Report(BoardItem item, DateTimeOffset asOf) => new()
    {
        ItemId = item.Id,
        Title = item.Title,
        Severity = item.Severity,
        Tlp = item.Tlp,
        CreatedAt = Timestamp.FromDateTimeOffset(item.CreatedAt),
        AgeMinutes = (uint)Math.Max(0, (asOf - item.CreatedAt).TotalMinutes),
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private sealed record BoardItem(string Id, string Title, Severity Severity, Tlp Tlp, DateTimeOffset CreatedAt);
}
