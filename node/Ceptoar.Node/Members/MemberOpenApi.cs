using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;

namespace Ceptoar.Node.Members;

/// <summary>
/// The OpenAPI 3 document of the member API's REST routes, built once from MemberService's descriptors and their
/// google.api.http options (docs/INTERCHANGE.md §4), so it always says what transcoding serves: paths and verbs, path and
/// query parameters, bodies and answers as proto3 JSON (lowerCamelCase names, 64-bit integers as strings, enums by name,
/// times as RFC 3339), errors as google.rpc.Status.
/// </summary>
internal static class MemberOpenApi
{
    private const string StatusSchema = "google.rpc.Status";

    private static readonly ConcurrentDictionary<string, string> Built = new(StringComparer.Ordinal);

    /// <summary>The document with its descriptions in the call's language (CallLanguage): built once per language.</summary>
    public static string Document => Built.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ => Build());

    private static string Build()
    {
        var schemas = new JsonObject
        {
            [StatusSchema] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = MembersText.OpenApiStatus,
                ["properties"] = new JsonObject
                {
                    ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                    ["message"] = new JsonObject { ["type"] = "string" },
                    ["details"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
                },
            },
        };
        var paths = new JsonObject();
        foreach (var (method, rule) in MemberRoutes.All)
        {
            var (verb, template) = MemberRoutes.Route(rule);
            if (paths[template] is not JsonObject path)
            {
                path = [];
                paths[template] = path;
            }

            path[verb] = Operation(method, rule.Body, template, schemas);
        }

        paths[MemberRest.OpenApiPath] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["operationId"] = "OpenApi",
                ["summary"] = MembersText.OpenApiSelf,
                ["security"] = new JsonArray(),
                ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = MembersText.OpenApiDocument, ["content"] = new JsonObject { ["application/json"] = new JsonObject() } } },
            },
        };

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = MembersText.OpenApiTitle,
                ["version"] = "v1",
                ["description"] = MembersText.OpenApiDescription,
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["apiKey"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = MembersText.OpenApiKey },
                },
                ["schemas"] = schemas,
            },
        };
        // Unescaped: the Japanese descriptions stay readable (the document is served as JSON, never inside HTML).
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static JsonObject Operation(MethodDescriptor method, string body, string template, JsonObject schemas)
    {
        var parameters = new JsonArray();
        var inPath = method.InputType.Fields.InDeclarationOrder().Where(f => template.Contains($"{{{f.Name}}}", StringComparison.Ordinal)).ToList();
        foreach (var field in inPath)
        {
            parameters.Add(new JsonObject { ["name"] = field.Name, ["in"] = "path", ["required"] = true, ["schema"] = FieldSchema(field, schemas) });
        }

        if (string.IsNullOrEmpty(body))
        {
            foreach (var field in method.InputType.Fields.InDeclarationOrder().Except(inPath))
            {
                parameters.Add(new JsonObject { ["name"] = field.Name, ["in"] = "query", ["required"] = false, ["schema"] = FieldSchema(field, schemas) });
            }
        }

        var answer = method.IsServerStreaming
            ? new JsonObject
            {
                ["description"] = string.Format(CultureInfo.InvariantCulture, MembersText.OpenApiStream, method.OutputType.Name),
                ["content"] = new JsonObject
                {
                    ["application/json"] = new JsonObject { ["schema"] = Reference(method.OutputType, schemas) },
                    [EventStream.MediaType] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
                },
            }
            : new JsonObject { ["description"] = method.OutputType.Name, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(method.OutputType, schemas) } } };
        var operation = new JsonObject
        {
            ["operationId"] = method.Name,
            ["summary"] = $"{method.Service.FullName}/{method.Name}",
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = answer,
                ["default"] = new JsonObject
                {
                    ["description"] = MembersText.OpenApiError,
                    ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{StatusSchema}" } } },
                },
            },
        };
        if (!string.IsNullOrEmpty(body))
        {
            var type = body == "*" ? method.InputType : method.InputType.FindFieldByName(body).MessageType;
            operation["requestBody"] = new JsonObject
            {
                ["required"] = false,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = Reference(type, schemas) } },
            };
        }

        return operation;
    }

    private static JsonObject Reference(MessageDescriptor type, JsonObject schemas)
    {
        if (!schemas.ContainsKey(type.FullName))
        {
            // Reserved before the fields are walked: a message that contains itself refers to its own entry.
            schemas[type.FullName] = new JsonObject();
            var properties = new JsonObject();
            foreach (var field in type.Fields.InDeclarationOrder())
            {
                properties[field.JsonName] = FieldSchema(field, schemas);
            }

            schemas[type.FullName] = new JsonObject { ["type"] = "object", ["properties"] = properties };
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{type.FullName}" };
    }

    private static JsonObject FieldSchema(FieldDescriptor field, JsonObject schemas)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SingleSchema(field.MessageType.FindFieldByNumber(2), schemas) };
        }

        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = SingleSchema(field, schemas) } : SingleSchema(field, schemas);
    }

    private static JsonObject SingleSchema(FieldDescriptor field, JsonObject schemas) => field.FieldType switch
    {
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "uint64" },
        FieldType.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. field.EnumType.Values.Select(v => (JsonNode)v.Name)]) },
        _ => field.MessageType.FullName switch
        {
            "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["description"] = MembersText.OpenApiDuration },
            "google.protobuf.Struct" or "google.protobuf.Any" => new JsonObject { ["type"] = "object" },
            "google.protobuf.Value" => [],
            _ => Reference(field.MessageType, schemas),
        },
    };
}
