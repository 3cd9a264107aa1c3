using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Core.Receipts;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Administration;

/// <summary>
/// Acknowledgements in the admin API: a staff person acknowledging an item that reached this node (the origin gets a
/// signed receipt by "staff:&lt;name&gt;"), and at the origin every acknowledgement recorded per recipient node
/// (docs/PROTOCOL.md §7).
/// </summary>
internal sealed class AdminAcknowledgements(
    NodeOptions node, ItemStore itemStore, AcknowledgementStore acknowledgements, AckReceipts receipts, Dispatcher dispatcher, IStoreWriter writer,
    AuditLog audit, NodeDirectory directory, TimeProvider time)
{
    private const string PseudonymPrefix = "pseudonym:";

    public async Task<AcknowledgeItemResponse> AcknowledgeAsync(AcknowledgeItemRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        if (!UuidV7.IsValid(request.ItemId))
        {
            violations.Add(new("item_id", AdministrationText.ItemIdInvalid));
        }

        if (!StaffNames.IsValid(request.StaffName))
        {
            violations.Add(new("staff_name", string.Format(CultureInfo.InvariantCulture, AdministrationText.StaffNameAckInvalid, AdministrationText.StaffNameRule)));
        }

        if (request.Note.Length > ReceiptRules.MaxNoteChars)
        {
            violations.Add(new("note", string.Format(CultureInfo.InvariantCulture, AdministrationText.AckNoteTooLong, request.Note.Length, ReceiptRules.MaxNoteChars)));
        }

        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        var stored = await itemStore.GetAsync(request.ItemId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemNotFound, request.ItemId));
        if (stored.OriginNode == node.Id)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.OwnItem, string.Format(CultureInfo.InvariantCulture, AdministrationText.AckOwnItem, request.ItemId));
        }

        // Only what is addressed here reached the secretariat (TLP.md §2): a hub's sealed copy, or a clear item it only relays, is not theirs to acknowledge.
        if (stored.Sealed || !FederationRecipients.Of(RoutingFacts.FromItem(Members.ItemViews.ParseItem(stored, out _)), directory.View()).Contains(node.Id))
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NotAddressed, string.Format(CultureInfo.InvariantCulture, AdministrationText.AckNotAddressed, request.ItemId, TlpTransport.Name(stored.Tlp), node.Id));
        }

        var by = ReceiptPolicy.ByStaffPrefix + request.StaffName;
        var receipt = receipts.ForStaff(stored.ItemId, stored.OriginNode, request.StaffName, request.Note);
        AckOutcome outcome;
        try
        {
            outcome = await writer.RunAsync(work =>
            {
                var result = acknowledgements.AcknowledgeByStaff(work, stored.ItemId, request.StaffName, request.Note, time.GetUtcNow());
                if (!result.AlreadyAcknowledged)
                {
                    // The receipt leaves with the acknowledgement's commit, and only for the person's first.
                    dispatcher.Enqueue(work, receipt);
                    audit.Append(work, new AuditRecord(by, "item.acknowledge", stored.ItemId, "acknowledged",
                        request.Note.Length == 0 ? $"receipt to {stored.OriginNode}" : $"receipt to {stored.OriginNode}; note: {request.Note}"));
                }

                return result;
            }, cancellationToken);
        }
        catch (KeyNotFoundException)
        {
            throw GrpcErrors.NotFound(ErrorReasons.ItemPurged, string.Format(CultureInfo.InvariantCulture, AdministrationText.AckItemPurged, request.ItemId));
        }

        return new AcknowledgeItemResponse
        {
            ItemId = stored.ItemId, AcknowledgedBy = by, AcknowledgedAt = Timestamp.FromDateTimeOffset(outcome.AcknowledgedAt),
            AlreadyAcknowledged = outcome.AlreadyAcknowledged, OriginNode = stored.OriginNode,
        };
    }

    /// <summary>
    /// At the origin: each recipient's acknowledgements, oldest first, with how many distinct members and staff they are.
    /// Members a node does not name are numbered 1, 2… in the order they first acknowledged; their pseudonyms stay here.
    /// </summary>
    public async Task AddAcknowledgementsAsync(ItemStatus status, CancellationToken cancellationToken)
    {
        var byNode = (await acknowledgements.ReceivedAsync(status.ItemId, cancellationToken)).ToLookup(a => a.RecipientNode, StringComparer.Ordinal);
        foreach (var recipient in status.Recipients)
        {
            var numbers = new Dictionary<string, uint>(StringComparer.Ordinal);
            foreach (var received in byNode[recipient.NodeId])
            {
                var record = new AcknowledgementRecord
                {
                    By = received.AcknowledgedBy, NameJa = received.NameJa, NameEn = received.NameEn, Note = received.Note,
                    At = Timestamp.FromDateTimeOffset(received.At),
                };
                if (received.Acknowledger.StartsWith(PseudonymPrefix, StringComparison.Ordinal))
                {
                    record.MemberNumber = numbers.TryGetValue(received.Acknowledger, out var number) ? number : numbers[received.Acknowledger] = (uint)numbers.Count + 1;
                }

                recipient.Acknowledgements.Add(record);
            }

            recipient.MembersAcknowledged = (uint)recipient.Acknowledgements.Count(a => ReceiptPolicy.IsMemberAcknowledger(a.By));
            recipient.StaffAcknowledged = (uint)recipient.Acknowledgements.Count(a => a.By == ReceiptPolicy.ByAdmin || a.By.StartsWith(ReceiptPolicy.ByStaffPrefix, StringComparison.Ordinal));
        }
    }
}
