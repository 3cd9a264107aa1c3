using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The approval queue calls of the fake: held items, edited and decided the way the node does (AdminQueue).</summary>
internal sealed partial class FakeAdminService
{
    public static readonly Timestamp DecidedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 1, 11, 0, 0, TimeSpan.Zero));

    public List<HeldItemDetail> Held { get; } = [];

    public ListHeldRequest? LastListHeld { get; private set; }

    public GetHeldRequest? LastGetHeld { get; private set; }

    public EditHeldRequest? LastEditHeld { get; private set; }

    public ApproveHeldRequest? LastApproveHeld { get; private set; }

    public RejectHeldRequest? LastRejectHeld { get; private set; }

    public int QueueCalls { get; private set; }

    public override Task<ListHeldResponse> ListHeld(ListHeldRequest request, ServerCallContext context)
    {
        LastListHeld = request;
        QueueCalls++;
        var response = new ListHeldResponse();
        response.Items.Add(Held.Select(h => h.Held).Where(h => request.All || h.State == "held"));
        return Task.FromResult(response);
    }

    public override Task<HeldItemDetail> GetHeld(GetHeldRequest request, ServerCallContext context)
    {
        LastGetHeld = request;
        QueueCalls++;
        return Task.FromResult(Find(request.ItemId).Clone());
    }

    public override Task<HeldItemDetail> EditHeld(EditHeldRequest request, ServerCallContext context)
    {
        LastEditHeld = request;
        QueueCalls++;
        var detail = Waiting(request.ItemId);
        if (detail.Item.OriginNode != "ceptoar-finance")
        {
            throw new RpcException(new Grpc.Core.Status(
                StatusCode.FailedPrecondition,
                $"item {request.ItemId} was signed by its origin {detail.Item.OriginNode}: only its origin may change it. Approve or reject it."));
        }

        var item = detail.Item;
        if (request.StripAttribution)
        {
            item.SubmittedBy = null;
            item.Handling ??= new HandlingPolicy();
            item.Handling.Attribution = Attribution.MustNot;
        }

        if (request.RaiseLabel > item.Tlp)
        {
            item.Tlp = request.RaiseLabel;
            detail.Held.Tlp = request.RaiseLabel;
        }

        foreach (var field in request.RemoveFields)
        {
            Clear(item.Body, field);
        }

        return Task.FromResult(detail.Clone());
    }

    public override Task<HeldItem> ApproveHeld(ApproveHeldRequest request, ServerCallContext context)
    {
        LastApproveHeld = request;
        QueueCalls++;
        return Task.FromResult(Decide(Waiting(request.ItemId), "approved", request.Note));
    }

    public override Task<HeldItem> RejectHeld(RejectHeldRequest request, ServerCallContext context)
    {
        LastRejectHeld = request;
        QueueCalls++;
        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, "reason is required: the submitting member sees it"));
        }

        return Task.FromResult(Decide(Waiting(request.ItemId), "rejected", request.Reason));
    }

    /// <summary>A held GREEN incident report of mizuho-bank that names it, with every removable field filled.</summary>
    public static HeldItemDetail HeldIncident(string itemId, string title, string state = "held")
    {
        var item = new Item
        {
            Id = itemId,
            OriginNode = "ceptoar-finance",
            CreatedAt = CreatedAt,
            Tlp = Tlp.Green,
            Kind = ItemKind.IncidentReport,
            Language = "en",
            Audience = new Audience { WholeFederation = true },
            Handling = new HandlingPolicy { Attribution = Attribution.May },
            SubmittedBy = new SubmittedBy { Node = "ceptoar-finance", MemberId = "mizuho-bank", DisplayName = "Mizuho Bank, Ltd." },
            Body = new Body
            {
                Title = title,
                Summary = "Credential stuffing against retail internet banking since 09:00 JST.",
                OccurredAt = CreatedAt,
                Where = new Where { Systems = { "internet banking" }, Regions = { "kanto" } },
                Affected = { "Example Customer Co.", "retail customers" },
                What = "About 40,000 failed logins from 300 addresses.",
                Why = new Why { ThreatType = "attack.intrusion", Cause = "reused passwords" },
                How = new How { Status = HandlingStatus.Investigating, ActionsTaken = { "blocked source addresses" } },
                Severity = Severity.High,
                Indicators = { new Indicator { Type = IndicatorType.Ipv4, Value = "203.0.113.7" } },
            },
        };
        var held = new HeldItem
        {
            ItemId = itemId,
            Title = title,
            Tlp = item.Tlp,
            Kind = item.Kind,
            SubmittedByMember = "mizuho-bank",
            Rule = "secretariat-checks-incidents",
            HeldAt = CreatedAt,
            State = state,
        };
        if (state != "held")
        {
            held.DecidedBy = "admin";
            held.DecidedAt = DecidedAt;
            held.Reason = state == "rejected" ? "names a customer; resubmit without it" : "checked";
        }

        return new HeldItemDetail
        {
            Held = held,
            Item = item,
            Explanation = "rule 1 secretariat-checks-incidents fires:\n  direction=submitted holds\n  kind=incident-report holds\n  hold=yes: held for approval",
        };
    }

    private HeldItemDetail Find(string itemId) =>
        Held.FirstOrDefault(h => h.Held.ItemId == itemId)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"item {itemId} is not in the approval queue: see `queue list --all`."));

    private HeldItemDetail Waiting(string itemId)
    {
        var detail = Find(itemId);
        if (detail.Held.State != "held")
        {
            throw new RpcException(new Grpc.Core.Status(
                StatusCode.FailedPrecondition,
                $"item {itemId} was already {detail.Held.State} by {detail.Held.DecidedBy} on 2025-04-01 11:00 UTC."));
        }

        return detail;
    }

    private static HeldItem Decide(HeldItemDetail detail, string state, string reason)
    {
        detail.Held.State = state;
        detail.Held.DecidedBy = "admin";
        detail.Held.DecidedAt = DecidedAt;
        detail.Held.Reason = reason;
        return detail.Held.Clone();
    }

    private static void Clear(Body body, string field)
    {
        switch (field)
        {
            case "what":
                body.What = string.Empty;
                break;
            case "affected":
                body.Affected.Clear();
                break;
            case "where":
                body.Where = null;
                break;
            case "indicators":
                body.Indicators.Clear();
                break;
            case "actions_taken":
                body.How?.ActionsTaken.Clear();
                break;
            case "cause":
                if (body.Why is not null)
                {
                    body.Why.Cause = string.Empty;
                }

                break;
            default:
                throw new RpcException(new Grpc.Core.Status(StatusCode.InvalidArgument, $"remove_fields: cannot remove '{field}'"));
        }
    }
}
