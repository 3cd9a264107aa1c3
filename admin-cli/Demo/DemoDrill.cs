using Ceptoar.AdminCli.Drills;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>
/// The demo's last act (docs/DRILLS.md): NISC drills the whole federation, every sample member but one acknowledges as
/// soon as the drill is in its feed, and NISC's report, made from the signed receipts alone, says so.
/// </summary>
internal static class DemoDrill
{
    /// <summary>The member that does not answer, so the report has someone missing.</summary>
    public const string Silent = "tokyo-metropolis";

    private static readonly TimeSpan SettleDeadline = TimeSpan.FromSeconds(30);

    /// <summary>Runs the drill and prints its report; the number of problems (0 when the report came out as expected).</summary>
    public static async Task<int> RunAsync(DemoScenario scenario, CliOutput output, CancellationToken cancellationToken)
    {
        var nisc = scenario.Node("nisc");
        output.Line();
        output.Line(DemoText.DrillStarting);
        var started = await DemoCalls.AdminAsync(nisc, "drill start", async () => await nisc.Admin.StartDrillAsync(new StartDrillRequest
        {
            ClientRequestId = "demo-drill-" + Guid.NewGuid().ToString("N"), StaffName = "nisc-demo", WholeFederation = true, AcknowledgeWithinMinutes = 30,
            InstructionJa = "本訓練メッセージを受信したら確認応答してください。（デモ）", InstructionEn = "Acknowledge this drill message when you receive it (demo).",
        }, deadline: nisc.Deadline, cancellationToken: cancellationToken));

        var answering = DemoItems.Members.Where(m => m.MemberId != Silent).ToList();
        var pending = answering.ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (pending.Count > 0 && clock.Elapsed < SettleDeadline)
        {
            foreach (var member in pending.ToList())
            {
                if ((await scenario.FeedAsync(member, cancellationToken)).Contains(started.DrillId))
                {
                    await scenario.AcknowledgeAsync(member.MemberId, started.DrillId, cancellationToken);
                    pending.Remove(member);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        // Settled when NISC holds every answering member's acknowledgement and every secretariat's delivery receipt.
        DrillReport report;
        do
        {
            report = await DemoCalls.AdminAsync(nisc, "drill report", async () =>
                await nisc.Admin.GetDrillReportAsync(new GetDrillReportRequest { DrillId = started.DrillId }, deadline: nisc.Deadline, cancellationToken: cancellationToken));
            if (report.Totals.MembersAcknowledged == answering.Count || clock.Elapsed >= SettleDeadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
        while (true);

        var settled = report.Totals.MembersAcknowledged == answering.Count && report.Totals.MembersMissing == 1;
        output.Line(settled
            ? Localized.Format(DemoText.DrillSettled, clock.Elapsed.TotalSeconds, Silent)
            : Localized.Format(DemoText.DrillNotSettled, clock.Elapsed.TotalSeconds));
        DrillViews.Table(output, report);
        output.Line(Localized.Format(DemoText.DrillMore, started.DrillId));
        return settled ? 0 : 1;
    }
}
