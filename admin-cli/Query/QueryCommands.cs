using System.CommandLine;
using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.AdminCli.Query;

/// <summary>`query …`: ask the other nodes of the federation, through this node, for the items they hold and may share.</summary>
internal static class QueryCommands
{
    // query.proto QuerySpec.limit: most items per answering node.
    private const uint MaxLimit = 500;

    public static Command Create()
    {
        var options = new NodeOptions();
        var query = new Command(
            "query",
            "Ask other nodes, through this node, for items they hold and this node may see. Each node answers for itself; "
            + "a node that is unreachable, refuses or runs out of time is reported, and the rest is still shown.");
        options.AddTo(query);
        query.Subcommands.Add(Items(options));
        query.Subcommands.Add(Indicator(options));
        return query;
    }

    private static Command Items(NodeOptions options)
    {
        var shared = new QueryArguments();
        var kinds = Vocabulary.Kind.Option("--kind", "Only items of this kind.");
        var labels = Vocabulary.Tlp.Option("--tlp", "Only items with this TLP label.");
        var sector = new Option<string?>("--sector") { Description = "Only items addressed to this sector code, e.g. finance.", HelpName = "CODE" };
        var threat = new Option<string?>("--threat") { Description = "Only items of this threat type, or of a family with .* (e.g. attack.intrusion, attack.*).", HelpName = "CODE" };
        var text = new Option<string?>("--text") { Description = "Only items whose title, summary or description contains this (any case).", HelpName = "TEXT" };
        var from = ArgumentRules.TimeOption("--from", "Only items created at or after this time (UTC unless an offset is given).");
        var to = ArgumentRules.TimeOption("--to", "Only items created before this time (UTC unless an offset is given).");
        var limit = QueryArguments.LimitOption("--limit", MaxLimit, $"At most this many items from each node (1 to {MaxLimit}; default 100).");
        var excludeExercise = new Option<bool>("--exclude-exercise") { Description = "Leave out drill and exercise items." };
        foreach (var option in new[] { sector, threat, text })
        {
            RefuseBlank(option);
        }

        var command = new Command("items", "Find items across the federation by kind, label, sector, threat type, text and time; merged, with who holds each.")
        {
            kinds, labels, sector, threat, text, from, to, limit, excludeExercise,
        };
        shared.AddTo(command);
        NodeAction.Set(command, options, async call =>
        {
            if (call.Get(from) is { } start && call.Get(to) is { } end && start > end)
            {
                throw new UsageException($"--from {Formats.Time(start)} is after --to {Formats.Time(end)}: swap them.");
            }

            var spec = new QuerySpec
            {
                Sector = call.Get(sector)?.Trim() ?? string.Empty,
                ThreatType = call.Get(threat)?.Trim() ?? string.Empty,
                Text = call.Get(text)?.Trim() ?? string.Empty,
                CreatedFrom = ToTimestamp(call.Get(from)),
                CreatedTo = ToTimestamp(call.Get(to)),
                Limit = call.Get(limit) ?? 0,
                ExcludeExercise = call.Get(excludeExercise),
            };
            spec.Kinds.Add(call.Get(kinds) ?? []);
            spec.Labels.Add(call.Get(labels) ?? []);
            var deadline = call.Require(shared.Deadline);
            var response = await AskAsync(call, spec, shared.ScopeOf(call), deadline);
            if (response is null)
            {
                return ExitCodes.Unreachable;
            }

            if (!call.Json)
            {
                if (response.Items.Count == 0)
                {
                    call.Output.Line("no items match at the nodes that answered.");
                }
                else
                {
                    call.Output.Rows(QueryViews.ItemHeaders, response.Items.Select(QueryViews.ItemRow));
                }
            }

            Finish(call, response, deadline, summary: null);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Indicator(NodeOptions options)
    {
        var shared = new QueryArguments();
        var value = new Argument<string>("VALUE")
        {
            Description = $"The indicator to look for: {IndicatorValue.RecognisedTypes}. Matched exactly, in any case.",
        };
        value.Validators.Add(result =>
        {
            IndicatorRecogniser.Recognise(result.GetValueOrDefault<string>(), out var problem);
            if (problem is not null)
            {
                result.AddError(problem);
            }
        });
        var command = new Command("indicator", "Who else has seen this? Find the items across the federation that carry an indicator, and the nodes that hold them.")
        {
            value,
        };
        shared.AddTo(command);
        NodeAction.Set(command, options, async call =>
        {
            var indicator = IndicatorRecogniser.Recognise(call.Require(value), out _)!;
            var deadline = call.Require(shared.Deadline);
            var response = await AskAsync(call, new QuerySpec { Indicator = indicator.Value }, shared.ScopeOf(call), deadline);
            if (response is null)
            {
                return ExitCodes.Unreachable;
            }

            if (!call.Json && response.Items.Count > 0)
            {
                call.Output.Rows(QueryViews.IndicatorHeaders, response.Items.Select(QueryViews.IndicatorRow));
            }

            Finish(call, response, deadline, QueryViews.IndicatorSummary(indicator, response));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The per-node statuses and summary (or the JSON document), then the notes: a partial result is a normal result.</summary>
    private static void Finish(NodeCall call, QueryItemsResponse response, uint deadlineSeconds, string? summary)
    {
        var notes = new[] { QueryViews.PartialNote(response, deadlineSeconds), QueryViews.SignatureWarning(response) }.OfType<string>();
        if (call.Json)
        {
            call.Output.Json(response);
            foreach (var note in notes)
            {
                call.Error.WriteLine(note);
            }

            return;
        }

        if (response.Statuses.Count > 0)
        {
            call.Output.Line();
            call.Output.Line("Nodes:");
            call.Output.Rows(QueryViews.StatusHeaders, response.Statuses.Select(QueryViews.StatusRow));
        }

        if (summary is not null)
        {
            call.Output.Line(summary);
        }

        call.Output.Line(QueryViews.Summary(response));

        // On stdout with the tables, so that a listing saved to a file still says it may be incomplete.
        foreach (var note in notes)
        {
            call.Output.Line(note);
        }
    }

    /// <summary>Sends the query; null (after saying why on stderr) when this node itself did not answer in time.</summary>
    private static async Task<QueryItemsResponse?> AskAsync(NodeCall call, QuerySpec spec, QueryScope scope, uint deadlineSeconds)
    {
        var request = new QueryItemsRequest { Spec = spec, Scope = scope, DeadlineMs = deadlineSeconds * 1000 };

        // The node may spend the whole query deadline waiting for other nodes, so --timeout starts counting after it.
        var wait = TimeSpan.FromSeconds(deadlineSeconds) + call.Settings.Timeout;
        try
        {
            return await call.Client.QueryItemsAsync(request, new CallOptions(deadline: DateTime.UtcNow + wait, cancellationToken: call.CancellationToken));
        }
        catch (RpcException rpc) when (rpc.StatusCode == StatusCode.DeadlineExceeded)
        {
            var seconds = wait.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            await call.Error.WriteLineAsync(
                $"this node did not answer within {seconds} s (--deadline {deadlineSeconds} s for the other nodes plus --timeout {call.Settings.TimeoutText} s for it). "
                + "It may be busy or stuck: check its log, or retry with a larger --timeout.");
            return null;
        }
    }

    private static void RefuseBlank(Option<string?> option) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.GetValueOrDefault<string?>()))
            {
                result.AddError($"{option.Name} must not be empty: leave it out to match any value.");
            }
        });

    private static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
