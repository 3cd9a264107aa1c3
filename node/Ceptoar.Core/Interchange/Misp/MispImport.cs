using System.Text.Json;
using System.Text.Unicode;
using Ceptoar.Core.Items;
using static Ceptoar.Core.Interchange.Misp.MispJson;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>
/// MISP core format events as drafts (docs/INTERCHANGE.md §2.2): one draft per event, with the attributes and objects it
/// could not map as refusals. Pure, no I/O; the drafts then take the normal submit path (validation, rules, signing).
/// </summary>
public static class MispImport
{
    /// <summary>How deep a document may nest: a MISP event with objects and tags is under ten levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Reads <c>{"Event":…}</c>, <c>{"response":[{"Event":…},…]}</c> or <c>[{"Event":…},…]</c>.
    /// </summary>
    /// <exception cref="ImportDocumentException">The document cannot be read at all; nothing of it is imported.</exception>
    public static ImportOutcome Read(ReadOnlySpan<byte> document, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // Refused before anything reads it: a size check costs nothing, parsing a huge document does.
        if (document.Length > options.MaxDocumentBytes)
        {
            throw Fail("document", "too_large", nameof(MispText.DocumentTooLarge), document.Length, options.MaxDocumentBytes);
        }

        if (!Utf8.IsValid(document))
        {
            throw Fail("document", "not_utf8", nameof(MispText.DocumentNotUtf8));
        }

        // Files saved by Windows tools often start with a byte order mark, which JSON does not allow but means nothing here.
        if (document.StartsWith("\uFEFF"u8))
        {
            document = document[3..];
        }

        CheckShape(document);
        using var json = Parse(document);
        var limits = new ItemLimits();
        var drafts = new List<ImportedDraft>();
        var refusals = new List<ImportRefusal>();
        foreach (var (element, path) in Events(json.RootElement))
        {
            var outcome = new MispEventReader(options, limits, path).Read(element);
            if (outcome.Draft is { } draft)
            {
                drafts.Add(draft);
            }

            refusals.AddRange(outcome.Refusals);
        }

        return new ImportOutcome(drafts, refusals);
    }

    // One pass of the reader before the document is built: depth is refused with its own code, and syntax errors get the
    // line and byte a person can look at.
    private static void CheckShape(ReadOnlySpan<byte> document)
    {
        var reader = new Utf8JsonReader(document, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    throw Fail("document", "too_deep", nameof(MispText.DocumentTooDeep), MaxDepth);
                }
            }
        }
        catch (JsonException e)
        {
            throw Fail("document", "not_json", nameof(MispText.DocumentNotJson), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> document)
    {
        try
        {
            // A repeated property ("Tag" twice) could be read one way here and another way by MISP: refused as not JSON.
            return JsonDocument.Parse(document.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth + 1, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw Fail("document", "not_json", nameof(MispText.DocumentNotJson), (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static List<(JsonElement Event, string Path)> Events(JsonElement root)
    {
        var events = new List<(JsonElement, string)>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Event", out var single))
        {
            events.Add((single, "$.Event"));
            return events;
        }

        var (list, listPath) = root.ValueKind switch
        {
            JsonValueKind.Object when root.TryGetProperty("response", out var response) => (response, "$.response"),
            JsonValueKind.Array => (root, "$"),
            _ => throw Fail("document", "not_misp", nameof(MispText.DocumentNotMisp)),
        };

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(listPath, KindName(JsonValueKind.Array));
        }

        var i = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var path = Index(listPath, i++);
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("Event", out var ev))
            {
                throw Fail(path, "not_misp", nameof(MispText.DocumentNotMisp));
            }

            events.Add((ev, path + ".Event"));
        }

        return events;
    }
}
