using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Members;

/// <summary>
/// Turns a member's draft into a node-signed item: validate, mint the id, sign, decide member delivery by TLP, and
/// store durably — the answer is sent only after the commit.
/// </summary>
internal sealed class SubmissionService(TimeProvider time, ItemValidator validator, AuditLog audit, EnvelopeSigner signer, ItemStore items, HeldStore heldStore, ItemLimits itemLimits, NodeOptions node, Dispatcher dispatcher, RuleApplication rules, ILogger<SubmissionService> logger)
{
    private const int MaxClientRequestIdChars = 128;

    public async Task<SubmitResponse> SubmitAsync(MemberPrincipal member, SubmitRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var violations = new List<FieldViolation>();
        if (!IsValidClientRequestId(request.ClientRequestId))
        {
            violations.Add(new FieldViolation("client_request_id",
                $"must be 1 to {MaxClientRequestIdChars} printable ASCII characters: choose a unique id per report (e.g. a UUID) and reuse it only when retrying the same report"));
        }

        if (request.Draft is null)
        {
            violations.Add(new FieldViolation("draft", "is missing: send the report in draft"));
        }
        else
        {
            violations.AddRange(validator.ValidateDraft(request.Draft, now));
        }

        if (violations.Count > 0)
        {
            MemberLog.SubmissionRefused(logger, member.Member.MemberId, violations.Count);
            await audit.AppendAsync(
                new AuditRecord(member.Actor, "item.submit", "-", "rejected", "invalid fields: " + string.Join(", ", violations.Take(10).Select(v => v.Field))),
                cancellationToken);
            throw GrpcErrors.InvalidArgument(violations);
        }

        var item = DraftItems.Build(node.Id, itemLimits, member.Member, request.Draft!, now);
        // The secretariat's handling rules decide before the node signs: label, attribution, who sees it, where it goes, hold.
        var decision = rules.ForSubmission(item, member.Member);
        RuleApplication.Shape(item, decision);
        var envelope = ItemEnvelope.Sign(signer, item);
        var stored = StoredItems.From(item, envelope.ToByteArray(), await rules.DeliveryAsync(decision, cancellationToken), member.Member.MemberId, rules.RetainUntil(decision));

        // Where it goes next is decided (and sealed) before the transaction, and queued inside it with the item.
        var onward = dispatcher.ForOrigin(item, envelope, decision.ForwardBeforeApproval);
        var outcome = await items.StoreSubmissionAsync(member.Member.MemberId, request.ClientRequestId, stored, cancellationToken,
            (connection, transaction, seq) =>
            {
                dispatcher.Enqueue(connection, transaction, onward, stored);
                if (decision.Hold)
                {
                    rules.Hold(connection, transaction, seq, item.Id, decision, member.Actor);
                }
            });
        var status = decision.Hold ? "held" : "accepted";
        if (outcome.Duplicate)
        {
            var states = await heldStore.StatesAsync([outcome.ItemId], cancellationToken);
            status = states.TryGetValue(outcome.ItemId, out var held) ? held.State : "accepted";
        }

        MemberLog.Submitted(logger, outcome.ItemId, item.Tlp.ToString(), item.Kind.ToString(), member.Member.MemberId, outcome.Duplicate);
        return new SubmitResponse
        {
            ItemId = outcome.ItemId,
            Cursor = (ulong)outcome.Seq,
            CreatedAt = Timestamp.FromDateTimeOffset(outcome.CreatedAt),
            Duplicate = outcome.Duplicate,
            Status = status,
        };
    }

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
        var item = ParseItem(stored, out var envelope);
        var view = new MemberItem
        {
            Item = item,
            Cursor = (ulong)stored.Seq,
            Envelope = envelope,
            OwnSubmission = stored.SubmittedByMember == memberId,
            ReceivedAt = Timestamp.FromDateTimeOffset(stored.ReceivedAt),
        };
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
}

/// <summary>The item a member's draft becomes at this node (before rules shape it and the node signs it); the dry run uses the same.</summary>
internal static class DraftItems
{
    public static Item Build(string nodeId, ItemLimits limits, MemberRecord member, ItemDraft draft, DateTimeOffset now)
    {
        var expires = draft.ExpiresAt?.ToDateTimeOffset() ?? now + limits.DefaultLifetime;
        var item = new Item
        {
            Id = UuidV7.NewId(),
            OriginNode = nodeId,
            CreatedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(expires),
            Tlp = draft.Tlp,
            Kind = draft.Kind,
            Exercise = draft.Exercise,
            Language = string.IsNullOrEmpty(draft.Language) ? "ja" : draft.Language,
            Audience = draft.Audience ?? new Audience(),
            Handling = draft.Handling ?? new HandlingPolicy(),
            Body = draft.Body,
            References = draft.References ?? new References(),
        };

        // The reporting company is named beyond its own node only when the origin's policy allows attribution.
        if (item.Handling.Attribution is Attribution.May or Attribution.Must)
        {
            item.SubmittedBy = new SubmittedBy
            {
                Node = nodeId,
                MemberId = member.MemberId,
                DisplayName = string.IsNullOrEmpty(member.NameEn) ? member.NameJa : member.NameEn,
            };
        }

        return item;
    }
}
