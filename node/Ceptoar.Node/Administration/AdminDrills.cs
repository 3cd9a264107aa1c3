using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Federation.Outbound;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// Drills (docs/DRILLS.md): a staff person starts one; the node makes the signed drill item (always an exercise, CLEAR or
/// GREEN, its instruction in both languages and an acknowledgement deadline) and submits it through the one intake path
/// (SubmissionService: the item checks, rules, signing, idempotency and audit of every other item).
/// </summary>
internal sealed class AdminDrills(
    SubmissionService submissions, NodeOptions node, TimeProvider time, ItemStore items, DrillStore drills, AdminFederation federation, NodeDirectory directory, PeerSet peers, PeerLinks links)
{
    private const int MaxList = 1_000;

    /// <summary>The acknowledgement window when the request gives none.</summary>
    public const int DefaultMinutes = 60;

    /// <summary>Longest acknowledgement window: a week.</summary>
    public const int MaxMinutes = 10_080;

    /// <summary>How long after its deadline a drill stays, so late acknowledgements still reach its origin and are recorded as late.</summary>
    public static readonly TimeSpan KeptAfterDeadline = TimeSpan.FromDays(7);


    public async Task<StartDrillResponse> StartAsync(StartDrillRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        var now = time.GetUtcNow();
        var minutes = request.AcknowledgeWithinMinutes == 0 ? DefaultMinutes : (int)request.AcknowledgeWithinMinutes;
        var deadline = now.AddMinutes(minutes);
        var body = new Body
        {
            // Both languages whatever the caller's: every recipient reads the same signed headline.
            Title = request.Title.Length == 0 ? AdministrationText.DrillDefaultTitle : request.Title,
            // Readers without drill support still see what is asked of them, in both languages.
            Summary = request.InstructionJa + "\n\n" + request.InstructionEn,
        };
        var item = NodeMadeItems.Exercise(
            node.Id, now, Timestamp.FromDateTimeOffset(deadline + KeptAfterDeadline), ItemKind.Drill, request.Tlp == Tlp.Unspecified ? Tlp.Green : request.Tlp, AudienceOf(request), body);
        item.Drill = new Drill { InstructionJa = request.InstructionJa, InstructionEn = request.InstructionEn, AcknowledgeBy = Timestamp.FromDateTimeOffset(deadline) };

        var submitted = await submissions.SubmitNodeItemAsync(Submitter.Staff(request.StaffName, node), request.ClientRequestId, item, RequestField, cancellationToken);
        return new StartDrillResponse
        {
            DrillId = submitted.ItemId,
            // A repeated request answers with the first drill; its deadline is the first one's.
            AcknowledgeBy = submitted.Duplicate ? null : Timestamp.FromDateTimeOffset(deadline),
            Duplicate = submitted.Duplicate,
            Status = submitted.Status,
        };
    }

    /// <summary>The drills this node started, newest first, with their close.</summary>
    public async Task<ListDrillsResponse> ListAsync(ListDrillsRequest request, CancellationToken cancellationToken)
    {
        if (request.Limit > MaxList)
        {
            throw GrpcErrors.InvalidArgument("limit", string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillListLimit, request.Limit, MaxList));
        }

        var stored = await items.ListAllAsync(new ItemQuery { Kinds = [ItemKind.Drill], OriginNode = node.Id, Limit = request.Limit == 0 ? 100 : (int)request.Limit }, cancellationToken);
        var closures = await drills.ClosuresAsync([.. stored.Select(s => s.ItemId)], cancellationToken);
        var response = new ListDrillsResponse();
        response.Drills.AddRange(stored.Select(s => Summary(s, ItemViews.ParseItem(s, out _), closures.GetValueOrDefault(s.ItemId))));
        return response;
    }

    /// <summary>Ends the drill: acknowledgements after now are late. Closing a closed drill answers with the first close.</summary>
    public async Task<DrillSummary> CloseAsync(CloseDrillRequest request, CancellationToken cancellationToken)
    {
        if (!StaffNames.IsValid(request.StaffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", string.Format(CultureInfo.InvariantCulture, AdministrationText.StaffNameDrillCloseInvalid, AdministrationText.StaffNameRule));
        }

        var (stored, item) = await OwnDrillAsync(request.DrillId, cancellationToken);
        var closure = await drills.CloseAsync(stored.ItemId, Submitter.Staff(request.StaffName, node).Actor, cancellationToken);
        return Summary(stored, item, closure);
    }

    /// <summary>The report at the drill's origin, from the signed receipts it holds (docs/DRILLS.md §5).</summary>
    public async Task<DrillReport> ReportAsync(GetDrillReportRequest request, CancellationToken cancellationToken)
    {
        var (stored, item) = await OwnDrillAsync(request.DrillId, cancellationToken);
        var closure = (await drills.ClosuresAsync([stored.ItemId], cancellationToken)).GetValueOrDefault(stored.ItemId);
        var status = await federation.ItemStatusAsync(new GetItemStatusRequest { ItemId = stored.ItemId, Members = true }, cancellationToken);
        if (await OwnMembersAsync(stored, item, cancellationToken) is { } own)
        {
            status.Recipients.Add(own);
        }

        var facts = new Dictionary<string, DrillNodeFacts>(StringComparer.Ordinal);
        foreach (var recipient in status.Recipients)
        {
            var descriptor = directory.Find(recipient.NodeId)?.Descriptor;
            var link = peers.Find(recipient.NodeId) is null ? null : links.StateOf(recipient.NodeId);
            facts[recipient.NodeId] = new DrillNodeFacts(
                descriptor?.NameJa ?? "", descriptor?.NameEn ?? "", [.. descriptor?.Sectors ?? []], link?.Connected, link?.LastError ?? "");
        }

        return DrillReports.Build(Summary(stored, item, closure), item.Drill, status, facts, time.GetUtcNow());
    }

    /// <summary>
    /// This node's own members, when the drill reaches them (a secretariat's drill, or one to the whole federation): the
    /// same row as a recipient's, from what is stored here rather than from receipts. Null when it reaches none here.
    /// </summary>
    private async Task<RecipientStatus?> OwnMembersAsync(StoredItem stored, Item item, CancellationToken cancellationToken)
    {
        var facts = await drills.OwnMembersAsync(stored.ItemId, cancellationToken);
        if (facts.MembersReached == 0 && facts.Acknowledgements.Count == 0)
        {
            return null;
        }

        var row = new RecipientStatus { NodeId = node.Id, State = "delivered", DeliveredAt = item.CreatedAt, MembersReached = (uint)facts.MembersReached };
        row.Acknowledgements.AddRange(facts.Acknowledgements.Select(a => new AcknowledgementRecord
        {
            By = a.By, NameJa = a.NameJa, NameEn = a.NameEn, At = Timestamp.FromDateTimeOffset(a.At),
        }));
        return row;
    }

    private async Task<(StoredItem Stored, Item Item)> OwnDrillAsync(string drillId, CancellationToken cancellationToken)
    {
        if (!UuidV7.IsValid(drillId))
        {
            throw GrpcErrors.InvalidArgument("drill_id", AdministrationText.DrillIdInvalid);
        }

        var stored = await items.GetAsync(drillId, cancellationToken);
        if (stored is null || stored.Kind != ItemKind.Drill)
        {
            throw GrpcErrors.NotFound(ErrorReasons.DrillNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillNotFound, drillId));
        }

        if (stored.OriginNode != node.Id)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NotOriginNode, string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillOfAnotherNode, drillId, stored.OriginNode));
        }

        return (stored, ItemViews.ParseItem(stored, out _));
    }

    private static DrillSummary Summary(StoredItem stored, Item item, DrillClosure? closure)
    {
        var summary = new DrillSummary
        {
            DrillId = stored.ItemId,
            Title = stored.Title,
            StartedAt = item.CreatedAt,
            AcknowledgeBy = item.Drill?.AcknowledgeBy,
            StartedBy = stored.SubmittedByMember ?? "",
        };
        if (closure is not null)
        {
            summary.ClosedAt = Timestamp.FromDateTimeOffset(closure.ClosedAt);
            summary.ClosedBy = closure.ClosedBy;
        }

        return summary;
    }

    /// <summary>NISC and the Council drill others (their roles are certified, Node:Role is checked at start); a secretariat only its own members.</summary>
    private void Check(StartDrillRequest request)
    {
        if (!StaffNames.IsValid(request.StaffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", string.Format(CultureInfo.InvariantCulture, AdministrationText.StaffNameDrillStartInvalid, AdministrationText.StaffNameRule));
        }

        if (request.AcknowledgeWithinMinutes > MaxMinutes)
        {
            throw GrpcErrors.InvalidArgument("acknowledge_within_minutes", string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillWithinOutOfRange, request.AcknowledgeWithinMinutes, MaxMinutes, DefaultMinutes));
        }

        var drillsOthers = request.WholeFederation || request.Sectors.Count > 0 || request.Nodes.Any(n => n != node.Id);
        if (drillsOthers && !FederationNode.IsHubRole(NodeRoles.Parse(node.Role)))
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.RoleNotAllowed, string.Format(CultureInfo.InvariantCulture, AdministrationText.DrillOthersNotAllowed, node.Role));
        }
    }

    private Audience AudienceOf(StartDrillRequest request)
    {
        var audience = new Audience { WholeFederation = request.WholeFederation };
        audience.Nodes.AddRange(request.Nodes);
        audience.Sectors.AddRange(request.Sectors);
        if (!request.WholeFederation && request.Nodes.Count == 0 && request.Sectors.Count == 0)
        {
            // A drill of this node's own members (what a secretariat drills).
            audience.Nodes.Add(node.Id);
        }

        return audience;
    }

    /// <summary>A violation of the drill item, named by the request field the staff person set.</summary>
    private static string RequestField(string itemField) => itemField switch
    {
        "item.drill.instruction_ja" => "instruction_ja",
        "item.drill.instruction_en" => "instruction_en",
        "item.tlp" => "tlp",
        "item.body.title" => "title",
        _ when itemField.StartsWith("item.audience.nodes", StringComparison.Ordinal) => "nodes" + itemField["item.audience.nodes".Length..],
        _ when itemField.StartsWith("item.audience.sectors", StringComparison.Ordinal) => "sectors" + itemField["item.audience.sectors".Length..],
        _ => itemField,
    };
}
