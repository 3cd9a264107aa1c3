using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>How a federated query's merged items and per-node outcomes are shown to people.</summary>
internal static class QueryViews
{
    public const string Answered = "answered";

    public static readonly IReadOnlyList<string> ItemHeaders =
        ["Id", "Origin", "TLP", "Kind", "Created", "Title", "Seen at", "Signature"];

    public static readonly IReadOnlyList<string> IndicatorHeaders =
        ["Id", "Origin", "TLP", "Title", "Created", "Seen at", "Signature"];

    public static IReadOnlyList<string> StatusHeaders => ["Node", "Status", "Items", "Reason"];

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
        var nodes = statuses.Count == 1 ? "node" : "nodes";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"answered by {answered} of {statuses.Count} {nodes}{parenthesis} in {response.ElapsedMs} ms; {Count(response.Items.Count, "item")}");
    }

    /// <summary>What a person must know when not every node answered (null when all did): whose items may be missing, and why.</summary>
    public static string? PartialNote(QueryItemsResponse response, uint deadlineSeconds)
    {
        if (response.Statuses.Count == 0)
        {
            return "note: no node took part in this query. Check that this node has peers (ceptoar-admin peers list) and that they are connected.";
        }

        var missing = response.Statuses.Where(s => s.Status != Answered).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var who = string.Join(", ", missing.Select(s => $"{s.NodeId} ({StatusText(s.Status)}{(s.Reason.Length > 0 ? ": " + s.Reason : string.Empty)})"));
        var hint = missing.Any(s => s.Status == "timed_out")
            ? string.Create(CultureInfo.InvariantCulture, $" Retry later, or with a --deadline above {deadlineSeconds} s.")
            : " Retry later for the unreachable ones; a refusal is that node's decision.";
        return $"note: partial result: {Count(missing.Count, "node")} did not answer: {who}. Items only they hold are not in this list.{hint}";
    }

    /// <summary>"203.0.113.77 (IPv4) seen in 3 items from 3 nodes: bank-ceptoar, electricity-ceptoar, local-gov-ceptoar".</summary>
    public static string IndicatorSummary(IndicatorValue indicator, QueryItemsResponse response)
    {
        if (response.Items.Count == 0)
        {
            var answered = response.Statuses.Count(s => s.Status == Answered);
            return $"{indicator} seen in no item at the {Count(answered, "node")} that answered.";
        }

        var nodes = response.Items.SelectMany(i => i.SeenAt).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return $"{indicator} seen in {Count(response.Items.Count, "item")} from {Count(nodes.Count, "node")}: {string.Join(", ", nodes)}";
    }

    /// <summary>A warning for items whose origin signature did not verify at this node (null when all did).</summary>
    public static string? SignatureWarning(QueryItemsResponse response)
    {
        var invalid = response.Items.Where(i => !i.SignatureValid).Select(i => i.Item?.Id ?? "(no id)").ToList();
        return invalid.Count == 0
            ? null
            : $"warning: the origin signature of {Count(invalid.Count, "item")} did not verify at this node: {string.Join(", ", invalid)}. "
                + "Do not act on them; the node that sent them may be faulty or compromised.";
    }

    public static string StatusText(string status) => status switch
    {
        "timed_out" => "timed out",
        "" => "unknown",
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
        return item.Exercise ? $"[EXERCISE] {title}" : title;
    }

    private static string Signature(FederatedItem federated) => federated.SignatureValid ? "valid" : "INVALID";

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
