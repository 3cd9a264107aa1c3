using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Members;

/// <summary>
/// Checks a REST request's JSON body and query parameters against the method's request message before transcoding
/// parses them (docs/INTERCHANGE.md §4): transcoding answers a malformed body only "Request JSON payload is not correctly
/// formatted", binds an unknown query parameter to nothing and takes an unknown body field silently, so a typo would
/// change what a member asked for without a word. Each refusal names the field as the API does (draft.body.title,
/// draft.body.indicators[2].type, page_size) and says what to send, in the caller's language.
/// </summary>
internal static class RestJsonCheck
{
    private const int MaxDepth = 64;

    private const int MaxViolations = 50;

    /// <summary>The violations of a body (empty when it may go to transcoding).</summary>
    public static IReadOnlyList<RestViolation> Body(byte[] json, MessageDescriptor type)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            return [new RestViolation("body", Format(MembersText.RestJsonMalformed, (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1))];
        }

        using (document)
        {
            var violations = new List<RestViolation>();
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new RestViolation("body", Format(MembersText.RestJsonWrongType, "object", Kind(document.RootElement))));
                return violations;
            }

            CheckMessage(document.RootElement, type, "", violations);
            return violations;
        }
    }

    /// <summary>
    /// The violations of the query string: each name must be a field of <paramref name="bound"/> (null: the route takes
    /// no query parameters) other than those in the route, given once unless repeated, with a value of its type.
    /// </summary>
    public static IReadOnlyList<RestViolation> Query(IQueryCollection query, MessageDescriptor? bound, ICollection<string> routeKeys)
    {
        var violations = new List<RestViolation>();
        foreach (var (name, values) in query)
        {
            var field = bound is null || routeKeys.Contains(name) ? null : Resolve(bound, name);
            if (field is null || (field.FieldType == FieldType.Message && !IsWellKnownScalar(field.MessageType)))
            {
                violations.Add(new RestViolation(name, Format(MembersText.RestQueryUnknown, QueryNames(bound, routeKeys))));
                continue;
            }

            if (values.Count > 1 && !field.IsRepeated)
            {
                violations.Add(new RestViolation(name, MembersText.RestQueryRepeated));
                continue;
            }

            foreach (var value in values)
            {
                if (ScalarProblem(value ?? "", field, quoted: false) is { } problem)
                {
                    violations.Add(new RestViolation(name, problem));
                }
            }
        }

        return violations;
    }

    private static void CheckMessage(JsonElement element, MessageDescriptor type, string path, List<RestViolation> violations)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (violations.Count >= MaxViolations)
            {
                return;
            }

            var field = type.FindFieldByName(property.Name) ?? type.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            var fieldPath = path.Length == 0 ? field?.Name ?? property.Name : $"{path}.{field?.Name ?? property.Name}";
            if (field is null)
            {
                violations.Add(new RestViolation(fieldPath, Format(MembersText.RestFieldUnknown, type.Name, MemberRest.OpenApiPath)));
                continue;
            }

            CheckField(property.Value, field, fieldPath, violations);
        }
    }

    private static void CheckField(JsonElement value, FieldDescriptor field, string path, List<RestViolation> violations)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (field.IsMap)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new RestViolation(path, Format(MembersText.RestJsonWrongType, "object", Kind(value))));
                return;
            }

            var valueField = field.MessageType.FindFieldByNumber(2);
            foreach (var entry in value.EnumerateObject())
            {
                CheckSingle(entry.Value, valueField, $"{path}[{entry.Name}]", violations);
            }

            return;
        }

        if (field.IsRepeated)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                violations.Add(new RestViolation(path, Format(MembersText.RestJsonWrongType, "array", Kind(value))));
                return;
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckSingle(item, field, $"{path}[{index++}]", violations);
            }

            return;
        }

        CheckSingle(value, field, path, violations);
    }

    private static void CheckSingle(JsonElement value, FieldDescriptor field, string path, List<RestViolation> violations)
    {
        if (field.FieldType == FieldType.Message && !IsWellKnownScalar(field.MessageType))
        {
            if (field.MessageType.FullName is "google.protobuf.Value" or "google.protobuf.Struct" or "google.protobuf.ListValue" or "google.protobuf.Any")
            {
                return;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                violations.Add(new RestViolation(path, Format(MembersText.RestJsonWrongType, "object", Kind(value))));
                return;
            }

            CheckMessage(value, field.MessageType, path, violations);
            return;
        }

        var problem = value.ValueKind switch
        {
            JsonValueKind.String => ScalarProblem(value.GetString()!, field, quoted: true),
            JsonValueKind.Number => NumberProblem(value, field),
            JsonValueKind.True or JsonValueKind.False => field.FieldType == FieldType.Bool ? null : Format(MembersText.RestJsonWrongType, Expected(field), Kind(value)),
            _ => Format(MembersText.RestJsonWrongType, Expected(field), Kind(value)),
        };
        if (problem is not null)
        {
            violations.Add(new RestViolation(path, problem));
        }
    }

    /// <summary>Why a JSON number does not fit the field (proto3 JSON: numbers for numeric fields and enum values).</summary>
    private static string? NumberProblem(JsonElement value, FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Double or FieldType.Float => null,
        FieldType.Enum => value.TryGetInt32(out var number) && field.EnumType.FindValueByNumber(number) is not null ? null : EnumProblem(value.GetRawText(), field),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32
            or FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 => IntegerProblem(value.GetRawText(), field),
        _ => Format(MembersText.RestJsonWrongType, Expected(field), "number"),
    };

    /// <summary>Why a string (a JSON string, or a query value: <paramref name="quoted"/> false) does not fit the field.</summary>
    private static string? ScalarProblem(string text, FieldDescriptor field, bool quoted) => field.FieldType switch
    {
        FieldType.String => null,
        FieldType.Bytes => IsBase64(text) ? null : MembersText.RestBytesInvalid,
        FieldType.Bool when !quoted => text is "true" or "false" ? null : Format(MembersText.RestJsonWrongType, "true/false", text),
        FieldType.Enum => field.EnumType.FindValueByName(text) is not null
            || (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && field.EnumType.FindValueByNumber(n) is not null) ? null : EnumProblem(text, field),
        FieldType.Double or FieldType.Float => text is "NaN" or "Infinity" or "-Infinity"
            || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? null : Format(MembersText.RestJsonWrongType, "number", text),
        FieldType.Message => WellKnownProblem(text, field.MessageType),
        FieldType.Bool => Format(MembersText.RestJsonWrongType, "true/false", "string"),
        _ => IntegerProblem(text, field),
    };

    private static string? WellKnownProblem(string text, MessageDescriptor type)
    {
        try
        {
            JsonParser.Default.Parse(JsonSerializer.Serialize(text), type);
            return null;
        }
        catch (InvalidProtocolBufferException)
        {
            return type.FullName == Timestamp.Descriptor.FullName ? Format(MembersText.RestTimestampInvalid, text) : Format(MembersText.RestJsonWrongType, type.Name, text);
        }
        catch (FormatException)
        {
            return type.FullName == Timestamp.Descriptor.FullName ? Format(MembersText.RestTimestampInvalid, text) : Format(MembersText.RestJsonWrongType, type.Name, text);
        }
    }

    private static string? IntegerProblem(string text, FieldDescriptor field)
    {
        (decimal Min, decimal Max) range = field.FieldType switch
        {
            FieldType.UInt32 or FieldType.Fixed32 => (0m, uint.MaxValue),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (long.MinValue, long.MaxValue),
            FieldType.UInt64 or FieldType.Fixed64 => (0m, ulong.MaxValue),
            _ => (int.MinValue, int.MaxValue),
        };
        var (min, max) = range;
        var fits = decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            && value == decimal.Truncate(value) && value >= min && value <= max;
        return fits ? null : Format(MembersText.RestIntegerInvalid, text, min, max);
    }

    private static string EnumProblem(string text, FieldDescriptor field) =>
        Format(MembersText.RestEnumUnknown, text, string.Join(", ", field.EnumType.Values.Select(v => v.Name)));

    private static bool IsWellKnownScalar(MessageDescriptor type) =>
        type.FullName is "google.protobuf.Timestamp" or "google.protobuf.Duration" or "google.protobuf.FieldMask";

    private static bool IsBase64(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        var padded = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        return Convert.TryFromBase64String(padded, new byte[padded.Length], out _);
    }

    /// <summary>A field by a dotted path of proto or JSON names (transcoding binds both), or null.</summary>
    private static FieldDescriptor? Resolve(MessageDescriptor type, string path)
    {
        FieldDescriptor? field = null;
        foreach (var part in path.Split('.'))
        {
            if (field is not null && (field.FieldType != FieldType.Message || field.IsRepeated))
            {
                return null;
            }

            var within = field?.MessageType ?? type;
            field = within.FindFieldByName(part) ?? within.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == part);
            if (field is null)
            {
                return null;
            }
        }

        return field;
    }

    private static string QueryNames(MessageDescriptor? bound, ICollection<string> routeKeys) =>
        bound is null ? "—" : string.Join(", ", bound.Fields.InDeclarationOrder().Where(f => !routeKeys.Contains(f.Name)).Select(f => f.Name));

    private static string Expected(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Bool => "true/false",
        FieldType.String or FieldType.Bytes or FieldType.Enum => "string",
        FieldType.Message => "string",
        _ => "number",
    };

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        _ => "null",
    };

    private static string Format(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
