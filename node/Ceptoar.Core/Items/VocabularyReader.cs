using System.Text.Json;

namespace Ceptoar.Core.Items;

/// <summary>Parses the vocabulary files, naming the file and the JSON path of the first wrong field.</summary>
internal static class VocabularyReader
{
    internal sealed record Roster(string Version, IReadOnlyList<Sector> Sectors, IReadOnlyList<CeptoarEntry> Ceptoars, IReadOnlyList<MinistryEntry> Ministries);

    internal sealed record ThreatTypeSet(string Version, IReadOnlyList<KeyValuePair<string, (string Ja, string En)>> ThreatTypes);

    public static Roster ReadRoster(Stream json, string source)
    {
        using var document = Parse(json, source);
        var root = document.RootElement;
        var version = OptionalString(root, "version", "version", source) ?? VersionFromName(source);

        var sectors = new List<Sector>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var sectorArray = RequiredArray(root, "sectors", "sectors", source);
        for (var i = 0; i < sectorArray.Count; i++)
        {
            var path = $"sectors[{i}]";
            var entry = RequireObject(sectorArray[i], path, source);
            var code = RequiredString(entry, "code", path + ".code", source);
            if (!IsCodeSegment(code))
            {
                throw Fail(source, path + ".code", $"'{code}' is not a sector code", "use lower-case letters, digits and '-', e.g. \"finance\"");
            }

            if (!codes.Add(code))
            {
                throw Fail(source, path + ".code", $"sector '{code}' is listed twice", "keep one entry per code");
            }

            sectors.Add(new Sector(code, RequiredString(entry, "ja", path + ".ja", source), RequiredString(entry, "en", path + ".en", source)));
        }

        var ceptoars = new List<CeptoarEntry>();
        if (root.TryGetProperty("ceptoars", out _))
        {
            var ceptoarArray = RequiredArray(root, "ceptoars", "ceptoars", source);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ceptoarArray.Count; i++)
            {
                ceptoars.Add(ReadCeptoar(ceptoarArray[i], $"ceptoars[{i}]", source, codes, ids));
            }
        }

        var ministries = new List<MinistryEntry>();
        if (root.TryGetProperty("ministries", out _))
        {
            var ministryArray = RequiredArray(root, "ministries", "ministries", source);
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < ministryArray.Count; i++)
            {
                ministries.Add(ReadMinistry(ministryArray[i], $"ministries[{i}]", source, codes, ids));
            }
        }

        return new Roster(version, sectors, ceptoars, ministries);
    }

    /// <summary>One entry of the roster's sector→ministry map (所管省庁), e.g. fsa: finance.</summary>
    private static MinistryEntry ReadMinistry(JsonElement element, string path, string source, HashSet<string> sectorCodes, HashSet<string> ids)
    {
        var entry = RequireObject(element, path, source);
        var id = RequiredString(entry, "id", path + ".id", source);
        if (!Identifiers.IsValidNodeId(id))
        {
            throw Fail(source, path + ".id", $"'{id}' is not a valid id", "ministry ids are node ids: " + Identifiers.NodeIdRule);
        }

        if (!ids.Add(id))
        {
            throw Fail(source, path + ".id", $"ministry '{id}' is listed twice", "keep one entry per id");
        }

        var sectors = new List<string>();
        if (!entry.TryGetProperty("sectors", out var sectorsElement) || sectorsElement.ValueKind != JsonValueKind.Array)
        {
            throw Fail(source, path + ".sectors", "is missing or not an array", "write the sector codes the ministry oversees, e.g. [\"finance\"]");
        }

        var j = 0;
        foreach (var sector in sectorsElement.EnumerateArray())
        {
            var code = sector.ValueKind == JsonValueKind.String ? sector.GetString()! : "";
            if (!sectorCodes.Contains(code))
            {
                throw Fail(source, $"{path}.sectors[{j}]", $"'{code}' is not one of the file's sectors", "add it to \"sectors\" or correct the code");
            }

            sectors.Add(code);
            j++;
        }

        var ja = OptionalString(entry, "ja", path + ".ja", source) ?? id;
        var en = OptionalString(entry, "en", path + ".en", source) ?? id;
        return new MinistryEntry(id, ja, en, sectors);
    }

    public static ThreatTypeSet ReadThreatTypes(Stream json, string source)
    {
        using var document = Parse(json, source);
        var root = document.RootElement;
        var version = RequiredString(root, "version", "version", source);
        var result = new List<KeyValuePair<string, (string Ja, string En)>>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var array = RequiredArray(root, "threat_types", "threat_types", source);
        for (var i = 0; i < array.Count; i++)
        {
            var path = $"threat_types[{i}]";
            var entry = RequireObject(array[i], path, source);
            var code = RequiredString(entry, "code", path + ".code", source);
            if (!code.Split('.').All(IsCodeSegment))
            {
                throw Fail(source, path + ".code", $"'{code}' is not a threat type code",
                    "use dot-separated parts of lower-case letters, digits and '-', e.g. \"attack.intrusion\"");
            }

            if (!codes.Add(code))
            {
                throw Fail(source, path + ".code", $"threat type '{code}' is listed twice", "keep one entry per code");
            }

            var names = (RequiredString(entry, "ja", path + ".ja", source), RequiredString(entry, "en", path + ".en", source));
            result.Add(new(code, names));
        }

        return new ThreatTypeSet(version, result);
    }

    private static CeptoarEntry ReadCeptoar(JsonElement element, string path, string source, HashSet<string> sectorCodes, HashSet<string> ids)
    {
        var entry = RequireObject(element, path, source);
        var id = RequiredString(entry, "id", path + ".id", source);
        if (!Identifiers.IsValidNodeId(id))
        {
            throw Fail(source, path + ".id", $"'{id}' is not a valid id", "CEPTOAR ids are node ids: " + Identifiers.NodeIdRule);
        }

        if (!ids.Add(id))
        {
            throw Fail(source, path + ".id", $"CEPTOAR '{id}' is listed twice", "keep one entry per id");
        }

        var sector = RequiredString(entry, "sector", path + ".sector", source);
        if (!sectorCodes.Contains(sector))
        {
            throw Fail(source, path + ".sector", $"sector '{sector}' is not in the file's sectors", "add it to \"sectors\" or correct the code");
        }

        var name = RequiredString(entry, "name", path + ".name", source);
        var secretariat = OptionalString(entry, "secretariat_ja", path + ".secretariat_ja", source) ?? "";
        var means = new List<string>();
        if (entry.TryGetProperty("means", out var meansElement))
        {
            if (meansElement.ValueKind != JsonValueKind.Array)
            {
                throw Fail(source, path + ".means", "is not an array", "write a list of strings such as [\"email\", \"phone\"]");
            }

            var j = 0;
            foreach (var mean in meansElement.EnumerateArray())
            {
                if (mean.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(mean.GetString()))
                {
                    throw Fail(source, $"{path}.means[{j}]", "is not a non-empty string", "write a contact means such as \"email\"");
                }

                means.Add(mean.GetString()!);
                j++;
            }
        }

        return new CeptoarEntry(id, sector, name, secretariat, means);
    }

    private static JsonDocument Parse(Stream json, string source)
    {
        try
        {
            var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Fail(source, "$", "the top level is not a JSON object", "the file must be one object with the vocabulary's fields");
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"Vocabulary file '{source}' is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message} Fix the syntax and restart.", e);
        }
    }

    private static JsonElement RequireObject(JsonElement element, string path, string source) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Fail(source, path, "is not an object", "write an object with the fields listed in the default file");

    private static List<JsonElement> RequiredArray(JsonElement parent, string name, string path, string source)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw Fail(source, path, "is missing or not an array", $"add \"{name}\": [ ... ] with at least one entry");
        }

        var items = value.EnumerateArray().ToList();
        return items.Count > 0 ? items : throw Fail(source, path, "is empty", "list at least one entry");
    }

    private static string RequiredString(JsonElement parent, string name, string path, string source) =>
        OptionalString(parent, name, path, source) is { } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw Fail(source, path, "is missing or empty", $"add \"{name}\" with a non-empty string");

    private static string? OptionalString(JsonElement parent, string name, string path, string source)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Fail(source, path, "is not a string", $"write \"{name}\" as a JSON string");
    }

    private static string VersionFromName(string source)
    {
        // Embedded resources are named "Ceptoar.Core.Vocabulary.ceptoars-2014.json": strip the namespace part as well.
        var stem = Path.GetFileNameWithoutExtension(source);
        stem = stem[(stem.LastIndexOf('.') + 1)..];
        var dash = stem.LastIndexOf('-');
        return dash >= 0 && dash < stem.Length - 1 ? stem[(dash + 1)..] : stem;
    }

    private static bool IsCodeSegment(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static InvalidDataException Fail(string source, string path, string problem, string fix) =>
        new($"Vocabulary file '{source}', field {path}: {problem}; {fix}.");
}
