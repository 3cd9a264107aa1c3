using System.Buffers.Text;
using System.Text.Json;
using System.Text.Unicode;
using Ceptoar.Core.Items;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// A STIX 2.1 bundle as drafts (docs/INTERCHANGE.md §1.6): each report with the indicators and vulnerabilities it refers
/// to becomes one draft; indicators no report refers to are grouped into related-information drafts. Pure: the node
/// submits the drafts through its normal path (validation, rules, signing, audit). A document that cannot be read at all
/// throws <see cref="ImportDocumentException"/>; every object that cannot be mapped is an <see cref="ImportRefusal"/>.
/// </summary>
public static class StixImport
{
    /// <summary>Nesting a bundle never needs; deeper documents are refused before they are walked.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most objects one import takes (20 drafts of 1,000 indicators at most).</summary>
    public const int MaxObjects = 20_000;

    /// <summary>Reads a bundle with the default item limits.</summary>
    public static ImportOutcome Read(ReadOnlySpan<byte> document, ImportOptions options) => Read(document, options, new ItemLimits());

    /// <summary>Reads a bundle; texts and lists over <paramref name="limits"/> are refused with the field named.</summary>
    public static ImportOutcome Read(ReadOnlySpan<byte> document, ImportOptions options, ItemLimits limits)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(limits);
        if (document.Length > options.MaxDocumentBytes)
        {
            throw Refused("document", "too_large", nameof(InterchangeText.TooLarge), document.Length, options.MaxDocumentBytes);
        }

        if (document.StartsWith("\uFEFF"u8))
        {
            document = document[3..];
        }

        if (!Utf8.IsValid(document))
        {
            throw Refused("document", "not_utf8", nameof(InterchangeText.NotUtf8));
        }

        switch (Scan(document, MaxDepth))
        {
            case ScanProblem.TooDeep:
                throw Refused("document", "too_deep", nameof(InterchangeText.TooDeep), MaxDepth);
            case ScanProblem.LoneSurrogate:
                throw Refused("document", "not_utf8", nameof(InterchangeText.LoneSurrogate));
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(document.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth + 1 });
        }
        catch (JsonException e)
        {
            throw Refused("document", "not_json", nameof(InterchangeText.NotJson), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Refused("$", "not_bundle", nameof(InterchangeText.NotBundle));
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
            {
                throw Refused("$.type", "not_bundle", nameof(InterchangeText.NotBundle));
            }

            if (type.GetString() != "bundle")
            {
                throw Refused("$.type", "not_bundle", nameof(InterchangeText.SingleObject), type.GetString());
            }

            if (!root.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString()!.Length == 0)
            {
                throw Refused("$.id", "not_bundle", nameof(InterchangeText.NotBundle));
            }

            if (!root.TryGetProperty("objects", out var objects) || objects.ValueKind == JsonValueKind.Null)
            {
                return new ImportOutcome([], []);
            }

            if (objects.ValueKind != JsonValueKind.Array)
            {
                throw new ImportDocumentException("$.objects", "bad_field",
                    StixText.Format(nameof(InterchangeText.FieldType), "$.objects", StixText.Format(nameof(InterchangeText.TypeArray))));
            }

            var count = objects.GetArrayLength();
            if (count > MaxObjects)
            {
                throw Refused("$.objects", "too_many_objects", nameof(InterchangeText.TooManyObjects), count, MaxObjects);
            }

            return new StixBundleReader(id.GetString()!, options, limits).Read(objects);
        }
    }

    internal static ImportDocumentException Refused(string field, string code, string key, params object?[] args) =>
        new(field, code, StixText.Format(key, args));

    private enum ScanProblem
    {
        None,
        TooDeep,
        LoneSurrogate,
    }

    // One pass before parsing: brackets outside strings are counted, so a hostile nesting is refused without a parser's
    // recursion; \u escapes inside strings are checked, since a lone surrogate parses but cannot be read as a string.
    private static ScanProblem Scan(ReadOnlySpan<byte> json, int maxDepth)
    {
        var depth = 0;
        var inString = false;
        var pendingHigh = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                var escape = b == (byte)'\\' && i + 1 < json.Length ? json[i + 1] : (byte)0;
                var unit = escape == (byte)'u' && i + 5 < json.Length && Utf8Parser.TryParse(json.Slice(i + 2, 4), out ushort hex, out var used, 'x') && used == 4
                    ? hex
                    : (int?)null;
                var isHigh = unit is >= 0xD800 and <= 0xDBFF;
                var isLow = unit is >= 0xDC00 and <= 0xDFFF;
                if (pendingHigh != isLow || (isHigh && pendingHigh))
                {
                    return ScanProblem.LoneSurrogate;
                }

                pendingHigh = isHigh;
                if (escape != 0)
                {
                    i += unit is null ? 1 : 5;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                if (++depth > maxDepth)
                {
                    return ScanProblem.TooDeep;
                }
            }
            else if (b is (byte)'}' or (byte)']')
            {
                depth--;
            }
        }

        return ScanProblem.None;
    }
}
