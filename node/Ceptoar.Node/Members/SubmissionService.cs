using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Members;

/// <summary>
/// A member's submission: checks the request and its draft, then hands the item to intake (decide, sign, plan, commit);
/// the answer is sent only after the commit.
/// </summary>
internal sealed class SubmissionService(TimeProvider time, ItemValidator validator, AuditLog audit, HeldStore heldStore, ItemLimits itemLimits, NodeOptions node, ItemIntake intake, Addressing addressing, NodeMetrics metrics, ILogger<SubmissionService> logger)
{
    private const int MaxClientRequestIdChars = 128;

    public Task<SubmitResponse> SubmitAsync(MemberPrincipal member, SubmitRequest request, CancellationToken cancellationToken) =>
        SubmitAsync(Submitter.Member(member.Member), request.ClientRequestId, request.Draft, cancellationToken);

    /// <summary>
    /// A draft from a member or a staff person: the request's checks and the draft's, then intake (decide, sign, plan,
    /// commit). Field violations are InvalidArgument naming each field, audited; the answer comes after the commit.
    /// </summary>
    /// <param name="correction">The draft corrects an earlier report (WithdrawalService): only then may it name one it supersedes.</param>
    public async Task<SubmitResponse> SubmitAsync(Submitter submitter, string clientRequestId, ItemDraft? draft, CancellationToken cancellationToken, bool correction = false)
    {
        var now = time.GetUtcNow();
        var violations = RequestIdViolations(clientRequestId);
        if (!correction && draft?.References is { Supersedes.Count: > 0 })
        {
            // Superseding hides a report at every node: only Correct may, after checking the report is the caller's (docs/LIFECYCLE.md §1).
            violations.Add(new FieldViolation("draft.references.supersedes", MembersText.SupersedesNeedsCorrect));
        }

        if (draft is null)
        {
            violations.Add(new FieldViolation("draft", MembersText.DraftMissing));
        }
        else
        {
            violations.AddRange(validator.ValidateDraft(draft, now));
        }

        await RefuseIfAnyAsync(submitter, violations, draft?.Tlp ?? Tlp.Unspecified, cancellationToken);
        if (addressing.NotIncidentHandling(draft!) is { } notCertified)
        {
            metrics.Rejected(ErrorReasons.NodeNotCertified, draft!.Tlp);
            // A crime-damage report goes only to certified incident-handling nodes (docs/MODES.md §3): a node the directory does
            // not know as one may be a typo, or a node that must never read it.
            await audit.AppendAsync(new AuditRecord(submitter.Actor, "item.submit", "-", "rejected", $"crime-damage report names {notCertified}, not an incident-handling node"), cancellationToken);
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NodeNotCertified, string.Format(CultureInfo.InvariantCulture, MembersText.CrimeDamageNodeNotCertified, notCertified));
        }

        return await CommitAsync(submitter, clientRequestId, DraftItems.Build(node.Id, itemLimits, submitter, draft!, now), cancellationToken, draft!.AcceptCopies);
    }

    /// <summary>
    /// An item the node itself makes for a staff person (a drill, docs/DRILLS.md): checked as a received item is
    /// (<paramref name="fieldOf"/> names each violation's field as the caller's request does), then the same intake,
    /// idempotency and audit as a draft.
    /// </summary>
    public async Task<SubmitResponse> SubmitNodeItemAsync(Submitter submitter, string clientRequestId, Item item, Func<string, string> fieldOf, CancellationToken cancellationToken)
    {
        var violations = RequestIdViolations(clientRequestId);

        violations.AddRange(validator.ValidateItem(item).Select(v => v with { Field = fieldOf(v.Field) }));
        await RefuseIfAnyAsync(submitter, violations, item.Tlp, cancellationToken);

        return await CommitAsync(submitter, clientRequestId, item, cancellationToken);
    }

    /// <summary>Field violations are InvalidArgument naming each field, audited without the fields' content.</summary>
    private async Task RefuseIfAnyAsync(Submitter submitter, List<FieldViolation> violations, Tlp tlp, CancellationToken cancellationToken)
    {
        if (violations.Count > 0)
        {
            metrics.Rejected(ErrorReasons.FieldInvalid, tlp);
            MemberLog.SubmissionRefused(logger, submitter.Id, violations.Count);
            await audit.AppendAsync(
                new AuditRecord(submitter.Actor, "item.submit", "-", "rejected", "invalid fields: " + string.Join(", ", violations.Take(10).Select(v => v.Field))),
                cancellationToken);
            throw GrpcErrors.InvalidArgument(violations);
        }
    }

    private async Task<SubmitResponse> CommitAsync(Submitter submitter, string clientRequestId, Item item, CancellationToken cancellationToken, bool acceptCopies = false)
    {
        var intended = intake.Originate(item, submitter, acceptCopies);
        var outcome = await intake.CommitSubmissionAsync(intended, submitter, clientRequestId, cancellationToken);
        var status = intended.Decision is { Hold: true } ? "held" : "accepted";
        if (outcome.Duplicate)
        {
            var states = await heldStore.StatesAsync([outcome.ItemId], cancellationToken);
            status = states.TryGetValue(outcome.ItemId, out var held) ? held.State : "accepted";
        }

        MemberLog.Submitted(logger, outcome.ItemId, item.Tlp.ToString(), item.Kind.ToString(), submitter.Id, outcome.Duplicate);
        if (!outcome.Duplicate)
        {
            // Under the label it is stored with (a rule may raise it), as the received and relayed counts are; the rule that
            // decided it counts once per stored item, not per evaluation (a retried request is decided again).
            metrics.Submitted(intended.Stored.Tlp);
            if (intended.Decision is { } decision)
            {
                metrics.RuleHit(decision.Rule.Name);
            }
        }

        var response = new SubmitResponse
        {
            ItemId = outcome.ItemId,
            Cursor = (ulong)outcome.Seq,
            CreatedAt = Timestamp.FromDateTimeOffset(outcome.CreatedAt),
            Duplicate = outcome.Duplicate,
            Status = status,
        };

        // Where the report went (docs/MODES.md §2): the item as signed, with the copies the label and consent allowed.
        response.AddressedNodes.AddRange(addressing.AddressedNodes(item));
        var copies = intended.Decision?.Copies ?? [];
        response.Copies.AddRange(copies.Where(c => c.Applied).Select(c => c.Target));
        response.RefusedCopies.AddRange(copies.Where(c => c.Refused).Select(Refused));
        return response;
    }

    /// <summary>A refused copy for the member, in the call's language.</summary>
    private static RefusedCopy Refused(CopyOutcome copy)
    {
        var (code, text) = copy.Result switch
        {
            CopyResult.ConsentNeeded => ("consent_needed", MembersText.CopyConsentNeeded),
            CopyResult.CrimeDamage => ("crime_damage", MembersText.CopyCrimeDamage),
            CopyResult.NoSector => ("no_sector", MembersText.CopyNoSector),
            _ => ("label_forbids", MembersText.CopyLabelForbids),
        };
        return new RefusedCopy { Target = copy.Target, Code = code, Reason = string.Format(CultureInfo.InvariantCulture, text, TlpTransport.Name(copy.Label), copy.Shown) };
    }

    private static List<FieldViolation> RequestIdViolations(string clientRequestId) => IsValidClientRequestId(clientRequestId)
        ? []
        : [new FieldViolation("client_request_id", string.Format(CultureInfo.InvariantCulture, MembersText.ClientRequestIdInvalid, MaxClientRequestIdChars))];

    private static bool IsValidClientRequestId(string id) =>
        id.Length is > 0 and <= MaxClientRequestIdChars && id.All(c => c is >= '!' and <= '~');
}

/// <summary>Conversions shared by the member and admin APIs.</summary>
internal static class ItemViews
{
    public static Item ParseItem(StoredItem stored, out Envelope envelope)
    {
        // Stored envelopes were verified (or signed by us) before storage; parsing here is display only.
        envelope = Envelope.Parser.ParseFrom(stored.EnvelopeBytes);
        return Item.Parser.ParseFrom(envelope.Payload);
    }

    public static MemberItem ToMemberItem(StoredItem stored, string memberId, DateTimeOffset? acknowledgedAt, HeldRecord? held = null)
    {
        var view = new MemberItem
        {
            Cursor = (ulong)stored.Seq,
            OwnSubmission = stored.SubmittedByMember == memberId,
            ReceivedAt = Timestamp.FromDateTimeOffset(stored.ReceivedAt),
            Withdrawn = Withdrawal(stored.Withdrawn),
        };
        if (stored.Withdrawn is { IsRevoked: true })
        {
            // Revoked by its origin: the tombstone, never the body or the envelope that carries it (docs/LIFECYCLE.md §1).
            view.Item = Tombstone(stored);
        }
        else
        {
            view.Item = ParseItem(stored, out var envelope);
            view.Envelope = envelope;
        }

        if (acknowledgedAt is { } at)
        {
            view.AcknowledgedAt = Timestamp.FromDateTimeOffset(at);
        }

        if (view.OwnSubmission)
        {
            // The member sees what became of its report: shared, waiting for the secretariat, or refused and why.
            view.SubmissionStatus = held?.State ?? "accepted";
            view.SubmissionReason = held?.Reason ?? "";
        }

        return view;
    }

    public static ByteString Bytes(byte[] value) => ByteString.CopyFrom(value);

    /// <summary>What is left of a revoked item: its id, origin, kind, label, exercise flag and times, no body.</summary>
    public static Item Tombstone(StoredItem stored)
    {
        var item = new Item
        {
            Id = stored.ItemId,
            OriginNode = stored.OriginNode,
            Kind = stored.Kind,
            Tlp = stored.Tlp,
            Exercise = stored.Exercise,
            CreatedAt = Timestamp.FromDateTimeOffset(stored.CreatedAt),
        };
        if (stored.ExpiresAt is { } expires)
        {
            item.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        }

        return item;
    }

    /// <summary>The tombstone or supersession mark as the APIs show it; null when the item stands.</summary>
    public static Withdrawal? Withdrawal(ItemWithdrawal? withdrawn) => withdrawn is null ? null : new Withdrawal
    {
        State = withdrawn.State,
        ByItemId = withdrawn.ByItemId,
        Reason = withdrawn.Reason,
        At = Timestamp.FromDateTimeOffset(withdrawn.At),
        OriginNode = withdrawn.OriginNode,
    };
}
