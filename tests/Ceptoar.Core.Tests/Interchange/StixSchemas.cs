using System.Text.Json;
using Json.Schema;

namespace Ceptoar.Core.Tests.Interchange;

/// <summary>
/// The OASIS STIX 2.1 JSON schemas (draft 2020-12), copied unchanged with their BSD-3-Clause licence into
/// tests/Ceptoar.Core.Tests/Interchange/stix-2.1-schemas so a clean checkout validates without anything beside it: every
/// file is registered under its $id, so the relative $refs between them resolve without the network.
/// </summary>
internal static class StixSchemas
{
    private static readonly Lazy<Dictionary<string, JsonSchema>> TypeSchemas = new(LoadAll);
    private static readonly Lazy<JsonSchema> BundleSchema = new(() => TypeSchemas.Value["bundle"]);

    /// <summary>The schemas' folder in the repository (found from the folder holding Federation.sln).</summary>
    public static string Folder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Federation.sln")))
            {
                directory = directory.Parent;
            }

            if (directory is null)
            {
                throw new InvalidOperationException($"no Federation.sln above {AppContext.BaseDirectory}");
            }

            return Path.Combine(directory.FullName, "tests", "Ceptoar.Core.Tests", "Interchange", "stix-2.1-schemas", "schemas");
        }
    }

    /// <summary>Fails with every schema error when the document is not a valid STIX 2.1 bundle.</summary>
    public static void AssertValid(byte[] bundle)
    {
        var errors = Errors(bundle);
        Assert.True(errors.Count == 0, "not a valid STIX 2.1 bundle:\n" + string.Join('\n', errors.Take(40)));
    }

    /// <summary>Every schema error of one object against its type's own schema (e.g. extension-definition.json).</summary>
    public static IReadOnlyList<string> ObjectErrors(ReadOnlyMemory<byte> json, string type)
    {
        using var document = JsonDocument.Parse(json);
        return [.. Describe(TypeSchemas.Value[type].Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List }))];
    }

    /// <summary>Every schema error of the document read as a STIX bundle (empty: valid).</summary>
    public static IReadOnlyList<string> Errors(byte[] bundle)
    {
        using var document = JsonDocument.Parse(bundle);
        // The flag answer is fast; the list of errors is only worth its cost when there are some.
        if (BundleSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Flag }).IsValid)
        {
            return [];
        }

        // The bundle schema's oneOf over every type buries the cause; each object against its own type's schema names it.
        var perObject = new List<string>();
        var index = 0;
        var objects = document.RootElement.TryGetProperty("objects", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
        foreach (var obj in objects)
        {
            var type = obj.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type is not null && TypeSchemas.Value.TryGetValue(type, out var typeSchema))
            {
                var own = typeSchema.Evaluate(obj, new EvaluationOptions { OutputFormat = OutputFormat.List });
                perObject.AddRange(Describe(own).Select(e => $"objects[{index}] {type}: {e}"));
            }

            index++;
        }

        if (perObject.Count > 0)
        {
            return perObject;
        }

        var result = BundleSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return Describe(result).DefaultIfEmpty("invalid, no details").ToList();
    }

    private static IEnumerable<string> Describe(EvaluationResults result)
    {
        if (result.IsValid)
        {
            return [];
        }


        return (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .ToList();
    }

    private static Dictionary<string, JsonSchema> LoadAll()
    {
        var registry = new SchemaRegistry();
        var options = new BuildOptions { SchemaRegistry = registry };
        var files = Directory.EnumerateFiles(Folder, "*.json", SearchOption.AllDirectories).ToList();
        if (files.Count < 40)
        {
            throw new InvalidOperationException($"only {files.Count} STIX schema files under {Folder}");
        }

        // Build leaves first is not possible (the files refer to each other in cycles), so register every text first.
        var byType = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f.EndsWith("bundle.json", StringComparison.Ordinal)))
        {
            var schema = JsonSchema.FromFile(file, options);
            registry.Register(schema);
            byType[Path.GetFileNameWithoutExtension(file)] = schema;
        }

        return byType.ContainsKey("bundle") ? byType : throw new InvalidOperationException("bundle.json not found");
    }
}
