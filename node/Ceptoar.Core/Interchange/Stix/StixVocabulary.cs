using System.Globalization;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>The fixed names and ids both directions of the STIX mapping share (docs/INTERCHANGE.md §1.2 and §1.4).</summary>
public static class StixVocabulary
{
    /// <summary>STIX timestamps: UTC with milliseconds, as STIX requires for created and modified (docs/INTERCHANGE.md §1.3).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The source_name of the external reference that names the item id.</summary>
    public const string SourceName = "ceptoar";

    /// <summary>The label that marks exercise traffic (also the extension's "exercise": true).</summary>
    public const string ExerciseLabel = "exercise";

    /// <summary>The label of an item its origin replaced with a correction.</summary>
    public const string SupersededLabel = "superseded";

    /// <summary>Created and modified of the objects whose content never changes (identities, the extension-definition).</summary>
    public static readonly DateTimeOffset FixedTime = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    /// <summary>When OASIS published the TLP 2.0 marking-definitions: their "created".</summary>
    public const string Tlp2Created = "2022-10-01T00:00:00.000Z";

    /// <summary>The official TLP 2.0 marking-definition ids (OASIS cti-stix-common-objects, tlp-2.0).</summary>
    public static string Tlp2MarkingId(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
        Tlp.Green => "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
        Tlp.Amber => "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
        Tlp.AmberStrict => "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        Tlp.Red => "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "an item always carries a TLP label"),
    };

    /// <summary>The TLP label a well-known marking-definition id stands for: TLP 2.0, and TLP 1.0 (white is CLEAR).</summary>
    public static Tlp? TlpOfMarking(string markingId) => markingId switch
    {
        "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487" => Tlp.Clear,
        "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb" => Tlp.Green,
        "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421" => Tlp.Amber,
        "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003" => Tlp.AmberStrict,
        "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1" => Tlp.Red,
        "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9" => Tlp.Clear,
        "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da" => Tlp.Green,
        "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82" => Tlp.Amber,
        "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed" => Tlp.Red,
        _ => null,
    };

    /// <summary>The TLP 2.0 name ("amber+strict") of a label, as the marking's tlp_2_0 property writes it.</summary>
    public static string TlpName(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "clear",
        Tlp.Green => "green",
        Tlp.Amber => "amber",
        Tlp.AmberStrict => "amber+strict",
        Tlp.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "an item always carries a TLP label"),
    };

    /// <summary>A label named in a marking's content: TLP 2.0 names and the TLP 1.0 "white"; null for anything else.</summary>
    public static Tlp? TlpOfName(string name) => name.ToLowerInvariant() switch
    {
        "clear" or "white" or "tlp:clear" or "tlp:white" => Tlp.Clear,
        "green" or "tlp:green" => Tlp.Green,
        "amber" or "tlp:amber" => Tlp.Amber,
        "amber+strict" or "tlp:amber+strict" => Tlp.AmberStrict,
        "red" or "tlp:red" => Tlp.Red,
        _ => null,
    };

    /// <summary>An item kind as a lower-case hyphenated word ("incident-report"): the extension's "kind" and a label.</summary>
    public static string KindName(ItemKind kind) => EnumWord(kind.ToString());

    /// <summary>The kind a word names, or null.</summary>
    public static ItemKind? KindOfName(string name) =>
        Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Unspecified && KindName(k) == name).Select(k => (ItemKind?)k).FirstOrDefault();

    /// <summary>report_types (open vocabulary report-type-ov) for a kind.</summary>
    public static string ReportType(ItemKind kind) => kind switch
    {
        ItemKind.AttackMethod => "attack-pattern",
        ItemKind.VulnerabilityInformation => "vulnerability",
        _ => "threat-report",
    };

    /// <summary>The kind a foreign report gets from its report_types when it carries no extension.</summary>
    public static ItemKind KindOfReportTypes(IReadOnlyList<string> reportTypes) =>
        reportTypes.Contains("vulnerability") ? ItemKind.VulnerabilityInformation
        : reportTypes.Contains("attack-pattern") ? ItemKind.AttackMethod
        : ItemKind.RelatedInformation;

    /// <summary>A severity as a word ("none" .. "extreme").</summary>
    public static string SeverityName(Severity severity) => EnumWord(severity.ToString());

    public static Severity? SeverityOfName(string name) =>
        Enum.GetValues<Severity>().Where(s => SeverityName(s) == name).Select(s => (Severity?)s).FirstOrDefault();

    /// <summary>A handling status as a word ("investigating" .. "resolved").</summary>
    public static string StatusName(HandlingStatus status) => EnumWord(status.ToString());

    public static HandlingStatus? StatusOfName(string name) =>
        Enum.GetValues<HandlingStatus>().Where(s => s != HandlingStatus.Unspecified && StatusName(s) == name).Select(s => (HandlingStatus?)s).FirstOrDefault();

    /// <summary>The object path of a STIX pattern comparison for an indicator type; null for CVE and free text.</summary>
    public static string? PatternPath(IndicatorType type) => type switch
    {
        IndicatorType.Ipv4 => "ipv4-addr:value",
        IndicatorType.Ipv6 => "ipv6-addr:value",
        IndicatorType.Domain => "domain-name:value",
        IndicatorType.Url => "url:value",
        IndicatorType.Email => "email-addr:value",
        IndicatorType.Md5 => "file:hashes.MD5",
        IndicatorType.Sha1 => "file:hashes.'SHA-1'",
        IndicatorType.Sha256 => "file:hashes.'SHA-256'",
        _ => null,
    };

    /// <summary>The indicator type of a pattern's object path, quoted or not ("file:hashes.'SHA-256'", "file:hashes.SHA256").</summary>
    public static IndicatorType? TypeOfPath(string path) => path.Replace("'", string.Empty, StringComparison.Ordinal) switch
    {
        "ipv4-addr:value" => IndicatorType.Ipv4,
        "ipv6-addr:value" => IndicatorType.Ipv6,
        "domain-name:value" => IndicatorType.Domain,
        "url:value" => IndicatorType.Url,
        "email-addr:value" => IndicatorType.Email,
        "file:hashes.MD5" or "file:hashes.md5" => IndicatorType.Md5,
        "file:hashes.SHA-1" or "file:hashes.SHA1" or "file:hashes.sha1" or "file:hashes.sha-1" => IndicatorType.Sha1,
        "file:hashes.SHA-256" or "file:hashes.SHA256" or "file:hashes.sha256" or "file:hashes.sha-256" => IndicatorType.Sha256,
        _ => null,
    };

    /// <summary>The time in STIX form.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Writes the time in STIX form without allocating a string.</summary>
    internal static void WriteTimestamp(System.Text.Json.Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset time)
    {
        Span<char> buffer = stackalloc char[32];
        time.UtcDateTime.TryFormat(buffer, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString(name, buffer[..written]);
    }

    // Each word once per value: an export of 100,000 items asks for them per item.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Words = new(StringComparer.Ordinal);

    // "IncidentReport" -> "incident-report", "AmberStrict" -> "amber-strict".
    private static string EnumWord(string pascal) => Words.GetOrAdd(pascal, MakeWord);

    private static string MakeWord(string pascal)
    {
        var builder = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
