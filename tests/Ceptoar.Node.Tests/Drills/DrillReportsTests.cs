using Ceptoar.Federation.V1;
using Ceptoar.Node.Administration;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Tests.Drills;

/// <summary>The report's arithmetic on receipts the test writes by hand: latencies from the start, late after the earlier of deadline and close, missing = reached − acknowledged.</summary>
public sealed class DrillReportsTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Build_ThreeMembersAndAStaffPersonAtOneNode_FiguresFromTheReceipts()
    {
        // Deadline at +30 min, closed at +20 min: the acknowledgement at +25 min is late, the one at +10 min is not.
        var summary = Summary(closedAfter: TimeSpan.FromMinutes(20));
        var bank = new RecipientStatus { NodeId = "bank-ceptoar", State = "acknowledged", DeliveredAt = At(TimeSpan.FromSeconds(2)), MembersReached = 5 };
        bank.Acknowledgements.Add(Ack("member:mizuho-bank", TimeSpan.FromMinutes(10)));
        bank.Acknowledgements.Add(Ack("member", TimeSpan.FromMinutes(4), number: 1));
        bank.Acknowledgements.Add(Ack("member", TimeSpan.FromMinutes(25), number: 2));
        bank.Acknowledgements.Add(Ack("staff:suzuki", TimeSpan.FromMinutes(1)));
        var gas = new RecipientStatus { NodeId = "gas-ceptoar", State = "pending" };
        var status = new ItemStatus { Recipients = { bank, gas, new RecipientStatus { NodeId = "council", State = "relayed" } } };
        var facts = new Dictionary<string, DrillNodeFacts>
        {
            ["bank-ceptoar"] = new("銀行セプター", "Bank CEPTOAR", ["finance"], true, ""),
            ["gas-ceptoar"] = new("ガスセプター", "Gas CEPTOAR", ["gas"], false, "connection refused"),
        };

        var report = DrillReports.Build(summary, new Drill(), status, facts, Start.AddHours(1));

        Assert.Equal(["bank-ceptoar", "gas-ceptoar"], report.Nodes.Select(n => n.NodeId));
        var row = report.Nodes[0];
        Assert.Equal(2_000, row.DeliveryLatencyMs);
        Assert.Equal((3u, 1u, 2u, 1u), (row.MembersAcknowledged, row.MembersLate, row.MembersMissing, row.StaffAcknowledged));
        Assert.Equal((240_000L, 600_000L, 1_500_000L), (row.FirstAcknowledgementMs, row.MedianAcknowledgementMs, row.LastAcknowledgementMs));
        Assert.Equal([false, false, false, true], row.Acknowledgements.Select(a => a.Late));
        var down = report.Nodes[1];
        Assert.Equal(("not-reached", "link down: connection refused"), (down.State, down.Reason));
        Assert.False(down.HasMembersMissing);
        Assert.Equal(["finance", "gas"], report.Sectors.Select(s => s.Sector));
        Assert.Equal((2u, 1u, 5u, 3u, 2u), (report.Totals.Nodes, report.Totals.NodesDelivered, report.Totals.MembersReached, report.Totals.MembersAcknowledged, report.Totals.MembersMissing));
        Assert.Equal(600_000, report.Totals.MedianAcknowledgementMs);
    }

    [Fact]
    public void Build_NotClosed_LateOnlyAfterTheDeadline()
    {
        var node = new RecipientStatus { NodeId = "bank-ceptoar", State = "delivered", DeliveredAt = At(TimeSpan.FromSeconds(1)), MembersReached = 2 };
        node.Acknowledgements.Add(Ack("member:a-bank", TimeSpan.FromMinutes(30)));
        node.Acknowledgements.Add(Ack("member:b-bank", TimeSpan.FromMinutes(31)));

        var report = DrillReports.Build(Summary(closedAfter: null), new Drill(), new ItemStatus { Recipients = { node } }, new Dictionary<string, DrillNodeFacts>(), Start.AddHours(1));

        Assert.Equal([false, true], report.Nodes[0].Acknowledgements.Select(a => a.Late));
    }

    private static DrillSummary Summary(TimeSpan? closedAfter)
    {
        var summary = new DrillSummary { DrillId = "01a24a00-0000-7000-8000-000000000001", StartedAt = At(TimeSpan.Zero), AcknowledgeBy = At(TimeSpan.FromMinutes(30)) };
        if (closedAfter is { } after)
        {
            summary.ClosedAt = At(after);
        }

        return summary;
    }

    private static AcknowledgementRecord Ack(string by, TimeSpan after, uint number = 0) => new() { By = by, At = At(after), MemberNumber = number };

    private static Timestamp At(TimeSpan after) => Timestamp.FromDateTimeOffset(Start + after);
}
