using System.Globalization;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Google.Protobuf;

namespace Ceptoar.Node.Administration;

/// <summary>The items part of the admin API: every stored item, one with its envelope and its signature check, and items staff write.</summary>
internal sealed class AdminItems(ItemStore items, EnvelopeVerifiers verifiers, SubmissionService submissions, WithdrawalService withdrawals, NodeOptions node, AdminRevocations revocations)
{
    /// <summary>A staff person submits as the secretariat: the member path's checks, rules, signing and audit (SubmissionService).</summary>
    public Task<SubmitResponse> SubmitAsync(AdminSubmitRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        return submissions.SubmitAsync(Submitter.Staff(request.StaffName, node), request.ClientRequestId, request.Draft, cancellationToken);
    }

    /// <summary>Staff withdraw a report this node originated, everywhere it went (docs/LIFECYCLE.md §1).</summary>
    public Task<RevokeResponse> RevokeAsync(RevokeItemRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request.StaffName);
        return withdrawals.RevokeAsync(Submitter.Staff(request.StaffName, node), request.ClientRequestId, request.ItemId, request.Reason, cancellationToken);
    }

    /// <summary>Staff replace a report this node originated with a correction (docs/LIFECYCLE.md §1).</summary>
    public Task<SubmitResponse> CorrectAsync(CorrectItemRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request.StaffName);
        return withdrawals.CorrectAsync(Submitter.Staff(request.StaffName, node), request.ClientRequestId, request.ItemId, request.Draft, cancellationToken);
    }

    public async Task<AdminListItemsResponse> ListAsync(AdminListItemsRequest request, CancellationToken cancellationToken)
    {
        var query = ItemQueries.FromAdmin(request);
        var page = await items.ListAllAsync(query with { Limit = query.Limit + 1 }, cancellationToken);
        var shown = page.Take(query.Limit).ToList();
        var response = new AdminListItemsResponse
        {
            NextPageToken = page.Count > query.Limit ? PageTokens.Encode(shown[^1].Seq) : "",
        };
        response.Items.AddRange(shown.Select(AdminViews.Summary));
        return response;
    }

    public async Task<AdminItem> GetAsync(AdminGetItemRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        var stored = await items.GetAsync(request.ItemId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemNotFound, request.ItemId));
        var envelope = Envelope.Parser.ParseFrom(stored.EnvelopeBytes);
        // A hub holds some items only as the origin's sealed envelope: check that signature, never the (unreadable) content.
        var (verified, result) = stored.Sealed
            ? (null, ItemSealer.OpenOuter(verifiers.Sealed, envelope).Result)
            : ItemEnvelope.Open(verifiers.Item, envelope);
        var answer = new AdminItem
        {
            Summary = AdminViews.Summary(stored),
            Withdrawn = ItemViews.Withdrawal(stored.Withdrawn),
            Verification = new SignatureCheck
            {
                Valid = result.IsValid,
                SignerNode = result.Signer?.NodeId ?? "",
                KeyId = result.Signer?.KeyId ?? envelope.Signatures.FirstOrDefault()?.KeyId ?? "",
                Problem = result.IsValid ? "" : $"{result.Failure}: {result.Reason}",
            },
        };
        if (stored.Withdrawn is { IsRevoked: true })
        {
            // The tombstone only: its body is served by no door once its origin revoked it (docs/LIFECYCLE.md §1).
            answer.Item = ItemViews.Tombstone(stored);
            return answer;
        }

        answer.Envelope = envelope;
        answer.EnvelopeBytes = ByteString.CopyFrom(stored.EnvelopeBytes);
        if (verified is not null)
        {
            answer.Item = verified.Item;
        }

        // Verified although its key is revoked: signed before the revocation, so kept, and shown flagged (docs/LIFECYCLE.md §3).
        if (result.IsValid && result.Signer is { } signer)
        {
            answer.Verification.RevokedKey = revocations.FlagFor(signer.KeyId);
        }

        return answer;
    }
}
