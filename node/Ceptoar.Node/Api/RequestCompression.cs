using System.Globalization;
using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Ceptoar.Node.Api;

/// <summary>
/// The request compressions the node accepts, grpc-dotnet's defaults (gzip and deflate), with inflation bounded by
/// Limits:MaxRequestBytes and failures that say what happened. Through these the message gate inflates a unary request to
/// check it, and a streamed message past the limit is told apart from one whose frame was over it (the exchange handler
/// must then not read on to discard a frame: the whole compressed frame was already read). A stream that is not valid in
/// its encoding is InvalidArgument; grpc-dotnet let its InvalidDataException through as "Unknown" with a stack trace.
/// </summary>
internal sealed class RequestCompression
{
    private readonly Dictionary<string, ICompressionProvider> _byName;

    public RequestCompression(int maxRequestBytes)
    {
        MaxRequestBytes = maxRequestBytes;
        Providers =
        [
            new Bounded(new GzipCompressionProvider(CompressionLevel.Fastest), maxRequestBytes),
            new Bounded(new DeflateCompressionProvider(CompressionLevel.Fastest), maxRequestBytes),
        ];
        _byName = Providers.ToDictionary(p => p.EncodingName, StringComparer.Ordinal);
    }

    public int MaxRequestBytes { get; }

    /// <summary>For GrpcServiceOptions.CompressionProviders: every service reads compressed messages through these.</summary>
    public IReadOnlyList<ICompressionProvider> Providers { get; }

    /// <summary>The message as the sender wrote it; null when the encoding is not one the node accepts.</summary>
    /// <exception cref="CompressedMessageException">It inflates beyond the limit, or is not valid in its encoding.</exception>
    public byte[]? Inflate(string encoding, ReadOnlyMemory<byte> compressed)
    {
        if (!_byName.TryGetValue(encoding, out var provider))
        {
            return null;
        }

        using var input = new ReadOnlyMemoryStream(compressed);
        using var inflating = provider.CreateDecompressionStream(input);
        using var output = new MemoryStream();
        inflating.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>What a request over the limit is told, compressed or not.</summary>
    public static string TooLarge(int maxRequestBytes) => string.Format(CultureInfo.InvariantCulture, ApiText.TooLarge, maxRequestBytes);

    private sealed class Bounded(ICompressionProvider inner, int maxBytes) : ICompressionProvider
    {
        public string EncodingName => inner.EncodingName;

        public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

        public Stream CreateDecompressionStream(Stream stream) => new BoundedInflation(inner.CreateDecompressionStream(stream), maxBytes, inner.EncodingName);
    }

    /// <summary>Reads an inflating stream and stops, with the status to answer, past the limit or at invalid data.</summary>
    private sealed class BoundedInflation(Stream inner, int maxBytes, string encoding) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new CompressedMessageException(StatusCode.InvalidArgument, string.Format(CultureInfo.InvariantCulture, ApiText.DoesNotDecompress, encoding, e.Message));
            }

            _read += read;
            return _read > maxBytes ? throw new CompressedMessageException(StatusCode.ResourceExhausted, TooLarge(maxBytes)) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>A read-only stream over memory the caller owns (the gate's pooled buffer), without copying it.</summary>
    private sealed class ReadOnlyMemoryStream(ReadOnlyMemory<byte> memory) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => memory.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var take = Math.Min(buffer.Length, memory.Length - _position);
            memory.Span.Slice(_position, take).CopyTo(buffer);
            _position += take;
            return take;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A compressed request message the node refuses, with the status to answer: it is an RpcException, so any handler's caller gets that status.</summary>
internal sealed class CompressedMessageException(StatusCode code, string message) : RpcException(new Status(code, message));
