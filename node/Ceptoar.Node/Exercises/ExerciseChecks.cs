using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Exercises;

/// <summary>
/// The after-action check (docs/DRILLS.md §7): for every inject and every node expected to receive it, what was expected
/// and what the inject's sender says happened (its signed result, or this node's own record for its own injects). Pure:
/// the same scenario, results and time give the same report.
/// </summary>
internal static class ExerciseChecks
{
    public const string InTime = "ok";
    public const string Late = "late";
    public const string Missing = "missing";
    public const string Refused = "refused";
    public const string NotExpected = "not-expected";
    public const string Pending = "pending";

    /// <param name="results">Per sending node, what it reported (null = no result from it yet).</param>
    /// <param name="reason">The reason texts, in the reader's language: "not sent by {0}", "no result from {0} yet".</param>
    public static ExerciseReport Build(
        ExerciseSummary summary, ExerciseScenario scenario, IReadOnlyDictionary<string, ExerciseResult> results, DateTimeOffset now, (string NotSent, string NoResult) reason)
    {
        var report = new ExerciseReport { Exercise = summary, GeneratedAt = Timestamp.FromDateTimeOffset(now) };
        foreach (var inject in scenario.Injects.OrderBy(i => i.AtMinutes).ThenBy(i => i.Id, StringComparer.Ordinal))
        {
            var sent = results.TryGetValue(inject.FromNode, out var result) ? result.Injects.FirstOrDefault(r => r.InjectId == inject.Id) : null;
            foreach (var expect in inject.Expect)
            {
                var check = new ExerciseCheck { InjectId = inject.Id, FromNode = inject.FromNode, AtMinutes = inject.AtMinutes, Node = expect.Node };
                if (sent is null)
                {
                    check.Received = Pending;
                    check.Acknowledged = expect.AcknowledgeWithinMinutes == 0 ? NotExpected : Pending;
                    check.Answered = expect.ReplyKind == ItemKind.Unspecified ? NotExpected : Pending;
                    check.Reason = string.Format(System.Globalization.CultureInfo.InvariantCulture, result is null ? reason.NoResult : reason.NotSent, inject.FromNode);
                }
                else
                {
                    Fill(check, expect, sent);
                }

                report.Checks.Add(check);
            }
        }

        report.Nodes.AddRange(report.Checks.GroupBy(c => c.Node, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var outcomes = g.SelectMany(c => new[] { c.Received, c.Acknowledged, c.Answered }).Where(o => o != NotExpected).ToList();
            return new ExerciseNodeSummary
            {
                Node = g.Key,
                Expected = (uint)outcomes.Count,
                InTime = (uint)outcomes.Count(o => o == InTime),
                Late = (uint)outcomes.Count(o => o == Late),
                Missing = (uint)outcomes.Count(o => o is Missing or Refused),
                Pending = (uint)outcomes.Count(o => o == Pending),
            };
        }));
        return report;
    }

    private static void Fill(ExerciseCheck check, ExerciseExpectation expect, InjectResult sent)
    {
        check.InjectItemId = sent.ItemId;
        check.SentAt = sent.SentAt;
        var at = sent.SentAt.ToDateTimeOffset();
        var node = sent.Nodes.FirstOrDefault(n => n.Node == expect.Node) ?? new InjectNodeResult { Node = expect.Node };
        if (node.DeliveredAt is { } delivered)
        {
            check.Received = InTime;
            check.ReceivedMs = Ms(delivered.ToDateTimeOffset() - at);
        }
        else
        {
            check.Received = node.RejectedReason.Length > 0 ? Refused : Missing;
            check.Reason = node.RejectedReason;
        }

        (check.Acknowledged, var acknowledgedMs) = Judge(expect.AcknowledgeWithinMinutes, node.AcknowledgedAt, at);
        if (acknowledgedMs is { } a)
        {
            check.AcknowledgedMs = a;
        }

        (check.Answered, var answeredMs) = expect.ReplyKind == ItemKind.Unspecified
            ? (NotExpected, null)
            : node.ReplyKind != expect.ReplyKind ? (Missing, null) : Judge(expect.ReplyWithinMinutes, node.RepliedAt, at);
        if (answeredMs is { } r)
        {
            check.AnsweredMs = r;
        }
    }

    private static (string Outcome, long? Ms) Judge(uint withinMinutes, Timestamp? happened, DateTimeOffset sent)
    {
        if (withinMinutes == 0)
        {
            return (NotExpected, happened is null ? null : Ms(happened.ToDateTimeOffset() - sent));
        }

        if (happened is null)
        {
            return (Missing, null);
        }

        var ms = Ms(happened.ToDateTimeOffset() - sent);
        return (ms <= withinMinutes * 60_000L ? InTime : Late, ms);
    }

    private static long Ms(TimeSpan span) => (long)Math.Round(span.TotalMilliseconds);
}
