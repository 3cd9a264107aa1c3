using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>The tables between items and MISP events, one place for both directions (docs/INTERCHANGE.md §2).</summary>
internal static class MispVocabulary
{
    /// <summary>The namespace of the machine tags that carry what MISP has no field for.</summary>
    public const string TagNamespace = "ceptoar:";

    public const string KindPredicate = "kind";
    public const string SeverityPredicate = "severity";
    public const string StatusPredicate = "handling-status";
    public const string ThreatTypePredicate = "threat-type";
    public const string LanguagePredicate = "language";
    public const string ExercisePredicate = "exercise";
    public const string WithdrawnPredicate = "withdrawn";
    public const string WithdrawnByPredicate = "withdrawn-by";
    public const string ReporterPredicate = "reporter";
    public const string ReporterNamePredicate = "reporter-name";
    public const string FieldPredicate = "field";

    /// <summary>MISP distribution "5": an attribute inherits its event's distribution, so it can never go further.</summary>
    public const string InheritEvent = "5";

    /// <summary>The 5W1H fields that travel as attributes, by their <c>ceptoar:field</c> value.</summary>
    public static class Fields
    {
        public const string Summary = "summary";
        public const string What = "what";
        public const string Cause = "cause";
        public const string OccurredAt = "occurred-at";
        public const string DetectedAt = "detected-at";
        public const string WhereSystem = "where-system";
        public const string WhereService = "where-service";
        public const string WhereRegion = "where-region";
        public const string Affected = "affected";
        public const string ActionTaken = "action-taken";

        public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
        {
            Summary, What, Cause, OccurredAt, DetectedAt, WhereSystem, WhereService, WhereRegion, Affected, ActionTaken,
        };

        public static bool IsTime(string field) => field is OccurredAt or DetectedAt;
    }

    /// <summary>One indicator type as a MISP attribute: its type, category and whether IDS may act on it.</summary>
    public sealed record AttributeShape(string Type, string Category, bool ToIds);

    private static readonly Dictionary<IndicatorType, AttributeShape> Shapes = new()
    {
        [IndicatorType.Ipv4] = new("ip-dst", "Network activity", true),
        [IndicatorType.Ipv6] = new("ip-dst", "Network activity", true),
        [IndicatorType.Domain] = new("domain", "Network activity", true),
        [IndicatorType.Url] = new("url", "Network activity", true),
        // A sender is what an e-mail indicator of compromise is in the field (phishing); MISP files it under delivery.
        [IndicatorType.Email] = new("email-src", "Payload delivery", true),
        [IndicatorType.Md5] = new("md5", "Payload delivery", true),
        [IndicatorType.Sha1] = new("sha1", "Payload delivery", true),
        [IndicatorType.Sha256] = new("sha256", "Payload delivery", true),
        [IndicatorType.Cve] = new("vulnerability", "External analysis", false),
        [IndicatorType.FreeText] = new("text", "Other", false),
    };

    /// <summary>The MISP attribute types an import reads, and the indicator type each becomes (IP by the value's family).</summary>
    private static readonly Dictionary<string, IndicatorType> TypesIn = new(StringComparer.Ordinal)
    {
        ["ip-dst"] = IndicatorType.Ipv4,
        ["ip-src"] = IndicatorType.Ipv4,
        ["domain"] = IndicatorType.Domain,
        ["hostname"] = IndicatorType.Domain,
        ["url"] = IndicatorType.Url,
        ["email"] = IndicatorType.Email,
        ["email-src"] = IndicatorType.Email,
        ["email-dst"] = IndicatorType.Email,
        ["md5"] = IndicatorType.Md5,
        ["sha1"] = IndicatorType.Sha1,
        ["sha256"] = IndicatorType.Sha256,
        ["vulnerability"] = IndicatorType.Cve,
        ["text"] = IndicatorType.FreeText,
        ["comment"] = IndicatorType.FreeText,
        ["other"] = IndicatorType.FreeText,
    };

    private static readonly Dictionary<Tlp, (string Tag, string Colour, string Distribution)> Labels = new()
    {
        [Tlp.Clear] = ("tlp:clear", "#ffffff", "3"),
        [Tlp.Green] = ("tlp:green", "#33ff00", "2"),
        [Tlp.Amber] = ("tlp:amber", "#ffc000", "0"),
        [Tlp.AmberStrict] = ("tlp:amber+strict", "#ffc000", "0"),
        [Tlp.Red] = ("tlp:red", "#ff2b2b", "0"),
    };

    /// <summary>TLP 2.0 and 1.0 tag names (lower case) and the label each means; TLP 1.0's WHITE is 2.0's CLEAR.</summary>
    private static readonly Dictionary<string, Tlp> TlpTags = new(StringComparer.Ordinal)
    {
        ["tlp:clear"] = Tlp.Clear,
        ["tlp:white"] = Tlp.Clear,
        ["tlp:green"] = Tlp.Green,
        ["tlp:amber"] = Tlp.Amber,
        ["tlp:amber+strict"] = Tlp.AmberStrict,
        ["tlp:red"] = Tlp.Red,
    };

    private static readonly Dictionary<ItemKind, string> KindNames = Enum.GetValues<ItemKind>()
        .Where(k => k != ItemKind.Unspecified)
        .ToDictionary(k => k, k => Slug(ProtoNames.Of(k), "ITEM_KIND_"));

    private static readonly Dictionary<string, ItemKind> KindsByName = KindNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static readonly Dictionary<Severity, string> SeverityNames = Enum.GetValues<Severity>().ToDictionary(s => s, s => Slug(ProtoNames.Of(s), "SEVERITY_"));

    private static readonly Dictionary<string, Severity> SeveritiesByName = SeverityNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    private static readonly Dictionary<HandlingStatus, string> StatusNames = Enum.GetValues<HandlingStatus>()
        .Where(s => s != HandlingStatus.Unspecified)
        .ToDictionary(s => s, s => Slug(ProtoNames.Of(s), "HANDLING_STATUS_"));

    private static readonly Dictionary<string, HandlingStatus> StatusesByName = StatusNames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    /// <summary>The kinds a member may submit and so an import may ask for; federation kinds and crime damage are the node's.</summary>
    public static IReadOnlyList<ItemKind> ImportableKinds { get; } =
    [
        ItemKind.IncidentReport, ItemKind.EarlyWarning, ItemKind.AttackMethod, ItemKind.RecoveryMethod, ItemKind.RelatedInformation,
        ItemKind.CoordinationRequest, ItemKind.DamageReport, ItemKind.ResponseStatus, ItemKind.VulnerabilityInformation,
    ];

    public static AttributeShape ShapeOf(IndicatorType type) => Shapes.TryGetValue(type, out var shape) ? shape : Shapes[IndicatorType.FreeText];

    public static bool TryIndicatorType(string mispType, out IndicatorType type) => TypesIn.TryGetValue(mispType, out type);

    public static IEnumerable<string> ImportedTypes => TypesIn.Keys.Order(StringComparer.Ordinal);

    public static (string Tag, string Colour, string Distribution) LabelOf(Tlp tlp) =>
        Labels.TryGetValue(tlp, out var label) ? label : throw new ArgumentOutOfRangeException(nameof(tlp), tlp, "an exported item always has a TLP 2.0 label");

    /// <summary>The label a tag names (any case; TLP 1.0 or 2.0), or null when the tag is no TLP tag.</summary>
    public static Tlp? TlpOfTag(string tag) => TlpTags.TryGetValue(tag.Trim().ToLowerInvariant(), out var tlp) ? tlp : null;

    public static bool IsTlpTag(string tag) => tag.Trim().StartsWith("tlp:", StringComparison.OrdinalIgnoreCase);

    public static string KindName(ItemKind kind) => KindNames.TryGetValue(kind, out var name) ? name : "unspecified";

    public static bool TryKind(string name, out ItemKind kind) => KindsByName.TryGetValue(name, out kind);

    public static string SeverityName(Severity severity) => SeverityNames.TryGetValue(severity, out var name) ? name : SeverityNames[Severity.None];

    public static bool TrySeverity(string name, out Severity severity) => SeveritiesByName.TryGetValue(name, out severity);

    public static string StatusName(HandlingStatus status) => StatusNames[status];

    public static bool TryStatus(string name, out HandlingStatus status) => StatusesByName.TryGetValue(name, out status);

    /// <summary>MISP threat_level_id: 1 High (extreme and high), 2 Medium, 3 Low, 4 Undefined (none).</summary>
    public static string ThreatLevelOf(Severity severity) => severity switch
    {
        Severity.Extreme or Severity.High => "1",
        Severity.Medium => "2",
        Severity.Low => "3",
        _ => "4",
    };

    public static Severity SeverityOfThreatLevel(string threatLevel) => threatLevel switch
    {
        "1" => Severity.High,
        "2" => Severity.Medium,
        "3" => Severity.Low,
        _ => Severity.None,
    };

    /// <summary>MISP analysis: 0 Initial (not stated), 1 Ongoing (investigating, contained, recovering), 2 Complete (resolved).</summary>
    public static string AnalysisOf(HandlingStatus status) => status switch
    {
        HandlingStatus.Investigating or HandlingStatus.Contained or HandlingStatus.Recovering => "1",
        HandlingStatus.Resolved => "2",
        _ => "0",
    };

    public static HandlingStatus StatusOfAnalysis(string analysis) => analysis switch
    {
        "1" => HandlingStatus.Investigating,
        "2" => HandlingStatus.Resolved,
        _ => HandlingStatus.Unspecified,
    };

    /// <summary>A machine tag <c>ceptoar:predicate="value"</c>; a double quote in the value would end it early, so it becomes a single one.</summary>
    public static string Tag(string predicate, string value) => $"{TagNamespace}{predicate}=\"{value.Replace('"', '\'')}\"";

    /// <summary>Reads <c>ceptoar:predicate="value"</c> (quotes optional); false for any other tag.</summary>
    public static bool TryReadTag(string tag, out string predicate, out string value)
    {
        predicate = value = string.Empty;
        if (!tag.StartsWith(TagNamespace, StringComparison.Ordinal))
        {
            return false;
        }

        var equals = tag.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            return false;
        }

        predicate = tag[TagNamespace.Length..equals];
        value = tag[(equals + 1)..];
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            value = value[1..^1];
        }

        return true;
    }

    private static string Slug(string protoName, string prefix) => protoName[prefix.Length..].ToLowerInvariant().Replace('_', '-');
}
