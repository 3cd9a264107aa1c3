using Ceptoar.AdminCli.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>What the demo found at one node for one item: how it is stored, and which members' feeds list it.</summary>
internal sealed record NodeObservation(CopyKind Copy, IReadOnlySet<string> FeedMembers);

/// <summary>One line of an item's report table.</summary>
internal sealed record ReportRow(string NodeId, string Stored, string Feeds, string Why, IReadOnlyList<string> Problems);

/// <summary>
/// Compares what each node and member holds with what TLP 2.0 allows, and decides when an item's delivery has settled.
/// Pure: the observations are gathered elsewhere.
/// </summary>
internal static class DeliveryReport
{
    public static string Stored(CopyKind copy) => copy switch
    {
        CopyKind.Plaintext => "yes, plaintext",
        CopyKind.Sealed => "sealed: ciphertext only",
        _ => "no",
    };

    /// <summary>
    /// What is still outstanding for one item, empty once it has settled: every recipient answered (delivered, acknowledged
    /// or rejected; those in <paramref name="mustAcknowledge"/> acknowledged), every relaying hub answered the origin, and
    /// every node that should hold a copy holds one.
    /// </summary>
    public static IReadOnlyList<string> Outstanding(
        IReadOnlyList<NodeExpectation> expected,
        ItemStatus? status,
        IReadOnlyDictionary<string, CopyKind> copies,
        IReadOnlySet<string> mustAcknowledge)
    {
        var outstanding = new List<string>();
        foreach (var node in expected)
        {
            var receipt = status?.Recipients.FirstOrDefault(r => r.NodeId == node.NodeId);
            if (node.IsRecipient)
            {
                if (receipt is null)
                {
                    outstanding.Add($"{node.NodeId}: the origin lists no delivery state for it yet");
                }
                else if (receipt.State == ItemStatusView.Pending)
                {
                    outstanding.Add($"{node.NodeId}: delivery pending");
                }
                else if (mustAcknowledge.Contains(node.NodeId) && receipt.State == ItemStatusView.Delivered)
                {
                    outstanding.Add($"{node.NodeId}: no acknowledged receipt yet");
                }
            }
            else if (node.IsRelay && receipt is null)
            {
                outstanding.Add($"{node.NodeId}: the origin has no answer from this hub yet");
            }

            if (node.Copy != CopyKind.None && copies.GetValueOrDefault(node.NodeId) == CopyKind.None)
            {
                outstanding.Add($"{node.NodeId}: not stored yet");
            }
        }

        return outstanding;
    }

    /// <summary>One row per node; a row whose observation differs from the expectation carries the differences as problems.</summary>
    public static IReadOnlyList<ReportRow> Rows(
        SubmittedReport item,
        IReadOnlyList<NodeExpectation> expected,
        IReadOnlyDictionary<string, NodeObservation> observed,
        IReadOnlyList<DemoMember> members)
    {
        var rows = new List<ReportRow>();
        foreach (var node in expected)
        {
            var seen = observed.GetValueOrDefault(node.NodeId) ?? new NodeObservation(CopyKind.None, new HashSet<string>());
            var problems = new List<string>();
            if (seen.Copy != node.Copy)
            {
                problems.Add($"{node.NodeId} should hold {Stored(node.Copy)} but holds {Stored(seen.Copy)}");
            }

            var here = members.Where(m => m.NodeId == node.NodeId).Select(m => m.MemberId).ToList();
            problems.AddRange(here
                .Where(m => seen.FeedMembers.Contains(m) && !node.Members.Contains(m))
                .Select(m => $"{m} at {node.NodeId} sees it, which TLP does not allow"));
            problems.AddRange(here
                .Where(m => !seen.FeedMembers.Contains(m) && node.Members.Contains(m))
                .Select(m => $"{m} at {node.NodeId} should see it, but its feed does not list it"));

            var feeds = here.Where(seen.FeedMembers.Contains).Select(m => m == item.SubmittedBy && node.NodeId == item.OriginNode ? m + " (own)" : m).ToList();
            var why = problems.Count == 0 ? node.Why : $"UNEXPECTED: {string.Join("; ", problems)} (expected: {node.Why})";
            rows.Add(new ReportRow(node.NodeId, Stored(seen.Copy), here.Count == 0 ? "(no members)" : feeds.Count == 0 ? "none" : string.Join(", ", feeds), why, problems));
        }

        return rows;
    }

    /// <summary>Receipts that differ from what the item's audience calls for (after it settled, or when waiting ran out).</summary>
    public static IReadOnlyList<string> ReceiptProblems(IReadOnlyList<NodeExpectation> expected, ItemStatus? status, IReadOnlySet<string> mustAcknowledge)
    {
        var problems = new List<string>();
        var receipts = status?.Recipients.GroupBy(r => r.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];
        foreach (var node in expected.Where(n => n.IsRecipient))
        {
            if (!receipts.TryGetValue(node.NodeId, out var receipt))
            {
                problems.Add($"the origin has no delivery state for recipient {node.NodeId}");
            }
            else if (receipt.State == ItemStatusView.Rejected)
            {
                problems.Add($"{node.NodeId} rejected it: {receipt.Reason}");
            }
            else if (receipt.State == ItemStatusView.Pending)
            {
                problems.Add($"delivery to {node.NodeId} is still pending");
            }
            else if (receipt.State == ItemStatusView.Relayed)
            {
                problems.Add($"the origin shows recipient {node.NodeId} as a hub that only relayed it, with no delivered receipt");
            }
            else if (mustAcknowledge.Contains(node.NodeId) && receipt.State != ItemStatusView.Acknowledged)
            {
                problems.Add($"{node.NodeId} acknowledged it, but the origin shows no acknowledged receipt");
            }
        }

        foreach (var node in expected.Where(n => n.IsRelay))
        {
            if (!receipts.TryGetValue(node.NodeId, out var receipt))
            {
                problems.Add($"the origin has no answer from hub {node.NodeId}, which should relay it");
            }
            else if (receipt.State == ItemStatusView.Rejected)
            {
                problems.Add($"hub {node.NodeId} refused to relay it: {receipt.Reason}");
            }
            else if (receipt.State != ItemStatusView.Relayed)
            {
                problems.Add($"the origin shows hub {node.NodeId} as {receipt.State}, but it is not a recipient: it should only have relayed it");
            }
        }

        var known = expected.Where(n => n.IsRecipient || n.IsRelay).Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, receipt) in receipts.Where(r => !known.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            problems.Add(receipt.State == ItemStatusView.Relayed
                ? $"the origin sent it to {id} to relay, but no recipient needs {id} to relay it"
                : $"the origin counts {id} as a recipient, but the audience does not address it");
        }

        return problems;
    }
}
