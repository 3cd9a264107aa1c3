using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Net.Http.Headers;

namespace Ceptoar.Node.Members;

/// <summary>
/// Subscribe as server-sent events (docs/INTERCHANGE.md §4). Transcoding streams a server-streaming method as one JSON
/// object per line (newline-delimited JSON) and, when the call fails after it started, the google.rpc.Status as the last
/// line. With "Accept: text/event-stream" the same call (same handler, same key and standing checks, same feed) is
/// reframed: each item becomes an event "item" whose id is the item's cursor, and a final status an event "error". A
/// client that reconnects sends the last id as Last-Event-ID, which becomes after_cursor: the feed resumes after it, with
/// no gap and no duplicate. A call refused before the stream starts keeps its HTTP status and JSON body.
/// </summary>
internal static class EventStream
{
    public const string MediaType = "text/event-stream";

    private const string LastEventId = "Last-Event-ID";

    private const string CursorParameter = "after_cursor";

    public static bool Wanted(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>Turns Last-Event-ID into after_cursor (it wins over the query: it is where the client really is); false when it is not a cursor.</summary>
    public static bool TryResume(HttpRequest request, out string field)
    {
        field = LastEventId;
        var header = request.Headers[LastEventId].ToString();
        if (header.Length == 0)
        {
            return true;
        }

        if (!ulong.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
        {
            return false;
        }

        var query = request.Query.Where(q => !q.Key.Equals(CursorParameter, StringComparison.Ordinal) && !q.Key.Equals("afterCursor", StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>(CursorParameter, cursor.ToString(CultureInfo.InvariantCulture)));
        request.QueryString = QueryString.Create(query);
        return true;
    }

    /// <summary>Runs the transcoded call with its response body reframed as events.</summary>
    public static async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        var original = response.Body;
        await using var framing = new Framing(response, original);
        response.Body = framing;
        response.OnStarting(() =>
        {
            if (response.StatusCode == StatusCodes.Status200OK)
            {
                response.ContentType = MediaType;
                response.Headers.CacheControl = "no-cache";
            }

            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }
    }

    /// <summary>Buffers the transcoded stream to whole lines and writes each as an event (or passes a refusal through).</summary>
    private sealed class Framing(HttpResponse response, Stream inner) : Stream
    {
        private readonly MemoryStream _line = new();
        private bool? _events;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Decided at the first byte: by then the call has set its status (200 for a stream, 4xx for a refusal).
            _events ??= response.StatusCode == StatusCodes.Status200OK;
            if (_events == false)
            {
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            }

            var rest = buffer;
            while (rest.Length > 0)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                if (end < 0)
                {
                    _line.Write(rest.Span);
                    return;
                }

                _line.Write(rest.Span[..end]);
                rest = rest[(end + 1)..];
                await WriteEventAsync(cancellationToken);
            }
        }

        private async Task WriteEventAsync(CancellationToken cancellationToken)
        {
            var line = _line.ToArray();
            _line.SetLength(0);
            if (line.Length == 0)
            {
                return;
            }

            var frame = new StringBuilder();
            if (Cursor(line) is { } cursor)
            {
                frame.Append("id: ").Append(cursor).Append("\nevent: item\n");
            }
            else
            {
                frame.Append("event: error\n");
            }

            frame.Append("data: ").Append(Encoding.UTF8.GetString(line)).Append("\n\n");
            await inner.WriteAsync(Encoding.UTF8.GetBytes(frame.ToString()), cancellationToken);
            await inner.FlushAsync(cancellationToken);
        }

        /// <summary>The cursor of a MemberItem line; null for anything else (the closing google.rpc.Status).</summary>
        private static string? Cursor(byte[] line)
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("item", out _) && root.TryGetProperty("cursor", out var cursor)
                    ? cursor.ValueKind == JsonValueKind.String ? cursor.GetString() : cursor.GetRawText()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _line.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
