using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>One item's own objects (docs/INTERCHANGE.md §1.2): its report, then an indicator per typed indicator with a
/// STIX pattern and a vulnerability per CVE.</summary>
internal static partial class StixItemWriter
{
    private const string Revoked = "revoked";
    private const string Superseded = "superseded";

    public static void Write(ExportedItem exported, IStixSink sink)
    {
        var item = exported.Item;
        var state = exported.Withdrawn?.State;
        // Anything withdrawn that is not a correction's predecessor is treated as revoked: never a body (docs/LIFECYCLE.md §1.3).
        var revoked = exported.Withdrawn is not null && state != Superseded;
        var body = revoked ? null : item.Body;
        var created = item.CreatedAt?.ToDateTimeOffset() ?? exported.ReceivedAt;
        var modified = exported.Withdrawn?.At is { } at && at.ToDateTimeOffset() > created ? at.ToDateTimeOffset() : created;
        var origin = StixIds.Node(item.OriginNode);
        var marking = StixVocabulary.Tlp2MarkingId(item.Tlp);

        var refs = new List<string>();
        var indicators = body?.Indicators;
        if (indicators is not null)
        {
            for (var i = 0; i < indicators.Count; i++)
            {
                var type = indicators[i].Type;
                if (StixVocabulary.PatternPath(type) is not null)
                {
                    refs.Add(StixIds.Indicator(item.Id, i));
                }
                else if (type == IndicatorType.Cve)
                {
                    refs.Add(StixIds.Vulnerability(item.Id, i));
                }
            }
        }

        string? reporter = item.SubmittedBy is { } by && !string.IsNullOrEmpty(by.MemberId) ? StixIds.Member(by.Node, by.MemberId) : null;
        if (reporter is not null)
        {
            refs.Add(reporter);
        }

        if (refs.Count == 0)
        {
            // object_refs must hold at least one id (docs/INTERCHANGE.md §1.2): an item with nothing to point at names its origin.
            refs.Add(origin);
        }

        WriteReport(exported, body, revoked, created, modified, origin, marking, reporter, refs, sink);
        if (indicators is null)
        {
            return;
        }

        for (var i = 0; i < indicators.Count; i++)
        {
            var indicator = indicators[i];
            if (StixVocabulary.PatternPath(indicator.Type) is { } path)
            {
                WriteIndicator(item, indicator, path, i, created, origin, marking, sink);
            }
            else if (indicator.Type == IndicatorType.Cve)
            {
                WriteVulnerability(item, indicator, i, created, origin, marking, sink);
            }
        }
    }

    private static void WriteReport(ExportedItem exported, Body? body, bool revoked, DateTimeOffset created, DateTimeOffset modified,
        string origin, string marking, string? reporter, List<string> refs, IStixSink sink)
    {
        var item = exported.Item;
        var id = StixIds.Report(item.Id);
        var w = sink.Begin(id, "report", modified);
        w.WriteStartObject();
        WriteCommon(w, "report", id, origin, created, modified);
        w.WriteString("name"u8, ReportName(item, body, revoked));
        if (!string.IsNullOrEmpty(body?.Summary))
        {
            w.WriteString("description"u8, body.Summary);
        }

        w.WriteStartArray("report_types"u8);
        w.WriteStringValue(StixVocabulary.ReportType(item.Kind));
        w.WriteEndArray();
        StixVocabulary.WriteTimestamp(w, "published"u8, created);
        WriteStrings(w, "object_refs"u8, refs);
        w.WriteStartArray("labels"u8);
        w.WriteStringValue(StixVocabulary.KindName(item.Kind));
        if (item.Exercise)
        {
            w.WriteStringValue(StixVocabulary.ExerciseLabel);
        }

        if (exported.Withdrawn is not null && !revoked)
        {
            w.WriteStringValue(StixVocabulary.SupersededLabel);
        }

        w.WriteEndArray();
        if (revoked)
        {
            w.WriteBoolean("revoked"u8, true);
        }

        if (!string.IsNullOrEmpty(item.Language))
        {
            w.WriteString("lang"u8, item.Language);
        }

        WriteItemReference(w, item.Id, null);
        WriteMarking(w, marking);
        w.WriteStartObject("extensions"u8);
        w.WriteStartObject(StixIds.ExtensionDefinition);
        StixExtensionWriter.Write(w, exported, body, reporter);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
        sink.End();
    }

    private static void WriteIndicator(Item item, Indicator indicator, string path, int index, DateTimeOffset created, string origin,
        string marking, IStixSink sink)
    {
        var id = StixIds.Indicator(item.Id, index);
        var w = sink.Begin(id, "indicator", created);
        w.WriteStartObject();
        WriteCommon(w, "indicator", id, origin, created, created);
        w.WriteString("name"u8, indicator.Value);
        if (!string.IsNullOrEmpty(indicator.Description))
        {
            w.WriteString("description"u8, indicator.Description);
        }

        w.WriteString("pattern"u8, Pattern(path, indicator.Value));
        w.WriteString("pattern_type"u8, "stix"u8);
        w.WriteString("pattern_version"u8, "2.1"u8);
        StixVocabulary.WriteTimestamp(w, "valid_from"u8, created);
        if (item.ExpiresAt?.ToDateTimeOffset() is { } expires && expires > created)
        {
            StixVocabulary.WriteTimestamp(w, "valid_until"u8, expires);
        }

        WriteExerciseLabel(w, item.Exercise);
        WriteItemReference(w, item.Id, null);
        WriteMarking(w, marking);
        w.WriteEndObject();
        sink.End();
    }

    private static void WriteVulnerability(Item item, Indicator indicator, int index, DateTimeOffset created, string origin, string marking, IStixSink sink)
    {
        var id = StixIds.Vulnerability(item.Id, index);
        var w = sink.Begin(id, "vulnerability", created);
        w.WriteStartObject();
        WriteCommon(w, "vulnerability", id, origin, created, created);
        w.WriteString("name"u8, indicator.Value);
        if (!string.IsNullOrEmpty(indicator.Description))
        {
            w.WriteString("description"u8, indicator.Description);
        }

        WriteExerciseLabel(w, item.Exercise);
        // The STIX schemas accept source_name "cve" only with its stricter id pattern; an id outside it keeps its name.
        WriteItemReference(w, item.Id, StrictCve().IsMatch(indicator.Value) ? indicator.Value : null);
        WriteMarking(w, marking);
        w.WriteEndObject();
        sink.End();
    }

    internal static void WriteCommon(Utf8JsonWriter w, string type, string id, string? createdBy, DateTimeOffset created, DateTimeOffset modified)
    {
        w.WriteString("type"u8, type);
        w.WriteString("spec_version"u8, "2.1"u8);
        w.WriteString("id"u8, id);
        if (createdBy is not null)
        {
            w.WriteString("created_by_ref"u8, createdBy);
        }

        StixVocabulary.WriteTimestamp(w, "created"u8, created);
        StixVocabulary.WriteTimestamp(w, "modified"u8, modified);
    }

    internal static void WriteMarking(Utf8JsonWriter w, string marking)
    {
        w.WriteStartArray("object_marking_refs"u8);
        w.WriteStringValue(marking);
        w.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter w, ReadOnlySpan<byte> name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>A STIX pattern comparing one object path with a string literal; quote and backslash escaped (STIX 2.1 §9.3).</summary>
    internal static string Pattern(string path, string value) =>
        "[" + path + " = '" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";

    private static void WriteExerciseLabel(Utf8JsonWriter w, bool exercise)
    {
        if (exercise)
        {
            w.WriteStartArray("labels"u8);
            w.WriteStringValue(StixVocabulary.ExerciseLabel);
            w.WriteEndArray();
        }
    }

    private static void WriteItemReference(Utf8JsonWriter w, string itemId, string? cve)
    {
        w.WriteStartArray("external_references"u8);
        if (cve is not null)
        {
            w.WriteStartObject();
            w.WriteString("source_name"u8, "cve"u8);
            w.WriteString("external_id"u8, cve);
            w.WriteEndObject();
        }

        w.WriteStartObject();
        w.WriteString("source_name"u8, StixVocabulary.SourceName);
        w.WriteString("external_id"u8, itemId);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static string ReportName(Item item, Body? body, bool revoked)
    {
        if (!string.IsNullOrEmpty(body?.Title))
        {
            return body.Title;
        }

        // Export texts are data, the same for every reader: the neutral language (English).
        var culture = CultureInfo.InvariantCulture;
        return revoked
            ? string.Format(culture, InterchangeText.ResourceManager.GetString(nameof(InterchangeText.ReportNameWithdrawn), culture)!, item.Id)
            : string.Format(culture, InterchangeText.ResourceManager.GetString(nameof(InterchangeText.ReportNameUntitled), culture)!,
                StixVocabulary.KindName(item.Kind), item.Id);
    }

    [GeneratedRegex(@"^CVE-\d{4}-(0\d{3}|[1-9]\d{3,})$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictCve();
}
