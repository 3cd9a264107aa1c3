using System.CommandLine;
using System.Globalization;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Drills;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.AdminCli.Rules;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Exercises;

/// <summary>`exercise …`: cross-sector exercises (分野横断的演習, docs/DRILLS.md §7): send a scenario, list them, the after-action report.</summary>
internal static class ExerciseCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var exercise = new Command("exercise", ExercisesText.ExerciseDescription);
        options.AddTo(exercise);
        exercise.Subcommands.Add(Start(options));
        exercise.Subcommands.Add(List(options));
        exercise.Subcommands.Add(Report(options));
        return exercise;
    }

    private static Command Start(NodeOptions options)
    {
        var file = new Argument<string>("SCENARIO.json") { Description = ExercisesText.FileDescription };
        var staff = ItemSubmitCommand.StaffOption(ExercisesText.AsDescription);
        var requestId = new Option<string?>("--request-id") { Description = ExercisesText.RequestIdDescription, HelpName = "ID" };
        var command = new Command("start", ExercisesText.StartDescription) { file, staff, requestId };
        NodeAction.Set(command, options, async call =>
        {
            var scenario = ReadScenario(call.Require(file));
            var person = ItemSubmitCommand.StaffName(call.Get(staff));
            var request = new StartExerciseRequest
            {
                Scenario = scenario,
                StaffName = person,
                ClientRequestId = call.Get(requestId) ?? "exercise-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(scenario.ToByteArray()).AsSpan(0, 16)),
            };
            var response = await call.Client.StartExerciseAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(response.Duplicate ? ExercisesText.AlreadyStarted : ExercisesText.Started, response.ScenarioId, scenario.Participants.Count, scenario.Injects.Count));
            call.Output.Line(Localized.Format(ExercisesText.ReportHint, response.ScenarioId));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var command = new Command("list", ExercisesText.ListDescription);
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListExercisesAsync(new ListExercisesRequest(), call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Exercises.Count == 0)
            {
                call.Output.Line(ExercisesText.NoExercises);
                return ExitCodes.Ok;
            }

            call.Output.Rows(
                [ExercisesText.ScenarioHeader, ExercisesText.NameHeader, ExercisesText.StartHeader, ExercisesText.ControllerHeader, ExercisesText.InjectsHeader, ExercisesText.OwnHeader],
                response.Exercises.Select(e => (IReadOnlyList<string?>)
                [
                    e.ScenarioId, e.Name, Formats.Time(e.StartAt), e.Controller, e.Injects.ToString(CultureInfo.InvariantCulture),
                    Localized.Format(ExercisesText.OwnSent, e.OwnSent, e.OwnInjects),
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Report(NodeOptions options)
    {
        var id = DrillCommands.DrillIdArgument();
        var format = new Option<string>("--format") { Description = ExercisesText.FormatDescription, HelpName = "table|json|csv|html", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json", "csv", "html");
        var file = new Option<string?>("--output") { Description = ExercisesText.OutputDescription, HelpName = "FILE" };
        var command = new Command("report", ExercisesText.ReportDescription) { id, format, file };
        NodeAction.Set(command, options, async call =>
        {
            var report = await call.Client.GetExerciseReportAsync(new GetExerciseReportRequest { ScenarioId = call.Require(id).Trim() }, call.Options);
            var chosen = call.Json ? "json" : call.Get(format);
            await DocumentOutput.WriteAsync(call, call.Get(file), (output, writer) =>
            {
                switch (chosen)
                {
                    case "json": output.Json(report); break;
                    case "csv": writer.Write(ExerciseViews.Csv(report)); break;
                    case "html": writer.Write(ExerciseViews.Html(report)); break;
                    default: ExerciseViews.Table(output, report); break;
                }
            }, ExercisesText.ReportWritten);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A scenario file: the ExerciseScenario message in protobuf JSON (docs/DRILLS.md §7; examples/exercise-ddos.json).</summary>
    public static ExerciseScenario ReadScenario(string path)
    {
        var text = RuleFiles.Read(path);
        try
        {
            return JsonParser.Default.Parse<ExerciseScenario>(text);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new UsageException(Localized.Format(ExercisesText.ScenarioNotJson, RuleFiles.DisplayName(path), e.Message));
        }
    }
}
