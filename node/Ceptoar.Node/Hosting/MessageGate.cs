using System.Buffers;
using System.Buffers.Binary;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// Answers a unary call whose request is not a valid message of its type with InvalidArgument, naming the message type.
/// grpc-dotnet parses requests before any interceptor runs and reports a parse failure as "Unknown: Exception was
/// thrown by handler", which tells a member nothing and logs a stack trace per hostile request. Streaming calls are
/// checked by their handlers.
/// </summary>
internal static class MessageGate
{
    private const int FrameHeader = 5;

    private static readonly Dictionary<string, MessageDescriptor> UnaryRequests = new[]
        { MemberService.Descriptor, AdminService.Descriptor, FederationService.Descriptor }
        .SelectMany(service => service.Methods
            .Where(m => !m.IsClientStreaming)
            .Select(m => ($"/{service.FullName}/{m.Name}", m.InputType)))
        .ToDictionary(x => x.Item1, x => x.InputType, StringComparer.Ordinal);

    public static IApplicationBuilder UseMessageGate(this IApplicationBuilder app, int maxRequestBytes) => app.Use(async (context, next) =>
    {
        if (!UnaryRequests.TryGetValue(context.Request.Path.Value ?? "", out var type)
            || context.Request.Headers.ContainsKey("grpc-encoding") && context.Request.Headers["grpc-encoding"] != "identity")
        {
            await next(context);
            return;
        }

        // Read the one frame, bounded: a larger request is refused here as gRPC would, before it is buffered whole. The
        // buffer is pooled (every unary call passes here) and handed to gRPC as the body, so it is returned only after.
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
                    Refuse(context, "8", $"the request is larger than the node's limit of {maxRequestBytes} bytes (Limits:MaxRequestBytes): send less");
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

            var bytes = buffer.AsMemory(0, length);
            if (bytes.Length >= FrameHeader && bytes.Span[0] == 0
                && BinaryPrimitives.ReadUInt32BigEndian(bytes.Span[1..FrameHeader]) == bytes.Length - FrameHeader
                && !Parses(type, bytes[FrameHeader..]))
            {
                Refuse(context, "3", $"the request is not a valid {type.FullName} (malformed protobuf or invalid UTF-8 in a text field): send a well-formed message");
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

    /// <summary>A trailers-only gRPC answer.</summary>
    private static void Refuse(HttpContext context, string status, string message)
    {
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = status;
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    private static bool Parses(MessageDescriptor type, ReadOnlyMemory<byte> message)
    {
        try
        {
            type.Parser.ParseFrom(message.Span);
            return true;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or System.Text.DecoderFallbackException)
        {
            return false;
        }
    }
}
