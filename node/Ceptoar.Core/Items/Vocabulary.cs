namespace Ceptoar.Core.Items;

/// <summary>A sector of the roster, e.g. code "finance", 金融 / Finance.</summary>
public sealed record Sector(string Code, string NameJa, string NameEn);

/// <summary>
/// The versioned vocabularies items are checked against: sectors (from the CEPTOAR roster) and threat types (脅威の類型).
/// Loaded at start; a default set is embedded (Items/Vocabulary/*.json).
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Version label, e.g. "2014".</summary>
    public string Version => throw new NotImplementedException();

    public IReadOnlyDictionary<string, Sector> Sectors => throw new NotImplementedException();

    /// <summary>Threat type codes such as "attack.intrusion" with their Japanese and English names.</summary>
    public IReadOnlyDictionary<string, (string Ja, string En)> ThreatTypes => throw new NotImplementedException();

    /// <summary>The embedded default set.</summary>
    public static Vocabulary Default => throw new NotImplementedException();

    /// <summary>Loads from a roster file (ceptoars-*.json shape) and a threat-type file; throws naming the file and field on error.</summary>
    public static Vocabulary Load(string rosterJsonPath, string? threatTypesJsonPath) => throw new NotImplementedException();
}
