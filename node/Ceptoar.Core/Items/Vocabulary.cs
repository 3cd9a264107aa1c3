using System.Collections.ObjectModel;

namespace Ceptoar.Core.Items;

/// <summary>A sector of the roster, e.g. code "finance", 金融 / Finance.</summary>
public sealed record Sector(string Code, string NameJa, string NameEn);

/// <summary>A CEPTOAR of the roster, e.g. "bank-ceptoar" of sector "finance", with the contact means it uses.</summary>
public sealed record CeptoarEntry(string Id, string Sector, string Name, string SecretariatJa, IReadOnlyList<string> Means);

/// <summary>A ministry of the roster's sector→ministry map (所管省庁), e.g. "fsa" (金融庁) overseeing "finance".</summary>
public sealed record MinistryEntry(string Id, string NameJa, string NameEn, IReadOnlyList<string> Sectors);

/// <summary>
/// The versioned vocabularies items are checked against: sectors (from the CEPTOAR roster) and threat types (脅威の類型).
/// Loaded at start; a default set is embedded (Items/Vocabulary/*.json).
/// </summary>
public sealed class Vocabulary
{
    internal const string RosterResource = "Ceptoar.Core.Vocabulary.ceptoars-2014.json";
    internal const string ThreatTypesResource = "Ceptoar.Core.Vocabulary.threat-types-2014.json";

    private static readonly Lazy<Vocabulary> Embedded = new(LoadEmbedded);

    internal Vocabulary(
        string rosterVersion,
        string threatTypesVersion,
        IEnumerable<Sector> sectors,
        IEnumerable<CeptoarEntry> ceptoars,
        IEnumerable<KeyValuePair<string, (string Ja, string En)>> threatTypes,
        IEnumerable<MinistryEntry>? ministries = null)
    {
        Ministries = (ministries ?? []).ToArray();
        RosterVersion = rosterVersion;
        ThreatTypesVersion = threatTypesVersion;
        Version = rosterVersion == threatTypesVersion ? rosterVersion : $"{rosterVersion}+{threatTypesVersion}";
        Sectors = new ReadOnlyDictionary<string, Sector>(sectors.ToDictionary(s => s.Code, StringComparer.Ordinal));
        Ceptoars = ceptoars.ToArray();
        ThreatTypes = new ReadOnlyDictionary<string, (string Ja, string En)>(new Dictionary<string, (string Ja, string En)>(threatTypes, StringComparer.Ordinal));
    }

    /// <summary>Version label, e.g. "2014"; "roster+threat-types" (e.g. "2023+2014") when the two files differ.</summary>
    public string Version { get; }

    /// <summary>The roster's "version" field, or the part of its file name after the last '-' ("ceptoars-2014.json" gives "2014").</summary>
    public string RosterVersion { get; }

    /// <summary>The threat-type file's "version" field.</summary>
    public string ThreatTypesVersion { get; }

    /// <summary>Sectors by code, in file order.</summary>
    public IReadOnlyDictionary<string, Sector> Sectors { get; }

    /// <summary>The CEPTOARs of the roster, in file order (empty when the roster lists none).</summary>
    public IReadOnlyList<CeptoarEntry> Ceptoars { get; }

    /// <summary>The roster's sector→ministry map (所管省庁): which ministry oversees which sectors (docs/MODES.md §1).</summary>
    public IReadOnlyList<MinistryEntry> Ministries { get; }

    /// <summary>The roster's ministry with this id, or null.</summary>
    public MinistryEntry? Ministry(string id) => Ministries.FirstOrDefault(m => m.Id == id);

    /// <summary>The ids of the ministries that oversee a sector (usually one).</summary>
    public IReadOnlyList<string> MinistriesOf(string sector) => [.. Ministries.Where(m => m.Sectors.Contains(sector)).Select(m => m.Id)];

    /// <summary>Threat type codes such as "attack.intrusion" with their Japanese and English names.</summary>
    public IReadOnlyDictionary<string, (string Ja, string En)> ThreatTypes { get; }

    /// <summary>The embedded default set.</summary>
    public static Vocabulary Default => Embedded.Value;

    /// <summary>Loads from a roster file (ceptoars-*.json shape) and a threat-type file; throws naming the file and field on error.</summary>
    /// <param name="threatTypesJsonPath">A threat-types-*.json file, or null for the embedded default threat types.</param>
    /// <exception cref="InvalidDataException">A file is not valid JSON or a field is missing or wrong; the message names both.</exception>
    public static Vocabulary Load(string rosterJsonPath, string? threatTypesJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(rosterJsonPath);
        var roster = ReadFile(rosterJsonPath, VocabularyReader.ReadRoster);
        var threats = threatTypesJsonPath is null
            ? ReadResource(ThreatTypesResource, VocabularyReader.ReadThreatTypes)
            : ReadFile(threatTypesJsonPath, VocabularyReader.ReadThreatTypes);
        return new Vocabulary(roster.Version, threats.Version, roster.Sectors, roster.Ceptoars, threats.ThreatTypes, roster.Ministries);
    }

    private static Vocabulary LoadEmbedded()
    {
        var roster = ReadResource(RosterResource, VocabularyReader.ReadRoster);
        var threats = ReadResource(ThreatTypesResource, VocabularyReader.ReadThreatTypes);
        return new Vocabulary(roster.Version, threats.Version, roster.Sectors, roster.Ceptoars, threats.ThreatTypes, roster.Ministries);
    }

    private static T ReadFile<T>(string path, Func<Stream, string, T> read)
    {
        using var stream = File.OpenRead(path);
        return read(stream, path);
    }

    private static T ReadResource<T>(string name, Func<Stream, string, T> read)
    {
        using var stream = typeof(Vocabulary).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidDataException($"The embedded vocabulary '{name}' is missing from Ceptoar.Core: rebuild the library.");
        return read(stream, name);
    }
}
