using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// Drills (docs/DRILLS.md): a staff person starts one; the node makes the signed drill item (always an exercise, CLEAR or
/// GREEN, its instruction in both languages and an acknowledgement deadline) and submits it through the one intake path
/// (SubmissionService: the item checks, rules, signing, idempotency and audit of every other item).
/// </summary>
internal sealed class AdminDrills(SubmissionService submissions, NodeOptions node, TimeProvider time)
{
    /// <summary>The acknowledgement window when the request gives none.</summary>
    public const int DefaultMinutes = 60;

    /// <summary>Longest acknowledgement window: a week.</summary>
    public const int MaxMinutes = 10_080;

    /// <summary>How long after its deadline a drill stays, so late acknowledgements still reach its origin and are recorded as late.</summary>
    public static readonly TimeSpan KeptAfterDeadline = TimeSpan.FromDays(7);

    /// <summary>The headline of a drill whose request names none.</summary>
    public const string DefaultTitle = "セプター訓練 / CEPTOAR drill";

    public async Task<StartDrillResponse> StartAsync(StartDrillRequest request, CancellationToken cancellationToken)
    {
        Check(request);
        var now = time.GetUtcNow();
        var minutes = request.AcknowledgeWithinMinutes == 0 ? DefaultMinutes : (int)request.AcknowledgeWithinMinutes;
        var deadline = now.AddMinutes(minutes);
        var item = new Item
        {
            Id = UuidV7.NewId(),
            OriginNode = node.Id,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(deadline + KeptAfterDeadline),
            Tlp = request.Tlp == Tlp.Unspecified ? Tlp.Green : request.Tlp,
            Kind = ItemKind.Drill,
            Exercise = true,
            Language = "ja",
            Audience = AudienceOf(request),
            Handling = new HandlingPolicy(),
            Body = new Body
            {
                Title = request.Title.Length == 0 ? DefaultTitle : request.Title,
                // Readers without drill support still see what is asked of them, in both languages.
                Summary = request.InstructionJa + "\n\n" + request.InstructionEn,
            },
            Drill = new Drill { InstructionJa = request.InstructionJa, InstructionEn = request.InstructionEn, AcknowledgeBy = Timestamp.FromDateTimeOffset(deadline) },
        };

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

    /// <summary>NISC and the Council drill others (their roles are certified, Node:Role is checked at start); a secretariat only its own members.</summary>
    private void Check(StartDrillRequest request)
    {
        if (!StaffNames.IsValid(request.StaffName))
        {
            throw GrpcErrors.InvalidArgument("staff_name", $"must be {StaffNames.Rule}; `drill start` uses your user name unless --as gives another");
        }

        if (request.AcknowledgeWithinMinutes > MaxMinutes)
        {
            throw GrpcErrors.InvalidArgument("acknowledge_within_minutes", $"is {request.AcknowledgeWithinMinutes}: give 1 to {MaxMinutes} minutes (a week), or 0 for {DefaultMinutes}");
        }

        var drillsOthers = request.WholeFederation || request.Sectors.Count > 0 || request.Nodes.Any(n => n != node.Id);
        if (drillsOthers && NodeRoles.Parse(node.Role) is not (NodeRole.Nisc or NodeRole.Council))
        {
            throw GrpcErrors.FailedPrecondition(
                $"this node is certified as '{node.Role}': only NISC and the Council drill other nodes; a secretariat drills its own members (leave out --federation, --sector and --node)");
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
