using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Members;

/// <summary>
/// Withdraw and correct at the origin (docs/LIFECYCLE.md §1): a member its own submissions, staff any report this node
/// originated. A revocation is a signed item of the original's label, audience and handling (so it is sealed wherever the
/// original was and takes exactly its paths); a correction is a new report of the original's kind, label and audience
/// whose references.supersedes names it. Both enter through the one intake path; every refusal is audited.
/// </summary>
internal sealed class WithdrawalService(ItemStore items, HeldStore held, SubmissionService submissions, AuditLog audit, NodeOptions node, ItemLimits limits, TimeProvider time)
{
    public async Task<RevokeResponse> RevokeAsync(Submitter submitter, string clientRequestId, string itemId, string reason, CancellationToken cancellationToken)
    {
        var stored = await OriginalAsync(submitter, itemId, "item.revoke", cancellationToken);
        if (stored.Withdrawn is { IsRevoked: true } revoked)
        {
            // Already withdrawn: the first revocation stands, so a repeat (a lost answer, a second click) is answered with it.
            return new RevokeResponse { RevocationId = revoked.ByItemId, ItemId = itemId, CreatedAt = Timestamp.FromDateTimeOffset(revoked.At), Duplicate = true };
        }

        var original = ItemViews.ParseItem(stored, out _);
        var now = time.GetUtcNow();
        var body = new Body
        {
            Title = string.Format(CultureInfo.InvariantCulture, MembersText.RevocationTitle, itemId),
            Summary = reason.Length == 0 ? "-" : reason,
        };
        var item = NodeMadeItems.Operational(node.Id, now, Timestamp.FromDateTimeOffset(now + limits.DefaultLifetime), ItemKind.Revocation, original.Tlp, original.Audience.Clone(), body);
        // The original's handling and exercise flag: sealed where it was sealed, an exercise's withdrawal stays an exercise.
        item.Handling = original.Handling?.Clone() ?? new HandlingPolicy();
        item.Exercise = original.Exercise;
        item.Language = original.Language.Length > 0 ? original.Language : item.Language;
        item.Revocation = new Revocation { ItemId = itemId, Reason = reason };
        var submitted = await submissions.SubmitNodeItemAsync(submitter, clientRequestId, item, RevocationField, cancellationToken);
        return new RevokeResponse { RevocationId = submitted.ItemId, ItemId = itemId, CreatedAt = submitted.CreatedAt, Duplicate = submitted.Duplicate };
    }

    public async Task<SubmitResponse> CorrectAsync(Submitter submitter, string clientRequestId, string itemId, ItemDraft? draft, CancellationToken cancellationToken)
    {
        var stored = await OriginalAsync(submitter, itemId, "item.correct", cancellationToken);
        if (stored.Withdrawn is { IsRevoked: true } revoked)
        {
            await RefuseAsync(submitter, "item.correct", itemId, "the item is revoked");
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ItemRevoked, string.Format(CultureInfo.InvariantCulture, MembersText.CorrectRevoked, itemId, revoked.ByItemId));
        }

        if (draft is null)
        {
            throw GrpcErrors.InvalidArgument("draft", MembersText.DraftMissing);
        }

        var original = ItemViews.ParseItem(stored, out _);
        var corrected = draft.Clone();
        Keep(corrected.Kind == ItemKind.Unspecified || corrected.Kind == original.Kind, "draft.kind", NotificationContent.KindCode(original.Kind));
        Keep(corrected.Tlp == Tlp.Unspecified || corrected.Tlp == original.Tlp, "draft.tlp", TlpTransport.Name(original.Tlp));
        Keep(corrected.Audience is null || corrected.Audience.Equals(new Audience()) || corrected.Audience.Equals(original.Audience), "draft.audience", "-");
        corrected.Kind = original.Kind;
        corrected.Tlp = original.Tlp;
        corrected.Audience = original.Audience.Clone();
        corrected.Handling ??= original.Handling?.Clone();
        corrected.References ??= new References();
        if (corrected.References.Supersedes.Any(id => id != itemId))
        {
            throw GrpcErrors.InvalidArgument("draft.references.supersedes", string.Format(CultureInfo.InvariantCulture, MembersText.CorrectSupersedes, itemId));
        }

        corrected.References.Supersedes.Clear();
        corrected.References.Supersedes.Add(itemId);
        return await submissions.SubmitAsync(submitter, clientRequestId, corrected, cancellationToken, correction: true);
    }

    /// <summary>
    /// The item to withdraw: a valid id, stored here, originated here, a report (not a federation kind), and for a member its
    /// own submission. NotFound names the node; the other refusals are audited with who tried.
    /// </summary>
    private async Task<StoredItem> OriginalAsync(Submitter submitter, string itemId, string action, CancellationToken cancellationToken)
    {
        if (!UuidV7.IsValid(itemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", MembersText.ItemIdInvalid);
        }

        var stored = await items.GetAsync(itemId, cancellationToken);
        if (stored is null || (!submitter.IsStaff && stored.OriginNode == node.Id && stored.SubmittedByMember != submitter.Id))
        {
            if (stored is not null)
            {
                // Another member's report: refused without a word about it (its label may not reach this member).
                await RefuseAsync(submitter, action, itemId, "not this member's submission");
                throw GrpcErrors.PermissionDenied(ErrorReasons.ItemNotOwn, string.Format(CultureInfo.InvariantCulture, MembersText.WithdrawNotOwn, itemId, submitter.Id));
            }

            throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, MembersText.ItemNotFound, itemId, node.Id));
        }

        if (stored.OriginNode != node.Id)
        {
            await RefuseAsync(submitter, action, itemId, $"originated by {stored.OriginNode}, not here");
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NotOriginNode, string.Format(CultureInfo.InvariantCulture, MembersText.WithdrawNotOrigin, itemId, stored.OriginNode, node.Id));
        }

        if (!ItemValidator.MemberKinds.Contains(stored.Kind))
        {
            await RefuseAsync(submitter, action, itemId, $"kind {NotificationContent.KindCode(stored.Kind)}");
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ItemKindNotAllowed, string.Format(CultureInfo.InvariantCulture, MembersText.WithdrawKind, itemId, NotificationContent.KindCode(stored.Kind)));
        }

        var states = await held.StatesAsync([itemId], cancellationToken);
        if (states.TryGetValue(itemId, out var queued) && HeldStore.Withholds(queued.State))
        {
            // It never left this node: withdrawing it would tell the federation about it; the approval queue decides it.
            await RefuseAsync(submitter, action, itemId, $"{queued.State} in the approval queue");
            throw GrpcErrors.FailedPrecondition(ErrorReasons.ItemHeld, string.Format(CultureInfo.InvariantCulture, MembersText.WithdrawHeld, itemId, queued.State));
        }

        return stored;
    }

    private Task RefuseAsync(Submitter submitter, string action, string itemId, string why) =>
        audit.AppendAsync(new AuditRecord(submitter.Actor, action, itemId, "denied", why), CancellationToken.None);

    private static void Keep(bool kept, string field, string value)
    {
        if (!kept)
        {
            throw GrpcErrors.InvalidArgument(field, string.Format(CultureInfo.InvariantCulture, MembersText.CorrectKeeps, value));
        }
    }

    /// <summary>A violation of the revocation item, named by the request field the caller set.</summary>
    private static string RevocationField(string itemField) => itemField switch
    {
        "item.revocation.reason" => "reason",
        "item.revocation.item_id" => "item_id",
        _ => itemField,
    };
}
