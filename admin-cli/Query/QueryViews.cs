using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>How a federated query's merged items and per-node outcomes are shown to people.</summary>
internal static class QueryViews
{
    public const string Answered = "answered";

    public static readonly IReadOnlyList<string> ItemHeaders =
        [CommonText.Id, QueryText.OriginHeader, "TLP", CommonText.Kind, CommonText.Created, CommonText.Title, QueryText.SeenAtHeader, QueryText.SignatureHeader];

    public static readonly IReadOnlyList<string> IndicatorHeaders =
        [CommonText.Id, QueryText.OriginHeader, "TLP", CommonText.Title, CommonText.Created, QueryText.SeenAtHeader, QueryText.SignatureHeader];

    public static IReadOnlyList<string> StatusHeaders => [CommonText.Node, CommonText.Status, QueryText.ItemsHeader, CommonText.Reason];

    // The order the not-answered outcomes are counted in, most actionable first; unknown ones (a newer node) follow.
    private static readonly string[] OutcomeOrder = ["unreachable", "timed_out", "refused"];

    public static IReadOnlyList<string?> ItemRow(FederatedItem federated)
    {
        var item = federated.Item ?? new Item();
        return
        [
            item.Id, item.OriginNode, Vocabulary.TlpLabel(item.Tlp), Vocabulary.Kind.Format(item.Kind), Formats.Time(item.CreatedAt),
            Title(item), Formats.List(federated.SeenAt), Signature(federated),
        ];
    }

    public static IReadOnlyList<string?> IndicatorRow(FederatedItem federated)
    {
        var item = federated.Item ?? new Item();
        return
        [
            item.Id, item.OriginNode, Vocabulary.TlpLabel(item.Tlp), Title(item), Formats.Time(item.CreatedAt),
            Formats.List(federated.SeenAt), Signature(federated),
        ];
    }

    public static IReadOnlyList<string?> StatusRow(NodeQueryStatus status) =>
    [
        status.NodeId, StatusText(status.Status), status.Items.ToString(CultureInfo.InvariantCulture), status.Reason,
    ];

    /// <summary>"answered by 4 of 5 nodes (1 unreachable) in 812 ms; 23 items".</summary>
    public static string Summary(QueryItemsResponse response)
    {
        var statuses = response.Statuses;
        var answered = statuses.Count(s => s.Status == Answered);
        var missing = MissingCounts(statuses);
        var parenthesis = missing.Count == 0 ? string.Empty : $" ({string.Join(", ", missing.Select(m => $"{m.Count} {StatusText(m.Status)}"))})";
        return Localized.Format(QueryText.AnsweredSummary, answered, Nodes(statuses.Count), parenthesis, response.ElapsedMs, Items(response.Items.Count));
    }

    /// <summary>What a person must know when not every node answered (null when all did): whose items may be missing, and why.</summary>
    public static string? PartialNote(QueryItemsResponse response, uint deadlineSeconds)
    {
        if (response.Statuses.Count == 0)
        {
            return QueryText.NoNodeTookPart;
        }

        var missing = response.Statuses.Where(s => s.Status != Answered).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var who = string.Join(", ", missing.Select(s => $"{s.NodeId} ({StatusText(s.Status)}{(s.Reason.Length > 0 ? ": " + s.Reason : string.Empty)})"));
        var hint = missing.Any(s => s.Status == "timed_out")
            ? Localized.Format(QueryText.RetryDeadline, deadlineSeconds)
            : QueryText.RetryUnreachable;
        return Localized.Format(QueryText.PartialResult, Nodes(missing.Count), who, hint);
    }

    /// <summary>"203.0.113.77 (IPv4) seen in 3 items from 3 nodes: bank-ceptoar, electricity-ceptoar, local-gov-ceptoar".</summary>
    public static string IndicatorSummary(IndicatorValue indicator, QueryItemsResponse response)
    {
        if (response.Items.Count == 0)
        {
            var answered = response.Statuses.Count(s => s.Status == Answered);
            return Localized.Format(QueryText.IndicatorSeenNowhere, indicator, Nodes(answered));
        }

        var nodes = response.Items.SelectMany(i => i.SeenAt).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Localized.Format(QueryText.IndicatorSeen, indicator, Items(response.Items.Count), Nodes(nodes.Count), string.Join(", ", nodes));
    }

    /// <summary>A warning for items whose origin signature did not verify at this node (null when all did).</summary>
    public static string? SignatureWarning(QueryItemsResponse response)
    {
        var invalid = response.Items.Where(i => !i.SignatureValid).Select(i => i.Item?.Id ?? QueryText.NoId).ToList();
        return invalid.Count == 0
            ? null
            : Localized.Format(QueryText.SignatureWarning, Items(invalid.Count), string.Join(", ", invalid));
    }

    public static string StatusText(string status) => status switch
    {
        "timed_out" => QueryText.StatusTimedOut,
        "unreachable" => QueryText.StatusUnreachable,
        "refused" => QueryText.StatusRefused,
        Answered => QueryText.StatusAnswered,
        "" => CommonText.Unknown,
        _ => status,
    };

    private static List<(string Status, int Count)> MissingCounts(IEnumerable<NodeQueryStatus> statuses)
    {
        var counts = statuses
            .Where(s => s.Status != Answered)
            .GroupBy(s => s.Status, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ordered = OutcomeOrder.Where(counts.ContainsKey).Select(s => (s, counts[s])).ToList();
        ordered.AddRange(counts.Keys.Where(k => !OutcomeOrder.Contains(k)).Order(StringComparer.Ordinal).Select(k => (k, counts[k])));
        return ordered;
    }

    private static string Title(Item item)
    {
        var title = item.Body?.Title ?? string.Empty;
        return item.Exercise ? Localized.Format(QueryText.ExerciseTitle, title) : title;
    }

    private static string Signature(FederatedItem federated) => federated.SignatureValid ? QueryText.SignatureValid : QueryText.SignatureInvalid;

    private static string Items(int count) => count == 1 ? QueryText.OneItem : Localized.Format(QueryText.ManyItems, count);

    private static string Nodes(int count) => count == 1 ? QueryText.OneNode : Localized.Format(QueryText.ManyNodes, count);
}
