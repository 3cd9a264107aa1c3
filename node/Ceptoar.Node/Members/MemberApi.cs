using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Members;

/// <summary>The member API: a thin adapter over the submission service and the item store.</summary>
internal sealed class MemberApi(ItemStore itemStore, NodeOptions node, Vocabulary vocabulary, HeldStore heldStore, AuditLog audit, SubmissionService submissions, Addressing addressing, Dispatcher dispatcher, AckReceipts ackReceipts, MemberStreams streams, IHostApplicationLifetime lifetime, WithdrawalService withdrawals, IMemberInterchange interchange, NodeMetrics metrics) : MemberService.MemberServiceBase
{
    private const int FeedBatch = 256;

    /// <summary>Most items one Export call may name (docs/INTERCHANGE.md).</summary>
    public const int MaxExportItems = 1000;

    public override Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context) =>
        submissions.SubmitAsync(MemberPrincipal.Of(context), request, context.CancellationToken);

    /// <summary>The member withdraws one of its own submissions everywhere it went (docs/LIFECYCLE.md §1).</summary>
    public override Task<RevokeResponse> Revoke(RevokeRequest request, ServerCallContext context) =>
        withdrawals.RevokeAsync(Submitter.Member(MemberPrincipal.Of(context).Member), request.ClientRequestId, request.ItemId, request.Reason, context.CancellationToken);

    /// <summary>The member replaces one of its own submissions with a corrected report (docs/LIFECYCLE.md §1).</summary>
    public override Task<SubmitResponse> Correct(CorrectRequest request, ServerCallContext context) =>
        withdrawals.CorrectAsync(Submitter.Member(MemberPrincipal.Of(context).Member), request.ClientRequestId, request.ItemId, request.Draft, context.CancellationToken);

    /// <summary>Items the member may see as a STIX bundle or MISP events: each id passes the same check as Get, or the call fails on it.</summary>
    public override async Task<ExportedDocument> Export(ExportRequest request, ServerCallContext context)
    {
        var member = MemberPrincipal.Of(context);
        var format = InterchangeRequests.Format(request.Format);
        var ids = InterchangeRequests.ItemIds(request.ItemIds, MaxExportItems);
        var visible = await itemStore.GetManyForMemberAsync(ids, member.Viewer, context.CancellationToken);
        var items = new List<StoredItem>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            // One the member may not see fails the call exactly as Get would (NotFound, or PermissionDenied audited).
            items.Add(visible[i] ?? await VisibleItemAsync(member, ids[i], $"item_ids[{i}]", context));
        }

        return interchange.Export(format, items);
    }

    /// <summary>A STIX bundle or MISP event submitted as the member's reports (docs/INTERCHANGE.md §5).</summary>
    public override Task<ImportResponse> Import(ImportRequest request, ServerCallContext context)
    {
        var format = InterchangeRequests.Format(request.Format);
        return interchange.ImportAsync(Submitter.Member(MemberPrincipal.Of(context).Member), format, request.Document.Memory,
            ImportChoices.Of(request.FallbackTlp, request.Partial, request.AcceptCopies, request.Audience), context.CancellationToken);
    }

    public override async Task<MemberItem> Get(GetItemRequest request, ServerCallContext context)
    {
        var member = MemberPrincipal.Of(context);
        var stored = await VisibleItemAsync(member, request.ItemId, "item_id", context);
        var views = await ViewsAsync(member, [stored], context.CancellationToken);
        return views[0];
    }

    public override async Task<ListItemsResponse> List(ListItemsRequest request, ServerCallContext context)
    {
        var member = MemberPrincipal.Of(context);
        var query = ItemQueries.FromMember(request, vocabulary);
        var page = await itemStore.ListForMemberAsync(member.Viewer, query with { Limit = query.Limit + 1 }, context.CancellationToken);
        var shown = page.Take(query.Limit).ToList();
        var response = new ListItemsResponse
        {
            NextPageToken = page.Count > query.Limit ? PageTokens.Encode(shown[^1].Seq) : "",
        };
        response.Items.AddRange(await ViewsAsync(member, shown, context.CancellationToken));
        return response;
    }

    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<MemberItem> responseStream, ServerCallContext context)
    {
        var member = MemberPrincipal.Of(context);
        var cursor = (long)Math.Min(request.AfterCursor, long.MaxValue);
        // Registered before its first check: revoking the key or disabling the member either wakes this stream or is
        // seen by that check, so the stream never outlives the change.
        using var live = streams.Open(member);
        // Counted open (by door) and followed for the feed lag gauge while it runs (docs/OPERATIONS.md §4).
        using var open = metrics.StreamOpened(MemberAuthenticator.DoorOf(context.GetHttpContext()));
        using var position = streams.Follow(cursor);
        // Long-lived: end it when the node stops; the member resumes from its last cursor.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping, live.Woken);
        try
        {
            await streams.EnsureStandingAsync(member, context);
            // Headers go out at once, before any item: a member system learns the subscription is live (authenticated and
            // registered) without waiting for the first item, which may be hours away.
            await context.WriteResponseHeadersAsync([]);
            await FeedAsync(member, position, request.ExcludeExercise, responseStream, context, stop.Token);
        }
        catch (OperationCanceledException) when (live.Woken.IsCancellationRequested)
        {
            // Woken by a revocation or a disabled member: the check below ends the stream with the reason.
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The member hung up: nobody is left to answer.
            return;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The node is stopping: a normal end, said as such rather than logged as a failure of the handler.
            throw GrpcErrors.Unavailable(ErrorReasons.NodeStopping, string.Format(CultureInfo.InvariantCulture, MembersText.NodeStopping, node.Id, cursor));
        }

        if (live.Woken.IsCancellationRequested)
        {
            await streams.EnsureStandingAsync(member, context);
        }
    }

    private async Task FeedAsync(MemberPrincipal member, FeedPosition position, bool excludeExercise, IServerStreamWriter<MemberItem> responseStream, ServerCallContext context, CancellationToken cancellation)
    {
        var cursor = position.Examined;
        while (!cancellation.IsCancellationRequested)
        {
            // Read LastSeq before querying, so a commit racing with the query still wakes the wait below.
            var seen = itemStore.LastSeq;
            var batch = await itemStore.FeedAsync(member.Viewer, cursor, FeedBatch, cancellation);
            if (batch.Count == 0)
            {
                // Nothing for this member up to what was stored when the query began: caught up that far.
                position.Examined = Math.Max(cursor, seen);
                await itemStore.WaitForItemsAfterAsync(seen, cancellation);
                continue;
            }

            // A member that asked for real work only skips exercise items; its cursor still moves past them (below).
            var shown = excludeExercise ? [.. batch.Where(s => !s.Exercise)] : batch;
            foreach (var view in await ViewsAsync(member, shown, cancellation))
            {
                // Checked before every write: a revocation commits before any item committed after it, so an item read
                // after the change meets this check failing and is never written to the stream.
                await streams.EnsureStandingAsync(member, context);
                await responseStream.WriteAsync(view, cancellation);
                cursor = (long)view.Cursor;
            }

            cursor = Math.Max(cursor, batch[^1].Seq);
            position.Examined = cursor;
        }
    }

    public override async Task<AcknowledgeResponse> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        var member = MemberPrincipal.Of(context);
        if (request.Note.Length > 1000)
        {
            throw GrpcErrors.InvalidArgument("note", MembersText.NoteTooLong);
        }

        var stored = await VisibleItemAsync(member, request.ItemId, "item_id", context);
        // The origin learns that a person here read it: the receipt is queued with the acknowledgement, in one transaction.
        var receipt = await ackReceipts.ForMemberAsync(stored.ItemId, stored.OriginNode, member.Member, request.Note);
        var outcome = await itemStore.AcknowledgeAsync(stored.ItemId, member.Member.MemberId, request.Note, context.CancellationToken,
            work => dispatcher.Enqueue(work, receipt));

        return new AcknowledgeResponse
        {
            AcknowledgedAt = Timestamp.FromDateTimeOffset(outcome.AcknowledgedAt),
            AlreadyAcknowledged = outcome.AlreadyAcknowledged,
        };
    }

    public override Task<WhoAmIResponse> WhoAmI(WhoAmIRequest request, ServerCallContext context)
    {
        var member = MemberPrincipal.Of(context);
        var response = new WhoAmIResponse
        {
            MemberId = member.Member.MemberId,
            NodeId = node.Id,
            NameJa = member.Member.NameJa,
            NameEn = member.Member.NameEn,
            Sector = member.Member.Sector,
            KeyId = member.Key.KeyId,
        };
        response.Tags.AddRange(member.Member.Tags);
        return Task.FromResult(response);
    }

    /// <summary>The node's standing copies, their targets resolved for the caller's sector (docs/MODES.md §2); nothing about any item.</summary>
    public override Task<ListStandingCopiesResponse> ListStandingCopies(ListStandingCopiesRequest request, ServerCallContext context) =>
        Task.FromResult(addressing.StandingCopies(Submitter.Member(MemberPrincipal.Of(context).Member).Facts));

    /// <summary>Member views of stored items, with the member's acknowledgements and, for its own reports, their queue state.</summary>
    private async Task<List<MemberItem>> ViewsAsync(MemberPrincipal member, IReadOnlyList<StoredItem> items, CancellationToken cancellationToken)
    {
        var memberId = member.Member.MemberId;
        var acks = await itemStore.GetAcknowledgementsAsync(memberId, items.Select(i => i.ItemId).ToList(), cancellationToken);
        var own = items.Where(i => i.SubmittedByMember == memberId).Select(i => i.ItemId).ToList();
        var held = own.Count == 0 ? new Dictionary<string, HeldRecord>() : await heldStore.StatesAsync(own, cancellationToken);
        return [.. items.Select(i => ItemViews.ToMemberItem(i, memberId, acks.TryGetValue(i.ItemId, out var at) ? at : null, held.GetValueOrDefault(i.ItemId)))];
    }

    /// <summary>The item if this member may see it; NotFound if it does not exist, PermissionDenied (audited) if it may not.</summary>
    private async Task<StoredItem> VisibleItemAsync(MemberPrincipal member, string itemId, string field, ServerCallContext context)
    {
        if (!Ceptoar.Core.Items.UuidV7.IsValid(itemId))
        {
            throw GrpcErrors.InvalidArgument(field, MembersText.ItemIdInvalid);
        }

        var visible = await itemStore.GetForMemberAsync(itemId, member.Viewer, context.CancellationToken);
        if (visible is not null)
        {
            return visible;
        }

        var exists = await itemStore.GetAsync(itemId, context.CancellationToken);
        if (exists is null)
        {
            throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, MembersText.ItemNotFound, itemId, node.Id));
        }

        await audit.AppendAsync(new AuditRecord(member.Actor, "item.read", itemId, "denied", $"TLP:{TlpTransport.Name(exists.Tlp)} not delivered to this member"));
        throw GrpcErrors.PermissionDenied(ErrorReasons.ItemNotShared, string.Format(CultureInfo.InvariantCulture, MembersText.ItemNotShared, itemId, TlpTransport.Name(exists.Tlp), member.Member.MemberId));
    }
}
