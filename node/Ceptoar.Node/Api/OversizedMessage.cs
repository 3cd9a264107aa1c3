using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Grpc.Core;

namespace Ceptoar.Node.Api;

/// <summary>
/// Answers a streaming request message over Limits:MaxRequestBytes so that the sender actually reads ResourceExhausted.
/// grpc-dotnet refuses the message after reading only its 5-byte frame header; the call then ends while the sender is
/// still writing the rest, HTTP/2 resets the stream, and the sender's client reports its own write as Cancelled, with no
/// word of the limit. Reading and discarding the rest of that one frame (bounded) lets the write finish, so the sender
/// sees the status and the message that says what to do.
/// </summary>
internal static class OversizedMessage
{
    private const int FrameHeader = 5;

    /// <summary>Frames declared larger than this are not read through: the stream is reset as before.</summary>
    private const long MaxDiscardBytes = 64L * 1024 * 1024;

    private static readonly TimeSpan DiscardDeadline = TimeSpan.FromSeconds(30);

    public static async Task<RpcException> DiscardAndRefuseAsync(HttpContext context, string messageType, int maxRequestBytes)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline.CancelAfter(DiscardDeadline);
        try
        {
            await DiscardFrameAsync(context.Request.BodyReader, deadline.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The sender went away or is too slow: nothing more to read; the answer below is still the right one.
        }

        return TooLarge(Refusal(messageType, maxRequestBytes), maxRequestBytes);
    }

    /// <summary>The ResourceExhausted of every request over Limits:MaxRequestBytes (streamed, unary, REST).</summary>
    public static RpcException TooLarge(string message, int maxRequestBytes) => TooLargeStatus(message, maxRequestBytes).ToRpcException();

    /// <summary>The status of <see cref="TooLarge"/>, for the gates that answer trailers-only. No RetryInfo: the same request never fits.</summary>
    public static Google.Rpc.Status TooLargeStatus(string message, int maxRequestBytes) => GrpcErrors.Status(
        StatusCode.ResourceExhausted,
        ErrorReasons.RequestTooLarge,
        message,
        new Dictionary<string, string> { ["limit_bytes"] = maxRequestBytes.ToString(CultureInfo.InvariantCulture), ["setting"] = "Limits:MaxRequestBytes" });

    /// <summary>What the sender of a streamed message over the limit is told, compressed or not.</summary>
    public static string Refusal(string messageType, int maxRequestBytes) =>
        string.Format(CultureInfo.InvariantCulture, ApiText.StreamedTooLarge, messageType, maxRequestBytes);

    /// <summary>Reads the refused frame's header (still unread in the pipe) and skips the frame's body.</summary>
    private static async Task DiscardFrameAsync(System.IO.Pipelines.PipeReader reader, CancellationToken cancellationToken)
    {
        var header = await reader.ReadAtLeastAsync(FrameHeader, cancellationToken);
        if (header.Buffer.Length < FrameHeader)
        {
            reader.AdvanceTo(header.Buffer.Start, header.Buffer.End);
            return;
        }

        Span<byte> bytes = stackalloc byte[FrameHeader];
        header.Buffer.Slice(0, FrameHeader).CopyTo(bytes);
        var remaining = FrameHeader + (long)BinaryPrimitives.ReadUInt32BigEndian(bytes[1..]);
        if (remaining > MaxDiscardBytes + FrameHeader)
        {
            reader.AdvanceTo(header.Buffer.Start, header.Buffer.End);
            return;
        }

        var buffer = header.Buffer;
        while (true)
        {
            var take = Math.Min(remaining, buffer.Length);
            remaining -= take;
            reader.AdvanceTo(buffer.GetPosition(take));
            if (remaining == 0)
            {
                return;
            }

            var result = await reader.ReadAsync(cancellationToken);
            buffer = result.Buffer;
            if (result.IsCompleted && buffer.Length < remaining)
            {
                reader.AdvanceTo(buffer.End);
                return;
            }
        }
    }
}
