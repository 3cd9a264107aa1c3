using System.Globalization;
using System.Text.Json;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>An object of the bundle that cannot be mapped, found while reading it: becomes an <see cref="ImportRefusal"/>.</summary>
internal sealed class StixRefusalException(string code, string reason) : Exception(reason)
{
    public string Code { get; } = code;
}

/// <summary>
/// Typed reads of an object's fields that answer a wrong JSON type, a missing field or a text over the item limits with
/// a refusal naming the field by its JSON path (docs/INTERCHANGE.md §1.6).
/// </summary>
internal readonly struct StixFields(JsonElement element, string path)
{
    public string Path { get; } = path;

    public JsonElement Element { get; } = element;

    public string Field(string name) => Path + "." + name;

    public string? String(string name, int maxChars = int.MaxValue)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw WrongType(Field(name), nameof(InterchangeText.TypeString));
        }

        var text = value.GetString()!;
        return text.Length > maxChars ? throw TooLong(Field(name), text.Length, maxChars) : text;
    }

    public string RequiredString(string name, string objectType, int maxChars = int.MaxValue) =>
        String(name, maxChars) is { Length: > 0 } text ? text : throw Missing(Field(name), objectType);

    public bool? Boolean(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(Field(name), nameof(InterchangeText.TypeBoolean)),
        };
    }

    public StixFields? Object(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? new StixFields(value, Field(name)) : throw WrongType(Field(name), nameof(InterchangeText.TypeObject));
    }

    public IReadOnlyList<JsonElement> Array(string name)
    {
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : throw WrongType(Field(name), nameof(InterchangeText.TypeArray));
    }

    public List<string> Strings(string name, int maxEntries = int.MaxValue, int maxChars = int.MaxValue)
    {
        var field = Field(name);
        if (!Element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw WrongType(field, nameof(InterchangeText.TypeStrings));
        }

        var count = value.GetArrayLength();
        if (count > maxEntries)
        {
            throw new StixRefusalException("too_long", StixText.Format(nameof(InterchangeText.TooManyEntries), field, count, maxEntries));
        }

        var list = new List<string>(count);
        var i = 0;
        foreach (var entry in value.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
            {
                throw WrongType(field, nameof(InterchangeText.TypeStrings));
            }

            var text = entry.GetString()!;
            list.Add(text.Length > maxChars ? throw TooLong(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), text.Length, maxChars) : text);
            i++;
        }

        return list;
    }

    public DateTimeOffset? Timestamp(string name)
    {
        if (String(name) is not { } text)
        {
            return null;
        }

        // RFC 3339 in UTC ("Z"), as STIX timestamps are (docs/INTERCHANGE.md §1.3).
        return text.EndsWith('Z') && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            && text.Contains('T', StringComparison.Ordinal)
            ? time
            : throw WrongType(Field(name), nameof(InterchangeText.TypeTimestamp));
    }

    public static StixRefusalException WrongType(string field, string typeKey) =>
        new("bad_field", StixText.Format(nameof(InterchangeText.FieldType), field, StixText.Format(typeKey)));

    public static StixRefusalException Missing(string field, string objectType) =>
        new("bad_field", StixText.Format(nameof(InterchangeText.FieldMissing), field, objectType));

    public static StixRefusalException TooLong(string field, int length, int max) =>
        new("too_long", StixText.Format(nameof(InterchangeText.TooLong), field, length, max));
}

/// <summary>The words of InterchangeText.resx in the current UI culture (the caller's language, README "Language of the member API").</summary>
internal static class StixText
{
    public static string Format(string key, params object?[] args)
    {
        var format = InterchangeText.ResourceManager.GetString(key, CultureInfo.CurrentUICulture)
            ?? throw new InvalidOperationException($"the text '{key}' is missing from InterchangeText.resx: add it in both languages");
        return args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
    }
}
