using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Localization;
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
        CopyKind.Plaintext => DemoText.CopyPlaintext,
        CopyKind.Sealed => DemoText.CopySealed,
        _ => CommonText.No,
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
                    outstanding.Add(Localized.Format(DemoText.NoDeliveryStateYet, node.NodeId));
                }
                else if (receipt.State == ItemStatusView.Pending)
                {
                    outstanding.Add(Localized.Format(DemoText.DeliveryPending, node.NodeId));
                }
                else if (mustAcknowledge.Contains(node.NodeId) && receipt.State == ItemStatusView.Delivered)
                {
                    outstanding.Add(Localized.Format(DemoText.NoAckYet, node.NodeId));
                }
            }
            else if (node.IsRelay && receipt is null)
            {
                outstanding.Add(Localized.Format(DemoText.NoHubAnswerYet, node.NodeId));
            }

            if (node.Copy != CopyKind.None && copies.GetValueOrDefault(node.NodeId) == CopyKind.None)
            {
                outstanding.Add(Localized.Format(DemoText.NotStoredYet, node.NodeId));
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
                problems.Add(Localized.Format(DemoText.ShouldHold, node.NodeId, Stored(node.Copy), Stored(seen.Copy)));
            }

            var here = members.Where(m => m.NodeId == node.NodeId).Select(m => m.MemberId).ToList();
            problems.AddRange(here
                .Where(m => seen.FeedMembers.Contains(m) && !node.Members.Contains(m))
                .Select(m => Localized.Format(DemoText.SeesNotAllowed, m, node.NodeId)));
            problems.AddRange(here
                .Where(m => !seen.FeedMembers.Contains(m) && node.Members.Contains(m))
                .Select(m => Localized.Format(DemoText.ShouldSee, m, node.NodeId)));

            var feeds = here.Where(seen.FeedMembers.Contains).Select(m => m == item.SubmittedBy && node.NodeId == item.OriginNode ? m + DemoText.Own : m).ToList();
            var why = problems.Count == 0 ? node.Why : Localized.Format(DemoText.Unexpected, string.Join("; ", problems), node.Why);
            rows.Add(new ReportRow(node.NodeId, Stored(seen.Copy), here.Count == 0 ? DemoText.NoMembers : feeds.Count == 0 ? DemoText.None : string.Join(", ", feeds), why, problems));
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
                problems.Add(Localized.Format(DemoText.NoStateForRecipient, node.NodeId));
            }
            else if (receipt.State == ItemStatusView.Rejected)
            {
                problems.Add(Localized.Format(DemoText.RejectedIt, node.NodeId, receipt.Reason));
            }
            else if (receipt.State == ItemStatusView.Pending)
            {
                problems.Add(Localized.Format(DemoText.StillPending, node.NodeId));
            }
            else if (receipt.State == ItemStatusView.Relayed)
            {
                problems.Add(Localized.Format(DemoText.RecipientOnlyRelayed, node.NodeId));
            }
            else if (mustAcknowledge.Contains(node.NodeId) && receipt.State != ItemStatusView.Acknowledged)
            {
                problems.Add(Localized.Format(DemoText.AckedButNoReceipt, node.NodeId));
            }
        }

        foreach (var node in expected.Where(n => n.IsRelay))
        {
            if (!receipts.TryGetValue(node.NodeId, out var receipt))
            {
                problems.Add(Localized.Format(DemoText.NoAnswerFromHub, node.NodeId));
            }
            else if (receipt.State == ItemStatusView.Rejected)
            {
                problems.Add(Localized.Format(DemoText.HubRefused, node.NodeId, receipt.Reason));
            }
            else if (receipt.State != ItemStatusView.Relayed)
            {
                problems.Add(Localized.Format(DemoText.HubShownAs, node.NodeId, receipt.State));
            }
        }

        var known = expected.Where(n => n.IsRecipient || n.IsRelay).Select(n => n.NodeId).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, receipt) in receipts.Where(r => !known.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            problems.Add(receipt.State == ItemStatusView.Relayed
                ? Localized.Format(DemoText.SentToRelayNeedless, id)
                : Localized.Format(DemoText.CountedNotAddressed, id));
        }

        return problems;
    }
}
