namespace Ceptoar.Node.Storage;

/// <summary>An inject this node sent for a scenario.</summary>
public sealed record ExerciseRun(string ScenarioId, string InjectId, string ItemId, DateTimeOffset SentAt);

/// <summary>An exercise item from another node that may answer an inject: who sent it, when, and its signed bytes.</summary>
public sealed record ExerciseCandidate(string ItemId, string OriginNode, DateTimeOffset CreatedAt, byte[] EnvelopeBytes);

/// <summary>
/// What a participant of an exercise keeps (docs/DRILLS.md §7): the injects it sent (one row each, so an inject is sent
/// once whatever restarts happen) and the result it sent its controller.
/// </summary>
public sealed class ExerciseStore(NodeDatabase database)
{
    public Task<IReadOnlyList<ExerciseRun>> RunsAsync(string scenarioId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ExerciseRun>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT inject_id, item_id, sent_at FROM exercise_runs WHERE scenario_id = $scenario ORDER BY sent_at");
            using var reader = command.With("$scenario", scenarioId).ExecuteReader();
            var runs = new List<ExerciseRun>();
            while (reader.Read())
            {
                runs.Add(new ExerciseRun(scenarioId, reader.GetString(0), reader.GetString(1), SqlHelpers.FromUnixMs(reader.GetInt64(2))));
            }

            return runs;
        }, cancellationToken);

    /// <summary>Records a sent inject; a second record of the same inject keeps the first.</summary>
    public Task RecordRunAsync(ExerciseRun run, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
            database.Writer.Prepared(transaction, "INSERT INTO exercise_runs (scenario_id, inject_id, item_id, sent_at) VALUES ($scenario, $inject, $item, $at) ON CONFLICT DO NOTHING")
                .With("$scenario", run.ScenarioId).With("$inject", run.InjectId).With("$item", run.ItemId).With("$at", SqlHelpers.UnixMs(run.SentAt)).ExecuteNonQuery(),
            cancellationToken);

    /// <summary>The result item sent for the scenario, if any.</summary>
    public Task<string?> ResultSentAsync(string scenarioId, CancellationToken cancellationToken) =>
        database.ReadAsync(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT item_id FROM exercise_results WHERE scenario_id = $scenario");
            return command.With("$scenario", scenarioId).ExecuteScalar() as string;
        }, cancellationToken);

    public Task RecordResultAsync(string scenarioId, string itemId, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        database.Writer.ExecuteAsync((connection, transaction) =>
            database.Writer.Prepared(transaction, "INSERT INTO exercise_results (scenario_id, item_id, sent_at) VALUES ($scenario, $item, $at) ON CONFLICT DO NOTHING")
                .With("$scenario", scenarioId).With("$item", itemId).With("$at", SqlHelpers.UnixMs(sentAt)).ExecuteNonQuery(),
            cancellationToken);

    /// <summary>
    /// The exercise scenarios stored after <paramref name="afterSeq"/>, by seq: a range of the primary key, so the runner
    /// that asks after every commit reads only the new rows, never the whole store.
    /// </summary>
    public Task<IReadOnlyList<(long Seq, string ItemId)>> ScenariosAfterAsync(long afterSeq, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<(long, string)>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null, "SELECT seq, item_id FROM items WHERE seq > $after AND kind = $kind ORDER BY seq");
            using var reader = command.With("$after", afterSeq).With("$kind", (int)Ceptoar.Federation.V1.ItemKind.ExerciseScenario).ExecuteReader();
            var result = new List<(long, string)>();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), reader.GetString(1)));
            }

            return result;
        }, cancellationToken);

    /// <summary>Exercise items other nodes created since <paramref name="since"/>: the candidates for answers to injects (the caller reads their references).</summary>
    public Task<IReadOnlyList<ExerciseCandidate>> ExerciseItemsSinceAsync(DateTimeOffset since, string exceptOrigin, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ExerciseCandidate>>(connection =>
        {
            using var command = SqlHelpers.Command(connection, null,
                "SELECT i.item_id, i.origin_node, i.created_at, e.envelope FROM items i JOIN item_envelopes e ON e.seq = i.seq " +
                "WHERE i.exercise = 1 AND i.created_at >= $since AND i.origin_node <> $self ORDER BY i.created_at");
            using var reader = command.With("$since", SqlHelpers.UnixMs(since)).With("$self", exceptOrigin).ExecuteReader();
            var result = new List<ExerciseCandidate>();
            while (reader.Read())
            {
                result.Add(new ExerciseCandidate(reader.GetString(0), reader.GetString(1), SqlHelpers.FromUnixMs(reader.GetInt64(2)), reader.GetFieldValue<byte[]>(3)));
            }

            return result;
        }, cancellationToken);
}
