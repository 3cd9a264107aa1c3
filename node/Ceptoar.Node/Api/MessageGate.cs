using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Ceptoar.Node.Api;

/// <summary>
/// Answers a unary or server-streaming call whose request is not one valid message of its type with InvalidArgument,
/// naming the message type, and one over Limits:MaxRequestBytes with ResourceExhausted. grpc-dotnet parses requests
/// before any interceptor runs and reports a parse failure (or a broken frame) as "Unknown: Exception was thrown by
/// handler" or Internal, which tells a member nothing and logs a stack trace per hostile request. A compressed message
/// is inflated (bounded) and checked the same way, so every compression the node accepts gets the answer its
/// uncompressed bytes get; an encoding the node does not accept is left to grpc-dotnet, which answers Unimplemented
/// and names the ones it does. Client-streaming calls are checked by their handlers.
/// </summary>
internal static class MessageGate
{
    private const int FrameHeader = 5;

    private static readonly Dictionary<string, MessageDescriptor> UnaryRequests = new[]
        { MemberService.Descriptor, AdminService.Descriptor, FederationService.Descriptor, Grpc.Health.V1.Health.Descriptor }
        .SelectMany(service => service.Methods
            .Where(m => !m.IsClientStreaming)
            .Select(m => ($"/{service.FullName}/{m.Name}", m.InputType)))
        .ToDictionary(x => x.Item1, x => x.InputType, StringComparer.Ordinal);

    public static IApplicationBuilder UseMessageGate(this IApplicationBuilder app, RequestCompression compression) => app.Use(async (context, next) =>
    {
        if (!UnaryRequests.TryGetValue(context.Request.Path.Value ?? "", out var type))
        {
            await next(context);
            return;
        }

        // Read the one frame, bounded: a larger request is refused here as gRPC would, before it is buffered whole. The
        // buffer is pooled (every unary call passes here) and handed to gRPC as the body, so it is returned only after.
        var maxRequestBytes = compression.MaxRequestBytes;
        var limit = maxRequestBytes + FrameHeader;
        var reader = context.Request.BodyReader;
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var length = 0;
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted);
                var data = result.Buffer;
                if (length + data.Length > limit)
                {
                    reader.AdvanceTo(data.End);
                    GrpcErrors.WriteTrailersOnly(context, OversizedMessage.TooLargeStatus(RequestCompression.TooLarge(maxRequestBytes), maxRequestBytes));
                    return;
                }

                if (length + data.Length > buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + (int)data.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                data.CopyTo(buffer.AsSpan(length));
                length += (int)data.Length;
                reader.AdvanceTo(data.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            if (Check(type, buffer.AsMemory(0, length), context.Request.Headers, compression) is { } refusal)
            {
                Refuse(context, refusal, compression.MaxRequestBytes);
                return;
            }

            context.Request.Body = new MemoryStream(buffer, 0, length, writable: false);
            await next(context);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    });

    /// <summary>Null when gRPC may have the request as it is; otherwise the answer.</summary>
    private static Status? Check(MessageDescriptor type, ReadOnlyMemory<byte> frame, IHeaderDictionary headers, RequestCompression compression)
    {
        if (frame.Length < FrameHeader)
        {
            return Invalid(string.Format(CultureInfo.InvariantCulture, ApiText.NotAFrame, frame.Length, type.FullName));
        }

        var declared = BinaryPrimitives.ReadUInt32BigEndian(frame.Span[1..FrameHeader]);
        if (declared > (uint)compression.MaxRequestBytes)
        {
            return new Status(StatusCode.ResourceExhausted, RequestCompression.TooLarge(compression.MaxRequestBytes));
        }

        if (declared != frame.Length - FrameHeader)
        {
            return Invalid(string.Format(CultureInfo.InvariantCulture, ApiText.FrameLengthMismatch, declared, frame.Length - FrameHeader, type.FullName));
        }

        var message = frame[FrameHeader..];
        // Read only for a compressed message: the uncompressed one, the hot path, needs no header.
        var encoding = frame.Span[0] == 1 ? headers["grpc-encoding"].ToString() : "";
        switch (frame.Span[0])
        {
            case 0:
                break;
            case 1 when encoding.Length == 0 || encoding == "identity":
                return Invalid(encoding.Length == 0 ? ApiText.CompressedWithoutEncoding : ApiText.CompressedAsIdentity);
            case 1:
                try
                {
                    // An encoding the node does not accept: grpc-dotnet answers Unimplemented with the ones it does.
                    if (compression.Inflate(encoding, message) is not { } inflated)
                    {
                        return null;
                    }

                    message = inflated;
                }
                catch (CompressedMessageException e)
                {
                    return e.Status;
                }

                break;
            default:
                return Invalid(string.Format(CultureInfo.InvariantCulture, ApiText.CompressedFlagInvalid, frame.Span[0]));
        }

        return Parses(type, message.Span) ? null
            : Invalid(string.Format(CultureInfo.InvariantCulture, ApiText.NotParsable, type.FullName));
    }

    private static Status Invalid(string message) => new(StatusCode.InvalidArgument, message);

    /// <summary>A trailers-only gRPC answer: the gate refuses only a message too large or not one valid message.</summary>
    private static void Refuse(HttpContext context, Status status, int maxRequestBytes) =>
        GrpcErrors.WriteTrailersOnly(context, status.StatusCode == StatusCode.ResourceExhausted
            ? OversizedMessage.TooLargeStatus(status.Detail, maxRequestBytes)
            : GrpcErrors.Status(status.StatusCode, ErrorReasons.MessageInvalid, status.Detail));

    private static bool Parses(MessageDescriptor type, ReadOnlySpan<byte> message)
    {
        try
        {
            type.Parser.ParseFrom(message);
            return true;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
