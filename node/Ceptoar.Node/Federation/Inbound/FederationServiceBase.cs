using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Grpc.Core;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// FederationService as this node serves it: the generated binding, except that Exchange reads BatchFrames and Fetch
/// answers with a FetchResponseFrame (<see cref="FederationFrames"/>). grpc-dotnet finds the handlers as overrides of
/// these abstract methods, as it does for a generated base class.
/// </summary>
[BindServiceMethod(typeof(FederationServiceBase), nameof(BindService))]
internal abstract class FederationServiceBase
{
    public abstract Task<HelloResponse> Hello(HelloRequest request, ServerCallContext context);

    public abstract Task Exchange(IAsyncStreamReader<BatchFrame> requestStream, IServerStreamWriter<BatchAck> responseStream, ServerCallContext context);

    public abstract Task<FetchResponseFrame> Fetch(FetchRequest request, ServerCallContext context);

    public abstract Task<QueryResponse> Query(QueryRequest request, ServerCallContext context);

    public abstract Task<PutCheckpointResponse> PutCheckpoint(PutCheckpointRequest request, ServerCallContext context);

    public abstract Task<ListCheckpointsResponse> ListCheckpoints(ListCheckpointsRequest request, ServerCallContext context);

    public abstract Task<CatchUpResponse> CatchUp(CatchUpRequest request, ServerCallContext context);

    /// <summary>
    /// The service's descriptor, which JSON transcoding reads from every service's base class: it finds no HTTP route in it
    /// (the federation API is gRPC only, docs/INTERCHANGE.md §4), and without it logs a warning at every start.
    /// </summary>
    public static Google.Protobuf.Reflection.ServiceDescriptor Descriptor => FederationService.Descriptor;

    /// <summary>Called by grpc-dotnet (with a null service) to learn the methods and their messages.</summary>
    public static void BindService(ServiceBinderBase binder, FederationServiceBase? service) =>
        FederationService.BindService(new FederationFrames.Binder(binder), null);
}
