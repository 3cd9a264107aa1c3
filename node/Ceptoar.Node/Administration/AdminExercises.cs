using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Exercises;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// Exercises (docs/DRILLS.md §7): NISC or the Council signs a scenario and sends it to its participants through the one
/// intake path; the list of scenarios this node holds; the after-action report at the controlling node.
/// </summary>
internal sealed class AdminExercises(
    SubmissionService submissions, NodeOptions node, TimeProvider time, ItemStore items, ExerciseStore exercises, ExerciseResults results)
{
    private const int MaxList = 1_000;

    /// <summary>How long a scenario item lives after its last window: results and late answers still arrive.</summary>
    private static readonly TimeSpan KeptAfterLastWindow = TimeSpan.FromDays(7);

    public async Task<StartExerciseResponse> StartAsync(StartExerciseRequest request, CancellationToken cancellationToken)
    {
        if (!StaffNames.IsValid(request.StaffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", string.Format(CultureInfo.InvariantCulture, AdministrationText.StaffNameExerciseInvalid, AdministrationText.StaffNameRule));
        }

        if (!FederationNode.IsHubRole(NodeRoles.Parse(node.Role)))
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.RoleNotAllowed, string.Format(CultureInfo.InvariantCulture, AdministrationText.ExerciseControllerOnly, node.Role));
        }

        if (request.Scenario is not { } scenario)
        {
            throw GrpcErrors.InvalidArgument("scenario", AdministrationText.ExerciseScenarioMissing);
        }

        var now = time.GetUtcNow();
        var start = scenario.StartAt?.ToDateTimeOffset() ?? now;
        var lastWindow = scenario.Injects
            .Select(i => i.AtMinutes + (double)i.Expect.Select(e => Math.Max(e.AcknowledgeWithinMinutes, e.ReplyWithinMinutes)).DefaultIfEmpty(0u).Max())
            .DefaultIfEmpty(0).Max();
        var audience = new Audience();
        audience.Nodes.AddRange(scenario.Participants.Where(p => p != node.Id).Distinct(StringComparer.Ordinal));
        var expires = Timestamp.FromDateTimeOffset((start > now ? start : now).AddMinutes(lastWindow) + ExerciseRunner.ResultGrace + KeptAfterLastWindow);
        // The participants' staff read the item in `items list`; its content is the scenario.
        var item = NodeMadeItems.Exercise(node.Id, now, expires, ItemKind.ExerciseScenario, Tlp.Green, audience, new Body { Title = Either(scenario.TitleJa, scenario.TitleEn), Summary = scenario.Name });
        item.Scenario = scenario;
        var submitted = await submissions.SubmitNodeItemAsync(
            Submitter.Staff(request.StaffName, node), request.ClientRequestId, item, f => f.StartsWith("item.", StringComparison.Ordinal) ? f["item.".Length..] : f, cancellationToken);
        return new StartExerciseResponse { ScenarioId = submitted.ItemId, Duplicate = submitted.Duplicate, Status = submitted.Status };
    }

    public async Task<ListExercisesResponse> ListAsync(ListExercisesRequest request, CancellationToken cancellationToken)
    {
        if (request.Limit > MaxList)
        {
            throw GrpcErrors.InvalidArgument("limit", string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillListLimit, request.Limit, MaxList));
        }

        var response = new ListExercisesResponse();
        foreach (var (stored, item) in (await results.ScenariosAsync(DateTimeOffset.MinValue, cancellationToken)).Take(request.Limit == 0 ? 100 : (int)request.Limit))
        {
            response.Exercises.Add(await SummaryAsync(stored, item, cancellationToken));
        }

        return response;
    }

    /// <summary>The after-action report, at the scenario's controlling node (the only one that receives every result).</summary>
    public async Task<ExerciseReport> ReportAsync(GetExerciseReportRequest request, CancellationToken cancellationToken)
    {
        if (!UuidV7.IsValid(request.ScenarioId))
        {
            throw GrpcErrors.InvalidArgument("scenario_id", AdministrationText.ExerciseIdInvalid);
        }

        var stored = await items.GetAsync(request.ScenarioId, cancellationToken);
        if (stored is null || stored.Kind != ItemKind.ExerciseScenario)
        {
            throw GrpcErrors.NotFound(ErrorReasons.ExerciseNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ExerciseNotFound, request.ScenarioId));
        }

        if (stored.OriginNode != node.Id)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NotOriginNode, string.Format(CultureInfo.InvariantCulture, AdministrationText.ExerciseOfAnotherNode, request.ScenarioId, stored.OriginNode));
        }

        var item = ItemViews.ParseItem(stored, out _);
        var reported = new Dictionary<string, ExerciseResult>(StringComparer.Ordinal);
        foreach (var resultItem in await items.ListAllAsync(new ItemQuery { Kinds = [ItemKind.ExerciseResult], Limit = 1_000 }, cancellationToken))
        {
            var result = ItemViews.ParseItem(resultItem, out _).ExerciseResult;
            if (result?.ScenarioId == stored.ItemId && item.Scenario.Participants.Contains(resultItem.OriginNode))
            {
                // A participant speaks for its own injects only: its result's other entries are ignored.
                var own = new ExerciseResult { ScenarioId = result.ScenarioId };
                own.Injects.AddRange(result.Injects.Where(i => item.Scenario.Injects.Any(s => s.Id == i.InjectId && s.FromNode == resultItem.OriginNode)));
                reported.TryAdd(resultItem.OriginNode, own);
            }
        }

        if (item.Scenario.Injects.Any(i => i.FromNode == node.Id))
        {
            reported[node.Id] = await results.BuildAsync(stored.ItemId, item.Scenario, node.Id, cancellationToken);
        }

        return ExerciseChecks.Build(await SummaryAsync(stored, item, cancellationToken), item.Scenario, reported, time.GetUtcNow(),
            (AdministrationText.ExerciseNotSent, AdministrationText.ExerciseNoResult));
    }

    private async Task<ExerciseSummary> SummaryAsync(StoredItem stored, Item item, CancellationToken cancellationToken)
    {
        var scenario = item.Scenario;
        var own = scenario.Injects.Count(i => i.FromNode == node.Id);
        var summary = new ExerciseSummary
        {
            ScenarioId = stored.ItemId, Name = scenario.Name, TitleJa = scenario.TitleJa, TitleEn = scenario.TitleEn, StartAt = scenario.StartAt,
            Controller = stored.OriginNode, Participants = { scenario.Participants }, Injects = (uint)scenario.Injects.Count, OwnInjects = (uint)own,
        };
        if (own > 0)
        {
            summary.OwnSent = (uint)(await exercises.RunsAsync(stored.ItemId, cancellationToken)).Count;
        }

        return summary;
    }

    private static string Either(string first, string second) => first.Length > 0 ? first : second;
}
