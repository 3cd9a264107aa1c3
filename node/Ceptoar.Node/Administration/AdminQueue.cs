using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The approval queue: items a handling rule held. An admin may edit a held item this node originated (remove detail,
/// strip attribution, raise the label: the node signs it anew), approve it (it is then delivered and forwarded as the
/// rules say) or reject it with a reason the submitting member sees. Nothing held leaves the node before approval.
/// </summary>
internal sealed class AdminQueue(HeldStore heldStore, ItemStore itemStore, NodeOptions node, IStoreWriter writer, AuditLog audit, MemberStore memberStore, ItemIntake intake, ItemValidator validator, RuleApplication rules)
{
    private const string Actor = "admin";
    private static readonly string[] RemovableFields = ["what", "affected", "where", "indicators", "actions_taken", "cause"];

    public async Task<ListHeldResponse> ListAsync(ListHeldRequest request, CancellationToken cancellationToken)
    {
        var response = new ListHeldResponse();
        foreach (var held in await heldStore.ListAsync(request.All, cancellationToken))
        {
            if (await itemStore.GetAsync(held.ItemId, cancellationToken) is { } stored)
            {
                response.Items.Add(View(held, stored));
            }
        }

        return response;
    }

    public async Task<HeldItemDetail> GetAsync(string itemId, CancellationToken cancellationToken)
    {
        var (held, stored) = await FindAsync(itemId, cancellationToken);
        return new HeldItemDetail { Held = View(held, stored), Item = ItemViews.ParseItem(stored, out _), Explanation = held.Explanation };
    }

    /// <param name="actor">Who edits, as the audit log names them: "admin" for the admin API, "staff:&lt;name&gt;" for the web console (docs/CONSOLE.md §4.1).</param>
    public async Task<HeldItemDetail> EditAsync(EditHeldRequest request, CancellationToken cancellationToken, string actor = Actor)
    {
        var (held, stored) = await FindAsync(request.ItemId, cancellationToken);
        RequireWaiting(held);
        if (stored.OriginNode != node.Id)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NotOriginNode, string.Format(CultureInfo.InvariantCulture, AdministrationText.HeldNotOrigin, request.ItemId, stored.OriginNode));
        }

        var unknown = request.RemoveFields.Where(f => !RemovableFields.Contains(f)).ToList();
        if (unknown.Count > 0 || (request.RaiseLabel != Tlp.Unspecified && !TlpTransport.IsKnown(request.RaiseLabel)))
        {
            throw GrpcErrors.InvalidArgument(unknown.Count > 0 ? "remove_fields" : "raise_label",
                unknown.Count > 0 ? string.Format(CultureInfo.InvariantCulture, AdministrationText.RemoveFieldsUnknown, string.Join("', '", unknown), string.Join(", ", RemovableFields)) : AdministrationText.RaiseLabelInvalid);
        }

        var item = ItemViews.ParseItem(stored, out _);
        if (request.RaiseLabel != Tlp.Unspecified && request.RaiseLabel > item.Tlp)
        {
            await RefuseRaiseOverCopiesAsync(stored, item, request.RaiseLabel, cancellationToken);
        }

        if (request.StripAttribution)
        {
            ItemShaping.StripAttribution(item);
        }

        if (request.RaiseLabel != Tlp.Unspecified)
        {
            ItemShaping.RaiseLabel(item, request.RaiseLabel);
        }

        foreach (var field in request.RemoveFields)
        {
            Remove(item.Body, field);
        }

        // The edited item is checked as every recipient will check it: a raised label can make its audience one the label
        // does not allow (AMBER and stricter name their recipients), and such an item would be refused at every node.
        var invalid = validator.ValidateItem(item);
        if (invalid.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(request.RaiseLabel != Tlp.Unspecified ? "raise_label" : "remove_fields",
                string.Format(CultureInfo.InvariantCulture, AdministrationText.EditedItemRefused, invalid[0].Field, invalid[0].DescriptionIn(CultureInfo.CurrentUICulture)));
        }

        await intake.EditHeldAsync(stored, item, actor,
            $"strip attribution: {request.StripAttribution}; label: TLP:{TlpTransport.Name(item.Tlp)}; removed: {string.Join(",", request.RemoveFields)}", cancellationToken);
        return await GetAsync(request.ItemId, cancellationToken);
    }

    /// <summary>
    /// A held report was signed with the standing copies its label allowed at submission (docs/MODES.md §2). A stricter
    /// label would not allow them, and raising it cannot tell which recipients the reporter named and which a copy added:
    /// so a raise over copies is refused, conservatively counting every copy target the audience holds.
    /// </summary>
    private async Task RefuseRaiseOverCopiesAsync(StoredItem stored, Item item, Tlp raiseTo, CancellationToken cancellationToken)
    {
        var audience = item.Audience ?? new Audience();
        if (item.Tlp is Tlp.Clear or Tlp.Green && (audience.WholeFederation || Audiences.NamesNoOne(audience)))
        {
            // Addressed to everyone: no copy was added (and such an audience cannot take a stricter label anyway).
            return;
        }

        var submitter = stored.SubmittedByMember is { } by ? await Submitter.OfStoredAsync(by, node, memberStore, cancellationToken) : null;
        var facts = (submitter ?? Submitter.Staff("", node)).Facts;
        var copied = rules.ForSubmission(item, facts, acceptCopies: true).Copies
            .Where(c => c.Result is CopyResult.Applied or CopyResult.AlreadyAddressed)
            .Select(c => c.Shown)
            .ToList();
        if (copied.Count > 0)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ItemAlreadyCopied, string.Format(CultureInfo.InvariantCulture, AdministrationText.HeldRaiseWithCopies, stored.ItemId, string.Join(", ", copied), TlpTransport.Name(raiseTo)));
        }
    }

    public async Task<HeldItem> ApproveAsync(ApproveHeldRequest request, CancellationToken cancellationToken, string actor = Actor)
    {
        var (held, stored) = await FindAsync(request.ItemId, cancellationToken);
        RequireWaiting(held);
        var item = ItemViews.ParseItem(stored, out var envelope);
        // Decided again as the item's origin when a member submitted it here, else as received from its origin.
        var submitter = stored.OriginNode == node.Id && stored.SubmittedByMember is { } by ? await Submitter.OfStoredAsync(by, node, memberStore, cancellationToken) : null;
        var approved = await intake.ApproveAsync(stored, item, envelope, submitter, actor, request.Note, cancellationToken);
        if (!approved)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ChangedMeanwhile, string.Format(CultureInfo.InvariantCulture, AdministrationText.HeldDecidedMeanwhileShow, request.ItemId));
        }

        return (await GetAsync(request.ItemId, cancellationToken)).Held;
    }

    public async Task<HeldItem> RejectAsync(RejectHeldRequest request, CancellationToken cancellationToken, string actor = Actor)
    {
        AdminRequests.Check(request);
        var (held, stored) = await FindAsync(request.ItemId, cancellationToken);
        RequireWaiting(held);
        var rejected = await writer.RunAsync(work =>
        {
            if (!heldStore.Decide(work, stored.Seq, "rejected", actor, request.Reason.Trim()))
            {
                return false;
            }

            audit.Append(work, new AuditRecord(actor, "item.reject", stored.ItemId, "rejected", request.Reason.Trim()));
            return true;
        }, cancellationToken);
        if (!rejected)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ChangedMeanwhile, string.Format(CultureInfo.InvariantCulture, AdministrationText.HeldDecidedMeanwhile, request.ItemId));
        }

        return (await GetAsync(request.ItemId, cancellationToken)).Held;
    }

    private async Task<(HeldRecord Held, StoredItem Stored)> FindAsync(string itemId, CancellationToken cancellationToken)
    {
        if (!UuidV7.IsValid(itemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", AdministrationText.QueueItemIdInvalid);
        }

        var held = await heldStore.GetAsync(itemId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ItemNotHeld, string.Format(CultureInfo.InvariantCulture, AdministrationText.NotHeld, itemId));
        var stored = await itemStore.GetAsync(itemId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ItemPurged, string.Format(CultureInfo.InvariantCulture, AdministrationText.HeldPurged, itemId));
        return (held, stored);
    }

    private static void RequireWaiting(HeldRecord held)
    {
        if (held.State != "held")
        {
            var state = held.State switch
            {
                "approved" => AdministrationText.HeldStateApproved,
                "rejected" => AdministrationText.HeldStateRejected,
                _ => held.State,
            };
            throw GrpcErrors.FailedPrecondition(ErrorReasons.AlreadyDecided, string.Format(CultureInfo.InvariantCulture, AdministrationText.HeldAlreadyDecided, held.ItemId, state, held.DecidedBy, held.DecidedAt));
        }
    }

    private static void Remove(Body body, string field)
    {
        switch (field)
        {
            case "what": body.What = ""; break;
            case "affected": body.Affected.Clear(); break;
            case "where": body.Where = null; break;
            case "indicators": body.Indicators.Clear(); break;
            case "actions_taken": body.How?.ActionsTaken.Clear(); break;
            case "cause": if (body.Why is not null) { body.Why.Cause = ""; } break;
        }
    }

    private static HeldItem View(HeldRecord held, StoredItem stored)
    {
        var view = new HeldItem
        {
            ItemId = held.ItemId,
            Title = stored.Title,
            Tlp = stored.Tlp,
            Kind = stored.Kind,
            SubmittedByMember = stored.SubmittedByMember ?? "",
            Rule = held.Rule,
            HeldAt = Timestamp.FromDateTimeOffset(held.HeldAt),
            State = held.State,
            DecidedBy = held.DecidedBy ?? "",
            Reason = held.Reason ?? "",
        };
        if (held.DecidedAt is { } at)
        {
            view.DecidedAt = Timestamp.FromDateTimeOffset(at);
        }

        return view;
    }
}
