using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// Items as STIX 2.1 (docs/INTERCHANGE.md §1): pure and allocation-light, written with one Utf8JsonWriter so that a bundle
/// of 100,000 items streams out without an object model. The caller has already decided what the reader may see
/// (docs/TLP.md §4); this only writes it, and writes a withdrawn item without its body.
/// </summary>
public static class StixExport
{
    /// <summary>application/stix+json;version=2.1 (TAXII 2.1 and STIX 2.1 §3.2).</summary>
    public const string MediaType = "application/stix+json;version=2.1";

    // The output is a JSON document served as application/stix+json, never embedded in HTML or script, so Japanese text
    // is written as UTF-8 instead of \u escapes (a third of the size); JSON's own escapes (quote, backslash, controls) stay.
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>
    /// A whole bundle, UTF-8: the TLP markings and identities the items refer to, then each item's own objects. The
    /// extension-definition is not in it (a bundle holding one fails the OASIS schemas, docs/INTERCHANGE.md §1.5).
    /// </summary>
    public static byte[] Bundle(IReadOnlyList<ExportedItem> items, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(context);
        // About 2 KB per item with two indicators (measured): one growth at most for typical items.
        var buffer = new ArrayBufferWriter<byte>(4096 + (items.Count * 2048));
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteBundle(items, context, writer, null);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The same bundle written to <paramref name="output"/> as it is made, flushed every 64 KiB: a large export never
    /// holds the whole document in memory.
    /// </summary>
    public static void Bundle(IReadOnlyList<ExportedItem> items, ExportContext context, Stream output)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(output);
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        WriteBundle(items, context, writer, 64 * 1024);
    }

    private static void WriteBundle(IReadOnlyList<ExportedItem> items, ExportContext context, Utf8JsonWriter writer, int? flushAt)
    {
        writer.WriteStartObject();
        writer.WriteString("type"u8, "bundle"u8);
        writer.WriteString("id"u8, StixIds.Bundle(context.NodeId, context.Now, items.Count, items.Count == 0 ? string.Empty : items[0].Item.Id));
        // "objects" must hold at least one object when present (docs/INTERCHANGE.md §1.2): an empty export has none.
        if (items.Count > 0)
        {
            writer.WriteStartArray("objects"u8);
            var sink = new BundleSink(writer);
            StixSharedWriter.Write(items, sink, withDefinition: false);
            foreach (var item in items)
            {
                StixItemWriter.Write(item, sink);
                if (writer.BytesPending >= flushAt)
                {
                    writer.Flush();
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.Flush();
    }

    /// <summary>The item's own objects: its report, indicators and vulnerabilities (a withdrawn item: its report only).</summary>
    public static IReadOnlyList<StixObject> ItemObjects(ExportedItem item, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var sink = new ListSink();
        StixItemWriter.Write(item, sink);
        return sink.Objects;
    }

    /// <summary>
    /// The objects the items refer to besides their own: the TLP 2.0 marking-definitions, the origin nodes' and reporters'
    /// identities, the 5W1H extension-definition and the federation identity that defines it. Each once. Unlike
    /// <see cref="Bundle(IReadOnlyList{ExportedItem}, ExportContext)"/>, this includes the extension-definition: a TAXII collection serves it for clients to fetch.
    /// </summary>
    public static IReadOnlyList<StixObject> SharedObjects(IEnumerable<ExportedItem> items, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(context);
        var sink = new ListSink();
        StixSharedWriter.Write(items as IReadOnlyList<ExportedItem> ?? items.ToList(), sink, withDefinition: true);
        return sink.Objects;
    }
}

/// <summary>Where the writers put each object: one bundle's array, or one buffer per object.</summary>
internal interface IStixSink
{
    Utf8JsonWriter Begin(string id, string type, DateTimeOffset modified);

    void End();
}

internal sealed class BundleSink(Utf8JsonWriter writer) : IStixSink
{
    public Utf8JsonWriter Begin(string id, string type, DateTimeOffset modified) => writer;

    public void End()
    {
    }
}

internal sealed class ListSink : IStixSink
{
    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private Utf8JsonWriter? _writer;
    private (string Id, string Type, DateTimeOffset Modified) _current;

    public List<StixObject> Objects { get; } = [];

    public Utf8JsonWriter Begin(string id, string type, DateTimeOffset modified)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer, StixExport.WriterOptions);
        }
        else
        {
            _writer.Reset(_buffer);
        }

        _current = (id, type, modified);
        return _writer;
    }

    public void End()
    {
        _writer!.Flush();
        Objects.Add(new StixObject(_current.Id, _current.Type, _current.Modified, _buffer.WrittenSpan.ToArray()));
    }
}
