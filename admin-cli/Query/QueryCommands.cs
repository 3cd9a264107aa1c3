using System.CommandLine;
using System.Globalization;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
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
            QueryText.QueryDescription);
        options.AddTo(query);
        query.Subcommands.Add(Items(options));
        query.Subcommands.Add(Indicator(options));
        return query;
    }

    private static Command Items(NodeOptions options)
    {
        var shared = new QueryArguments();
        var kinds = Vocabulary.Kind.Option("--kind", CommonText.KindFilter);
        var labels = Vocabulary.Tlp.Option("--tlp", CommonText.TlpFilter);
        var sector = new Option<string?>("--sector") { Description = QueryText.SectorFilter, HelpName = "CODE" };
        var threat = new Option<string?>("--threat") { Description = QueryText.ThreatFilter, HelpName = "CODE" };
        var text = new Option<string?>("--text") { Description = QueryText.TextFilter, HelpName = "TEXT" };
        var from = ArgumentRules.TimeOption("--from", CommonText.FromFilter);
        var to = ArgumentRules.TimeOption("--to", CommonText.ToFilter);
        var limit = QueryArguments.LimitOption("--limit", MaxLimit, Localized.Format(QueryText.LimitDescription, MaxLimit));
        var excludeExercise = new Option<bool>("--exclude-exercise") { Description = QueryText.NoExercisesDescription };
        foreach (var option in new[] { sector, threat, text })
        {
            RefuseBlank(option);
        }

        var command = new Command("items", QueryText.ItemsDescription)
        {
            kinds, labels, sector, threat, text, from, to, limit, excludeExercise,
        };
        shared.AddTo(command);
        NodeAction.Set(command, options, async call =>
        {
            if (call.Get(from) is { } start && call.Get(to) is { } end && start > end)
            {
                throw new UsageException(Localized.Format(CommonText.FromAfterTo, Formats.Time(start), Formats.Time(end)));
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
                    call.Output.Line(QueryText.NoItemsAnswered);
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
            Description = Localized.Format(QueryText.IndicatorDescription, IndicatorValue.RecognisedTypes),
        };
        value.Validators.Add(result =>
        {
            IndicatorRecogniser.Recognise(result.GetValueOrDefault<string>(), out var problem);
            if (problem is not null)
            {
                result.AddError(problem);
            }
        });
        var command = new Command("indicator", QueryText.IndicatorCommandDescription)
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
            call.Output.Line(QueryText.NodesHeading);
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
                Localized.Format(QueryText.SelfTimedOut, seconds, deadlineSeconds, call.Settings.TimeoutText));
            return null;
        }
    }

    private static void RefuseBlank(Option<string?> option) =>
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.GetValueOrDefault<string?>()))
            {
                result.AddError(Localized.Format(QueryText.FilterEmpty, option.Name));
            }
        });

    private static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
