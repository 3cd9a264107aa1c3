using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Exercises;

/// <summary>
/// What this node saw of the injects it sent (docs/DRILLS.md §7): per expected recipient, its signed delivery and
/// acknowledgements (receipts held here as the inject's origin) and the first exercise item it sent back in reply.
/// </summary>
internal sealed class ExerciseResults(ExerciseStore exercises, FederationStore federation, AcknowledgementStore acknowledgements, ItemStore items)
{
    public async Task<ExerciseResult> BuildAsync(string scenarioId, ExerciseScenario scenario, string self, CancellationToken cancellationToken)
    {
        var result = new ExerciseResult { ScenarioId = scenarioId };
        var runs = (await exercises.RunsAsync(scenarioId, cancellationToken)).ToDictionary(r => r.InjectId, StringComparer.Ordinal);
        if (runs.Count == 0)
        {
            return result;
        }

        var candidates = await exercises.ExerciseItemsSinceAsync(runs.Values.Min(r => r.SentAt), self, cancellationToken);
        var replies = candidates.Select(Parse).OfType<(ExerciseCandidate Candidate, Item Item)>()
            .Where(c => c.Item.References?.InReplyTo is { Length: > 0 })
            .ToLookup(c => c.Item.References.InReplyTo, StringComparer.Ordinal);
        foreach (var inject in scenario.Injects.Where(i => i.FromNode == self))
        {
            if (!runs.TryGetValue(inject.Id, out var run))
            {
                continue;
            }

            var receipts = (await federation.ReceiptsAsync(run.ItemId, cancellationToken)).ToDictionary(r => r.RecipientNode, StringComparer.Ordinal);
            var acks = (await acknowledgements.ReceivedAsync(run.ItemId, cancellationToken)).ToLookup(a => a.RecipientNode, StringComparer.Ordinal);
            var one = new InjectResult { InjectId = inject.Id, ItemId = run.ItemId, SentAt = Timestamp.FromDateTimeOffset(run.SentAt) };
            foreach (var node in inject.Expect.Select(e => e.Node).Distinct(StringComparer.Ordinal))
            {
                var row = new InjectNodeResult { Node = node };
                if (receipts.TryGetValue(node, out var receipt))
                {
                    if (receipt.DeliveredAt is { } delivered)
                    {
                        row.DeliveredAt = Timestamp.FromDateTimeOffset(delivered);
                    }

                    row.RejectedReason = receipt.RejectedReason ?? "";
                }

                var nodeAcks = acks[node].OrderBy(a => a.At).ToList();
                row.Acknowledgements = (uint)nodeAcks.Count;
                if (nodeAcks.Count > 0)
                {
                    row.AcknowledgedAt = Timestamp.FromDateTimeOffset(nodeAcks[0].At);
                }

                if (replies[run.ItemId].Where(r => r.Candidate.OriginNode == node).OrderBy(r => r.Candidate.CreatedAt).FirstOrDefault() is { Item: not null } reply)
                {
                    row.RepliedAt = Timestamp.FromDateTimeOffset(reply.Candidate.CreatedAt);
                    row.ReplyItemId = reply.Item.Id;
                    row.ReplyKind = reply.Item.Kind;
                }

                one.Nodes.Add(row);
            }

            result.Injects.Add(one);
        }

        return result;
    }

    /// <summary>Items stored here were verified when they arrived; a row that does not parse is passed over.</summary>
    private static (ExerciseCandidate, Item)? Parse(ExerciseCandidate candidate)
    {
        try
        {
            var envelope = Envelope.Parser.ParseFrom(candidate.EnvelopeBytes);
            return envelope.PayloadType == Core.Envelopes.PayloadTypes.Item ? (candidate, Item.Parser.ParseFrom(envelope.Payload)) : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The scenarios this node stores, still in force, parsed.</summary>
    public async Task<IReadOnlyList<(StoredItem Stored, Item Item)>> ScenariosAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await items.ListAllAsync(new ItemQuery { Kinds = [ItemKind.ExerciseScenario], Limit = 500 }, cancellationToken);
        return [.. stored.Where(s => s.ExpiresAt is not { } e || e > now).Select(s => (s, Members.ItemViews.ParseItem(s, out _))).Where(p => p.Item2.Scenario is not null)];
    }
}
