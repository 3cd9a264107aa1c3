using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Exercises;

/// <summary>
/// Runs this node's part of every exercise scenario it holds (docs/DRILLS.md §7), from its own verified copy: at each of
/// its injects' times it sends the inject (signed here, through the one intake path), and once the last of their windows
/// has passed it sends its signed result to the scenario's controlling node. Nobody drives one node from another.
/// Each send is idempotent (a request id per scenario and inject), so a node killed at any point sends each inject and
/// its result exactly once after its restart.
/// </summary>
internal sealed class ExerciseRunner(
    ExerciseResults results, ExerciseStore exercises, SubmissionService submissions, ItemStore items, NodeOptions node, TimeProvider time, ILogger<ExerciseRunner> logger)
    : BackgroundService
{
    /// <summary>The staff name injects and results are sent under (audit: "staff:exercise-runner").</summary>
    public const string RunnerName = "exercise-runner";

    /// <summary>After the last window of its injects, how long a node waits for late receipts before sending its result.</summary>
    public static readonly TimeSpan ResultGrace = TimeSpan.FromMinutes(1);

    /// <summary>Longest sleep: a scenario arriving wakes the runner sooner (a new item), the next due time too.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromMinutes(1);

    /// <summary>The scenarios this node holds (item ids), learnt from the store a range of new rows at a time.</summary>
    private readonly List<string> _scenarios = [];
    private long _scanned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextDue = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            var seen = items.LastSeq;
            try
            {
                // Cheap after every commit (only the rows since the last look); the scenarios themselves are read only when
                // a new one arrived or something is due, so a busy node does not pay for exercises it is not running.
                var found = await exercises.ScenariosAfterAsync(_scanned, stoppingToken);
                _scenarios.AddRange(found.Select(f => f.ItemId));
                _scanned = Math.Max(seen, found.Count > 0 ? found[^1].Seq : 0);
                if (found.Count > 0 || time.GetUtcNow() >= nextDue)
                {
                    nextDue = time.GetUtcNow() + await RunDueAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed round is tried again: every step is idempotent.
                ExerciseLog.RoundFailed(logger, e);
                nextDue = time.GetUtcNow() + TimeSpan.FromSeconds(5);
            }

            var wait = nextDue - time.GetUtcNow();
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            try
            {
                await Task.WhenAny(items.WaitForItemsAfterAsync(seen, timer.Token), Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, time, timer.Token));
            }
            finally
            {
                await timer.CancelAsync();
            }
        }
    }

    /// <summary>Sends what is due now; returns how long until the next thing is due.</summary>
    public async Task<TimeSpan> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var next = now + IdleWait;
        foreach (var id in _scenarios.ToList())
        {
            var stored = await items.GetAsync(id, cancellationToken);
            if (stored is null || stored.ExpiresAt is { } expires && expires <= now)
            {
                // Purged or over: nothing more to run for it.
                _scenarios.Remove(id);
                continue;
            }

            var item = Members.ItemViews.ParseItem(stored, out _);
            if (item.Scenario is { } scenario && await RunScenarioAsync(stored, item, scenario, now, cancellationToken) is { } due && due < next)
            {
                next = due;
            }
        }

        var wait = next - time.GetUtcNow();
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    /// <summary>Sends this node's due injects and, at the end, its result; returns when something of it is next due.</summary>
    private async Task<DateTimeOffset?> RunScenarioAsync(StoredItem stored, Item item, ExerciseScenario scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var own = scenario.Injects.Where(i => i.FromNode == node.Id).ToList();
        if (own.Count == 0 || !scenario.Participants.Contains(node.Id))
        {
            return null;
        }

        DateTimeOffset? next = null;
        var start = scenario.StartAt.ToDateTimeOffset();
        var sent = (await exercises.RunsAsync(stored.ItemId, cancellationToken)).Select(r => r.InjectId).ToHashSet(StringComparer.Ordinal);
        foreach (var inject in own.Where(i => !sent.Contains(i.Id)))
        {
            var due = start.AddMinutes(inject.AtMinutes);
            if (due <= now)
            {
                await SendInjectAsync(stored, item, inject, cancellationToken);
                sent.Add(inject.Id);
            }
            else if (next is null || due < next)
            {
                next = due;
            }
        }

        if (stored.OriginNode == node.Id || sent.Count < own.Count || await exercises.ResultSentAsync(stored.ItemId, cancellationToken) is not null)
        {
            // The controlling node reads its own injects directly; a result waits for every own inject.
            return next;
        }

        var end = own.Max(i => start.AddMinutes(i.AtMinutes + (double)i.Expect.Select(e => Math.Max(e.AcknowledgeWithinMinutes, e.ReplyWithinMinutes)).DefaultIfEmpty(0u).Max())) + ResultGrace;
        if (end <= now)
        {
            await SendResultAsync(stored, scenario, cancellationToken);
            return next;
        }

        return next is null || end < next ? end : next;
    }

    private async Task SendInjectAsync(StoredItem stored, Item scenarioItem, ExerciseInject inject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var audience = inject.Audience?.Clone() ?? new Audience();
        // The controlling node sees every inject, so replies and results can be matched to it.
        if (!audience.WholeFederation && stored.OriginNode != node.Id && !audience.Nodes.Contains(stored.OriginNode))
        {
            audience.Nodes.Add(stored.OriginNode);
        }

        var item = NodeMadeItems.Exercise(node.Id, now, scenarioItem.ExpiresAt, inject.Kind, inject.Tlp, audience, inject.Body?.Clone() ?? new Body());
        item.References = new References { Related = { stored.ItemId } };
        var submitted = await submissions.SubmitNodeItemAsync(
            Submitter.Staff(RunnerName, node), $"inject:{stored.ItemId}:{inject.Id}", item, field => field, cancellationToken);
        await exercises.RecordRunAsync(new ExerciseRun(stored.ItemId, inject.Id, submitted.ItemId, submitted.CreatedAt.ToDateTimeOffset()), cancellationToken);
        ExerciseLog.InjectSent(logger, inject.Id, stored.ItemId, submitted.ItemId, submitted.Duplicate);
    }

    private async Task SendResultAsync(StoredItem stored, ExerciseScenario scenario, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var result = await results.BuildAsync(stored.ItemId, scenario, node.Id, cancellationToken);
        // No words: the result is read by the controlling node's report, in its reader's language.
        var item = NodeMadeItems.Exercise(node.Id, now, Timestamp.FromDateTimeOffset(now.AddDays(30)), ItemKind.ExerciseResult, Tlp.Green,
            new Audience { Nodes = { stored.OriginNode } }, new Body { Title = $"{scenario.Name} — {node.Id}", Summary = $"{scenario.Name} — {node.Id}" });
        item.ExerciseResult = result;
        var submitted = await submissions.SubmitNodeItemAsync(Submitter.Staff(RunnerName, node), $"result:{stored.ItemId}", item, field => field, cancellationToken);
        await exercises.RecordResultAsync(stored.ItemId, submitted.ItemId, now, cancellationToken);
        ExerciseLog.ResultSent(logger, stored.ItemId, stored.OriginNode, submitted.ItemId);
    }
}

/// <summary>Source-generated log events of exercises (stable event ids 7101-7199).</summary>
internal static partial class ExerciseLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Exercise inject {InjectId} of scenario {ScenarioId} sent as item {ItemId} (repeat: {Duplicate})")]
    public static partial void InjectSent(ILogger logger, string injectId, string scenarioId, string itemId, bool duplicate);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Exercise result of scenario {ScenarioId} sent to {Controller} as item {ItemId}")]
    public static partial void ResultSent(ILogger logger, string scenarioId, string controller, string itemId);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "An exercise round failed; it is tried again")]
    public static partial void RoundFailed(ILogger logger, Exception exception);
}
