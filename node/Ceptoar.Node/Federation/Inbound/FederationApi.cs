using Ceptoar.Core.Items;
using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Query;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// The node-to-node API (behind the federation gate): descriptors, the batch exchange stream, fetch by id, queries.
/// FederationService as proto/ceptoar/federation/v1/federation.proto declares it, with Exchange and Fetch bound to their frames
/// (<see cref="FederationServiceBase"/>), so envelopes arrive and leave as their exact bytes.
/// </summary>
internal sealed class FederationApi(AuditLog audit, LimitsOptions limits, NodeOptions node, TimeProvider time, HeldStore heldStore, ItemStore itemStore, NodeDirectory directory, RevocationBook revocations, InboundProcessor inbound, IHostApplicationLifetime lifetime, QueryAnswerer queries, LifecycleAnswers lifecycle, NodeMetrics metrics) : FederationServiceBase
{
    public override async Task<HelloResponse> Hello(HelloRequest request, ServerCallContext context)
    {
        var peer = FederationGate.PeerOf(context.GetHttpContext());
        if (request.NodeDescriptor is null)
        {
            throw GrpcErrors.InvalidArgument("descriptor", "is missing: send this node's signed descriptor");
        }

        var check = await directory.AcceptAsync(request.NodeDescriptor, context.CancellationToken);
        if (!check.Valid)
        {
            // A peer's own descriptor refused (forged, untimely, or claiming a role its certificates do not certify): audited.
            await audit.AppendAsync(new AuditRecord("peer:" + peer, "descriptor.receive", peer, "rejected", check.Problem));
            throw GrpcErrors.InvalidArgument("descriptor", check.Problem);
        }

        if (check.Descriptor!.NodeId != peer)
        {
            throw GrpcErrors.PermissionDenied(ErrorReasons.DescriptorMismatch, $"the descriptor is for '{check.Descriptor.NodeId}' but the connection is from '{peer}'");
        }

        foreach (var known in request.KnownDescriptors)
        {
            await directory.AcceptAsync(known, context.CancellationToken);
        }

        if (request.RevocationList is { } peerList)
        {
            await revocations.AcceptAsync(peerList, "peer:" + peer, context.CancellationToken);
        }

        var response = new HelloResponse { NodeDescriptor = directory.Own.Envelope, RevocationList = revocations.Current?.Envelope };
        response.KnownDescriptors.AddRange(directory.AllEnvelopes());
        return response;
    }

    public override async Task Exchange(IAsyncStreamReader<BatchFrame> requestStream, IServerStreamWriter<BatchAck> responseStream, ServerCallContext context)
    {
        var peer = FederationGate.PeerOf(context.GetHttpContext());
        // Long-lived: end it when the node stops, or shutdown would wait for the peer to hang up; and when the peer loses
        // its standing (removed, its certificate revoked or expired), with the status a new call would get.
        var call = FederationGate.CallOf(context.GetHttpContext());
        call.EndsItself = true;
        using var open = metrics.StreamOpened(NodeMetrics.Doors.Federation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping, call.Woken);
        try
        {
            await ExchangePipeline.RunAsync(peer, inbound, requestStream, responseStream, stop.Token);
        }
        catch (Exception) when (call.Woken.IsCancellationRequested)
        {
            // Whatever the wake-up interrupted (a read, a commit, an acknowledgement), the stream ends for the peer's standing.
            throw await FederationGate.EndAsync(context.GetHttpContext());
        }
        catch (CompressedMessageException e)
        {
            // A compressed batch that inflates past the limit (its frame was read whole: nothing to discard) or does not inflate.
            throw e.StatusCode == StatusCode.ResourceExhausted
                ? OversizedMessage.TooLarge(OversizedMessage.Refusal("ceptoar.federation.v1.Batch", limits.MaxRequestBytes), limits.MaxRequestBytes)
                : GrpcErrors.InvalidArgument("batch", $"is not a valid ceptoar.federation.v1.Batch ({e.Status.Detail}): the stream is closed; fix the sender");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            // Only the request reader says this here: the batch's frame is over Limits:MaxRequestBytes.
            throw await OversizedMessage.DiscardAndRefuseAsync(context.GetHttpContext(), "ceptoar.federation.v1.Batch", limits.MaxRequestBytes);
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or System.Text.DecoderFallbackException)
        {
            // A frame that is not a Batch: the peer's software is broken or hostile; say so instead of "Unknown".
            throw GrpcErrors.InvalidArgument("batch", $"is not a valid ceptoar.federation.v1.Batch ({e.Message}): the stream is closed; fix the sender");
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The node is stopping: a normal end of the stream. The peer's unacknowledged batch stays in its outbox.
            throw GrpcErrors.Unavailable(ErrorReasons.NodeStopping, $"{node.Id} is shutting down; send the batch again after it restarts");
        }
    }

    public override async Task<FetchResponseFrame> Fetch(FetchRequest request, ServerCallContext context)
    {
        var peer = FederationGate.PeerOf(context.GetHttpContext());
        if (request.ItemIds.Count > FetchPolicy.MaxIds)
        {
            throw GrpcErrors.InvalidArgument("item_ids", $"at most {FetchPolicy.MaxIds} ids per call: fetch in parts");
        }

        var response = new FetchResponseFrame();
        var view = directory.View();
        var now = time.GetUtcNow();
        var ids = request.ItemIds.Distinct(StringComparer.Ordinal).ToList();
        var held = await heldStore.StatesAsync([.. ids.Where(UuidV7.IsValid)], context.CancellationToken);
        var refused = new List<(string Id, string Why)>();
        foreach (var id in ids)
        {
            var stored = UuidV7.IsValid(id) ? await itemStore.GetAsync(id, context.CancellationToken) : null;
            // Parsed to be judged; served as the stored bytes.
            var envelope = stored is null ? null : Envelope.Parser.ParseFrom(stored.EnvelopeBytes);
            // Only what this node would have sent the asking peer itself; everything else is "missing", held or unknown alike.
            var refusal = envelope is null ? "not stored here"
                // A revoked item's body is fetched from no holder (docs/LIFECYCLE.md §1).
                : stored!.Withdrawn is { IsRevoked: true } ? "revoked by its origin"
                : FetchPolicy.Refusal(envelope, held.GetValueOrDefault(id)?.State, peer, view, now);
            if (refusal is null)
            {
                response.Envelopes.Add(new RelayedEnvelopeFrame { Envelope = FederationFrames.Bytes(stored!.EnvelopeBytes), ItemId = id, Hops = { node.Id } });
            }
            else
            {
                response.Missing.Add(id);
                refused.Add((id.Length <= 40 ? id : id[..40] + "…", refusal));
            }
        }

        if (refused.Count > 0)
        {
            // One entry per call, naming why each id was refused; the peer was told only "missing".
            var listed = string.Join(", ", refused.Take(20).Select(r => $"{r.Id} ({r.Why})")) + (refused.Count > 20 ? $" and {refused.Count - 20} more" : "");
            await audit.AppendAsync(new AuditRecord("peer:" + peer, "item.fetch", refused.Count == 1 ? refused[0].Id : $"{refused.Count} items", "refused",
                "answered missing: " + listed));
        }

        return response;
    }

    public override Task<QueryResponse> Query(QueryRequest request, ServerCallContext context) =>
        queries.AnswerAsync(FederationGate.PeerOf(context.GetHttpContext()), request, context.CancellationToken);

    public override Task<PutCheckpointResponse> PutCheckpoint(PutCheckpointRequest request, ServerCallContext context) =>
        lifecycle.KeepCheckpointAsync(FederationGate.PeerOf(context.GetHttpContext()), request, context.CancellationToken);

    public override Task<ListCheckpointsResponse> ListCheckpoints(ListCheckpointsRequest request, ServerCallContext context) =>
        lifecycle.ListCheckpointsAsync(FederationGate.PeerOf(context.GetHttpContext()), context.CancellationToken);

    public override Task<CatchUpResponse> CatchUp(CatchUpRequest request, ServerCallContext context) =>
        lifecycle.CatchUpAsync(FederationGate.PeerOf(context.GetHttpContext()), request, context.CancellationToken);
}
