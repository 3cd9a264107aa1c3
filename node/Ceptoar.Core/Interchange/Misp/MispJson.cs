using System.Globalization;
using System.Text.Json;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>Typed reads of a MISP document's JSON: a value of the wrong JSON type is named by its path, never cast blindly.</summary>
internal static class MispJson
{
    private const int MaxIdLength = 128;
    private const int MaxShownChars = 80;

    /// <summary>A text from MispText.resx in the current UI culture (the caller's language, set by the node per call).</summary>
    public static string Say(string key, params object?[] args)
    {
        var format = MispText.ResourceManager.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new InvalidOperationException($"the text '{key}' is missing from MispText.resx: add it in both languages");
        return string.Format(CultureInfo.InvariantCulture, format, args);
    }

    public static ImportDocumentException Fail(string field, string code, string key, params object?[] args) => new(field, code, Say(key, args));

    public static ImportDocumentException WrongType(string path, string expected) => Fail(path, "wrong_type", nameof(MispText.WrongType), path, expected);

    /// <summary>The property, or null when absent or JSON null; throws when present with another JSON type than <paramref name="kind"/>.</summary>
    public static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw WrongType(path + "." + name, KindName(kind));
    }

    public static string? OptionalString(JsonElement parent, string name, string path) => Optional(parent, name, JsonValueKind.String, path)?.GetString();

    /// <summary>MISP writes its numeric codes (threat_level_id, analysis) as strings, some tools as numbers: both are read.</summary>
    public static string? OptionalCode(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw WrongType(path + "." + name, KindName(JsonValueKind.String)),
        };
    }

    /// <summary>MISP booleans, and the "0"/"1" strings older MISP versions write for them.</summary>
    public static bool OptionalFlag(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String when value.ValueEquals("1") || value.ValueEquals("true") => true,
            JsonValueKind.String when value.ValueEquals("0") || value.ValueEquals("false") => false,
            _ => throw WrongType(path + "." + name, "boolean"),
        };
    }

    /// <summary>The elements of an optional array property (empty when absent).</summary>
    public static JsonElement.ArrayEnumerator OptionalArray(JsonElement parent, string name, string path) =>
        Optional(parent, name, JsonValueKind.Array, path) is { } array ? array.EnumerateArray() : default;

    /// <summary>The tag names of an element's "Tag" array, each with its path.</summary>
    public static List<(string Name, string Path)> Tags(JsonElement parent, string path)
    {
        var tags = new List<(string, string)>();
        var i = 0;
        foreach (var tag in OptionalArray(parent, "Tag", path))
        {
            var tagPath = Index(path + ".Tag", i++);
            if (tag.ValueKind != JsonValueKind.Object)
            {
                throw WrongType(tagPath, KindName(JsonValueKind.Object));
            }

            var name = OptionalString(tag, "name", tagPath) ?? throw Fail(tagPath + ".name", "missing_field", nameof(MispText.MissingField), tagPath + ".name");
            tags.Add((name, tagPath + ".name"));
        }

        return tags;
    }

    /// <summary>An element's uuid as a refusal names it, or its path when it has none (or none a person could quote).</summary>
    public static string IdOr(string? uuid, string path) =>
        uuid is { Length: > 0 and <= MaxIdLength } && uuid.All(c => c > ' ' && c < 0x7F) ? uuid : path;

    public static string IdOf(JsonElement element, string path) =>
        IdOr(element.ValueKind == JsonValueKind.Object && element.TryGetProperty("uuid", out var uuid) && uuid.ValueKind == JsonValueKind.String ? uuid.GetString() : null, path);

    /// <summary>A name from the document as a message quotes it: a hostile document's megabyte-long tag must not become the message.</summary>
    public static string Shown(string text) => text.Length <= MaxShownChars ? text : text[..MaxShownChars] + "…";

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
