using System.Globalization;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Rules;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Modes;

/// <summary>
/// At NISC only (so a late secretariat is reminded once, not by every hub), while large-scale mode holds: each secretariat
/// the board shows late gets a node-made GREEN coordination request addressed to it, in Japanese and English, once per
/// report interval while it stays late (docs/MODES.md §5). It reaches the late node's duty roster by the usual
/// notifications. Each reminder's request id names the period, the node and the interval, so restarts and repeated rounds
/// send it once. Time comes from the node's TimeProvider.
/// </summary>
internal sealed class ModeReminders(
    StatusBoards boards, CurrentMode current, SubmissionService submissions, NodeOptions node, TimeProvider time, ILogger<ModeReminders> logger) : BackgroundService
{
    /// <summary>The staff name reminders are sent under (audit: "staff:mode-reminders").</summary>
    public const string SenderName = "mode-reminders";

    /// <summary>How often lateness is looked at: a secretariat becomes late at any minute.</summary>
    private static readonly TimeSpan Round = TimeSpan.FromMinutes(1);

    /// <summary>How long a reminder is kept.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (NodeRoles.Parse(node.Role) != NodeRole.Nisc)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = current.Changed;
            try
            {
                await RemindAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Every reminder is idempotent: the next round sends what this one did not.
                ModeLog.RemindFailed(logger, e);
            }

            try
            {
                await Task.WhenAny(changed, Task.Delay(Round, time, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Sends the due reminders of the period that holds, if any.</summary>
    public async Task RemindAsync(CancellationToken cancellationToken)
    {
        var state = current.State;
        if (!state.IsLargeScale || await boards.PeriodAsync(state.PeriodId, cancellationToken) is not { Holds: true } period)
        {
            return;
        }

        var board = await boards.BuildAsync(period, cancellationToken);
        var now = time.GetUtcNow();
        var interval = TimeSpan.FromMinutes(period.Start.ReportEveryMinutes);
        var index = (long)((now - period.Start.CreatedAt) / interval);
        foreach (var row in board.Rows.Where(r => r.Late && r.NodeId != node.Id))
        {
            var body = new Body
            {
                Title = ModesText.ReminderTitle,
                Summary = string.Format(CultureInfo.InvariantCulture, ModesText.ReminderSummary, period.Start.ItemId, period.Start.ReportEveryMinutes, row.NodeId),
            };
            var item = NodeMadeItems.Operational(node.Id, now, Timestamp.FromDateTimeOffset(now + Lifetime), ItemKind.CoordinationRequest, Tlp.Green,
                new Audience { Nodes = { row.NodeId } }, body);
            item.References = new References { Related = { period.Start.ItemId } };
            var submitted = await submissions.SubmitNodeItemAsync(
                Intake.Submitter.Staff(SenderName, node), string.Create(CultureInfo.InvariantCulture, $"mode-remind:{period.Start.ItemId}:{row.NodeId}:{index}"), item, field => field,
                cancellationToken);
            if (!submitted.Duplicate)
            {
                ModeLog.Reminded(logger, submitted.ItemId, row.NodeId, period.Start.ItemId, submitted.Duplicate);
            }
        }
    }
}
