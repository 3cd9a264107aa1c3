using System.Globalization;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>What the report knows of one node besides its receipts: its names and sectors (verified descriptor) and, for a direct peer, its link.</summary>
internal sealed record DrillNodeFacts(string NameJa, string NameEn, IReadOnlyList<string> Sectors, bool? LinkConnected, string LinkError);

/// <summary>
/// A drill's report at its origin (docs/DRILLS.md §5), computed from what the origin holds: the drill item, the per-node
/// receipt status with every acknowledgement (signed by the recipients), its own close time, and what it knows of each
/// node. Pure: the same facts give the same report.
/// </summary>
internal static class DrillReports
{
    public static DrillReport Build(
        DrillSummary summary, Drill drill, ItemStatus status, IReadOnlyDictionary<string, DrillNodeFacts> nodes, DateTimeOffset now)
    {
        var started = summary.StartedAt.ToDateTimeOffset();
        var lateAfter = Earliest(summary.AcknowledgeBy.ToDateTimeOffset(), summary.ClosedAt?.ToDateTimeOffset());
        var report = new DrillReport
        {
            Drill = summary, InstructionJa = drill.InstructionJa, InstructionEn = drill.InstructionEn, GeneratedAt = Timestamp.FromDateTimeOffset(now),
        };

        // The recipients only: a hub that merely relayed the drill is not drilled.
        foreach (var recipient in status.Recipients.Where(r => r.State != "relayed"))
        {
            var facts = nodes.GetValueOrDefault(recipient.NodeId) ?? new DrillNodeFacts("", "", [], null, "");
            report.Nodes.Add(Node(recipient, facts, started, lateAfter));
        }

        report.Sectors.AddRange(report.Nodes
            .SelectMany(n => (n.Sectors.Count == 0 ? [""] : n.Sectors.Distinct(StringComparer.Ordinal)).Select(sector => (Sector: sector, Node: n)))
            .GroupBy(x => x.Sector, StringComparer.Ordinal)
            .OrderBy(g => g.Key.Length == 0 ? 1 : 0).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Sector(g.Key, [.. g.Select(x => x.Node)])));
        report.Totals = Totals(report.Nodes);
        return report;
    }

    private static DrillNodeReport Node(RecipientStatus recipient, DrillNodeFacts facts, DateTimeOffset started, DateTimeOffset lateAfter)
    {
        var row = new DrillNodeReport { NodeId = recipient.NodeId, NameJa = facts.NameJa, NameEn = facts.NameEn, Sectors = { facts.Sectors } };
        if (recipient.DeliveredAt is { } delivered)
        {
            row.State = "delivered";
            row.DeliveredAt = delivered;
            row.DeliveryLatencyMs = Ms(delivered.ToDateTimeOffset() - started);
        }
        else if (recipient.State == "rejected")
        {
            row.State = "rejected";
            row.Reason = recipient.Reason;
        }
        else
        {
            row.State = "not-reached";
            row.Reason = facts.LinkConnected == false && facts.LinkError.Length > 0 ? string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillLinkDownBecause, facts.LinkError)
                : facts.LinkConnected == false ? AdministrationText.DrillLinkDown
                : AdministrationText.DrillNotYet;
        }

        foreach (var ack in recipient.Acknowledgements.OrderBy(a => a.At.ToDateTimeOffset()))
        {
            var at = ack.At.ToDateTimeOffset();
            row.Acknowledgements.Add(new DrillAcknowledgement
            {
                By = ack.By, NameJa = ack.NameJa, NameEn = ack.NameEn, MemberNumber = ack.MemberNumber, At = ack.At, LatencyMs = Ms(at - started), Late = at > lateAfter,
            });
        }

        var members = row.Acknowledgements.Where(a => ReceiptPolicy.IsMemberAcknowledger(a.By)).ToList();
        row.MembersAcknowledged = (uint)members.Count;
        row.MembersLate = (uint)members.Count(a => a.Late);
        row.StaffAcknowledged = (uint)(row.Acknowledgements.Count - members.Count);
        if (recipient.HasMembersReached)
        {
            row.MembersReached = recipient.MembersReached;
            row.MembersMissing = recipient.MembersReached > row.MembersAcknowledged ? recipient.MembersReached - row.MembersAcknowledged : 0;
        }

        var latencies = members.Select(a => a.LatencyMs).Order().ToList();
        if (latencies.Count > 0)
        {
            row.FirstAcknowledgementMs = latencies[0];
            row.MedianAcknowledgementMs = Median(latencies);
            row.LastAcknowledgementMs = latencies[^1];
        }

        return row;
    }

    private static DrillSectorReport Sector(string sector, IReadOnlyList<DrillNodeReport> nodes)
    {
        var latencies = MemberLatencies(nodes);
        var row = new DrillSectorReport
        {
            Sector = sector,
            Nodes = (uint)nodes.Count,
            NodesDelivered = (uint)nodes.Count(n => n.State == "delivered"),
            MembersReached = (uint)nodes.Sum(n => n.MembersReached),
            MembersAcknowledged = (uint)nodes.Sum(n => n.MembersAcknowledged),
            MembersMissing = (uint)nodes.Sum(n => n.MembersMissing),
            AcknowledgementLatenciesMs = { latencies },
        };
        if (latencies.Count > 0)
        {
            row.MedianAcknowledgementMs = Median(latencies);
        }

        return row;
    }

    private static DrillTotals Totals(IReadOnlyList<DrillNodeReport> nodes)
    {
        var acknowledgements = MemberLatencies(nodes);
        var deliveries = nodes.Where(n => n.HasDeliveryLatencyMs).Select(n => n.DeliveryLatencyMs).Order().ToList();
        var totals = new DrillTotals
        {
            Nodes = (uint)nodes.Count,
            NodesDelivered = (uint)nodes.Count(n => n.State == "delivered"),
            NodesRejected = (uint)nodes.Count(n => n.State == "rejected"),
            MembersReached = (uint)nodes.Sum(n => n.MembersReached),
            MembersAcknowledged = (uint)nodes.Sum(n => n.MembersAcknowledged),
            MembersLate = (uint)nodes.Sum(n => n.MembersLate),
            MembersMissing = (uint)nodes.Sum(n => n.MembersMissing),
        };
        if (acknowledgements.Count > 0)
        {
            totals.MedianAcknowledgementMs = Median(acknowledgements);
        }

        if (deliveries.Count > 0)
        {
            // Nearest rank: the smallest latency at or above 99 % of the deliveries.
            totals.P99DeliveryLatencyMs = deliveries[(int)Math.Ceiling(deliveries.Count * 0.99) - 1];
        }

        return totals;
    }

    /// <summary>Every member acknowledgement's latency at these nodes, ascending.</summary>
    private static List<long> MemberLatencies(IEnumerable<DrillNodeReport> nodes) =>
        [.. nodes.SelectMany(n => n.Acknowledgements.Where(a => ReceiptPolicy.IsMemberAcknowledger(a.By)).Select(a => a.LatencyMs)).Order()];

    /// <summary>The middle value; for an even count the lower of the two middle ones (a time that happened).</summary>
    private static long Median(IReadOnlyList<long> sorted) => sorted[(sorted.Count - 1) / 2];

    private static long Ms(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds);

    private static DateTimeOffset Earliest(DateTimeOffset a, DateTimeOffset? b) => b is { } v && v < a ? v : a;
}
