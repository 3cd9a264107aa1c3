using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace Ceptoar.Testing;

/// <summary>The status a node answered a raw request with, and how many response bytes came before it.</summary>
internal sealed record RawGrpcAnswer(StatusCode Status, string Detail, int ResponseBytes)
{
    public override string ToString() => $"{Status} \"{Detail}\"";
}

/// <summary>
/// gRPC calls as plain HTTP/2 requests: a test chooses every byte of the body (the frame header with its compressed flag,
/// the message, compressed or not) and the grpc-encoding header, which no gRPC client lets it do.
/// </summary>
internal sealed class RawGrpcClient(HttpMessageHandler handler, string endpoint, string? apiKey = null) : IDisposable
{
    private readonly HttpClient _http = new(handler) { BaseAddress = new Uri(endpoint) };

    /// <summary>Sends the body as the request of the method at path ("/package.Service/Method") and reads the answer to its end.</summary>
    public async Task<RawGrpcAnswer> CallAsync(string path, byte[] body, string? encoding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (encoding is not null)
        {
            request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        }

        if (apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", "Bearer " + apiKey);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var content = await response.Content.ReadAsByteArrayAsync(timeout.Token);
        // A trailers-only answer carries the status in the headers; otherwise it comes in the trailers.
        var status = Value(response.TrailingHeaders, "grpc-status") ?? Value(response.Headers, "grpc-status")
            ?? throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode} without a grpc-status");
        var detail = Value(response.TrailingHeaders, "grpc-message") ?? Value(response.Headers, "grpc-message") ?? "";
        return new RawGrpcAnswer((StatusCode)int.Parse(status, CultureInfo.InvariantCulture), Uri.UnescapeDataString(detail), content.Length);
    }

    public void Dispose() => _http.Dispose();

    private static string? Value(HttpHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.First() : null;
}

/// <summary>gRPC message frames (a compressed flag, a 4-byte big-endian length, the message) and the compressions nodes accept.</summary>
internal static class GrpcFrames
{
    /// <summary>The encodings grpc-dotnet accepts by default, the ones a node must answer as it answers uncompressed bytes.</summary>
    public static readonly string[] Encodings = ["gzip", "deflate"];

    public static byte[] Frame(byte[] message, byte compressedFlag = 0)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressedFlag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>The message compressed as the encoding names it, framed with the compressed flag set.</summary>
    public static byte[] Compressed(byte[] message, string encoding) => Frame(Compress(message, encoding), compressedFlag: 1);

    public static byte[] Compress(byte[] message, string encoding) => Compress(encoding, compressing => compressing.Write(message));

    /// <summary>Zeros, compressed: about a kilobyte per megabyte they inflate to.</summary>
    public static byte[] Bomb(int inflatedBytes, string encoding) => Compress(encoding, compressing =>
    {
        var zeros = new byte[1024 * 1024];
        for (var left = inflatedBytes; left > 0; left -= zeros.Length)
        {
            compressing.Write(zeros, 0, Math.Min(left, zeros.Length));
        }
    });

    /// <summary>gzip is RFC 1952; deflate, as gRPC uses it, is zlib (RFC 1950).</summary>
    private static byte[] Compress(string encoding, Action<Stream> write)
    {
        using var output = new MemoryStream();
        using (Stream compressing = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true),
            _ => throw new ArgumentException($"no compression named {encoding}", nameof(encoding)),
        })
        {
            write(compressing);
        }

        return output.ToArray();
    }
}
