using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Federation;

/// <summary>The node-to-node API (behind the federation gate): descriptors, the batch exchange stream, fetch by id.</summary>
internal sealed class FederationApi(NodeContext node, NodeDirectory directory, InboundProcessor inbound, IHostApplicationLifetime lifetime, QueryAnswerer queries) : FederationService.FederationServiceBase
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
            await node.Audit.AppendAsync(new AuditRecord("peer:" + peer, "descriptor.receive", peer, "rejected", check.Problem));
            throw GrpcErrors.InvalidArgument("descriptor", check.Problem);
        }

        if (check.Descriptor!.NodeId != peer)
        {
            throw GrpcErrors.PermissionDenied($"the descriptor is for '{check.Descriptor.NodeId}' but the connection is from '{peer}'");
        }

        foreach (var known in request.KnownDescriptors)
        {
            await directory.AcceptAsync(known, context.CancellationToken);
        }

        var response = new HelloResponse { NodeDescriptor = directory.Own.Envelope };
        response.KnownDescriptors.AddRange(directory.AllEnvelopes());
        return response;
    }

    public override async Task Exchange(IAsyncStreamReader<Batch> requestStream, IServerStreamWriter<BatchAck> responseStream, ServerCallContext context)
    {
        var peer = FederationGate.PeerOf(context.GetHttpContext());
        // Long-lived: end it when the node stops, or shutdown would wait for the peer to hang up.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await ExchangePipeline.RunAsync(peer, inbound, requestStream, responseStream, stop.Token);
        }
        catch (CompressedMessageException e)
        {
            // A compressed batch that inflates past the limit (its frame was read whole: nothing to discard) or does not inflate.
            throw e.StatusCode == StatusCode.ResourceExhausted
                ? GrpcErrors.ResourceExhausted(OversizedMessage.Refusal("ceptoar.federation.v1.Batch", node.Limits.MaxRequestBytes))
                : GrpcErrors.InvalidArgument("batch", $"is not a valid ceptoar.federation.v1.Batch ({e.Status.Detail}): the stream is closed; fix the sender");
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            // Only the request reader says this here: the batch's frame is over Limits:MaxRequestBytes.
            throw await OversizedMessage.DiscardAndRefuseAsync(context.GetHttpContext(), "ceptoar.federation.v1.Batch", node.Limits.MaxRequestBytes);
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or System.Text.DecoderFallbackException)
        {
            // A frame that is not a Batch: the peer's software is broken or hostile; say so instead of "Unknown".
            throw GrpcErrors.InvalidArgument("batch", $"is not a valid ceptoar.federation.v1.Batch ({e.Message}): the stream is closed; fix the sender");
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // The node is stopping: a normal end of the stream. The peer's unacknowledged batch stays in its outbox.
            throw new RpcException(new Status(StatusCode.Unavailable, $"{node.NodeId} is shutting down; send the batch again after it restarts"));
        }
    }

    public override async Task<FetchResponse> Fetch(FetchRequest request, ServerCallContext context)
    {
        var peer = FederationGate.PeerOf(context.GetHttpContext());
        if (request.ItemIds.Count > 1000)
        {
            throw GrpcErrors.InvalidArgument("item_ids", "at most 1000 ids per call: fetch in parts");
        }

        var response = new FetchResponse();
        var view = directory.View();
        foreach (var id in request.ItemIds.Distinct(StringComparer.Ordinal))
        {
            var stored = UuidV7.IsValid(id) ? await node.Items.GetAsync(id, context.CancellationToken) : null;
            // Only what the asking peer would accept from this node on this path; everything else is "missing".
            if (stored is not null && FetchPolicy.MayServe(stored, Envelope.Parser.ParseFrom(stored.EnvelopeBytes), peer, view, node.Time.GetUtcNow(), node.TimePolicy))
            {
                response.Envelopes.Add(new RelayedEnvelope { Envelope = Envelope.Parser.ParseFrom(stored.EnvelopeBytes), ItemId = id, Hops = { node.NodeId } });
            }
            else
            {
                response.Missing.Add(id);
            }
        }

        return response;
    }

    public override Task<QueryResponse> Query(QueryRequest request, ServerCallContext context) =>
        queries.AnswerAsync(FederationGate.PeerOf(context.GetHttpContext()), request, context.CancellationToken);
}
