using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Ceptoar.Node.Federation.Directory;

/// <summary>
/// FederationService's Exchange and Fetch as this node calls and serves them: with frames (proto/ceptoar/federation/frames/v1/frames.proto) that are
/// Batch and FetchResponse on the wire but keep each envelope as its bytes. An envelope is parsed once when it arrives and
/// stored, relayed and served as the exact bytes its sender sent; nothing is re-serialised to be checked or stored
/// (docs/PROTOCOL.md §10, "Envelopes as bytes").
/// </summary>
internal static class FederationFrames
{
    public static readonly Method<BatchFrame, BatchAck> Exchange = new(
        MethodType.DuplexStreaming, FederationService.Descriptor.FullName, "Exchange", For(BatchFrame.Parser), For(BatchAck.Parser));

    public static readonly Method<FetchRequest, FetchResponseFrame> Fetch = new(
        MethodType.Unary, FederationService.Descriptor.FullName, "Fetch", For(FetchRequest.Parser), For(FetchResponseFrame.Parser));

    /// <summary>The bytes of a stored envelope as a frame field, without copying them.</summary>
    public static ByteString Bytes(byte[] envelope) => UnsafeByteOperations.UnsafeWrap(envelope);

    /// <summary>Marshals a message the way generated gRPC code does: straight into and out of the transport's buffers.</summary>
    private static Marshaller<T> For<T>(MessageParser<T> parser)
        where T : IMessage<T>, IBufferMessage =>
        Marshallers.Create<T>(
            (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    /// <summary>
    /// Binds FederationService as generated, except Exchange and Fetch, which are bound with their frames: grpc-dotnet then
    /// calls the service's Exchange(IAsyncStreamReader&lt;BatchFrame&gt;, …) and Fetch(FetchRequest, …) returning a frame.
    /// </summary>
    public sealed class Binder(ServiceBinderBase inner) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            if (method.FullName == Fetch.FullName)
            {
                inner.AddMethod(Fetch, (UnaryServerMethod<FetchRequest, FetchResponseFrame>?)null);
            }
            else
            {
                inner.AddMethod(method, handler);
            }
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            inner.AddMethod(method, handler);

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            if (method.FullName == Exchange.FullName)
            {
                inner.AddMethod(Exchange, (DuplexStreamingServerMethod<BatchFrame, BatchAck>?)null);
            }
            else
            {
                inner.AddMethod(method, handler);
            }
        }
    }
}
