using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Interchange.Misp.MispVocabulary;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>Items as MISP core format events (docs/INTERCHANGE.md §2): pure, no I/O.</summary>
public static class MispExport
{
    // The colour MISP shows the ceptoar:* tags in; the TLP tags have their taxonomy's colours (MispVocabulary).
    private const string CeptoarColour = "#004c99";

    // Japanese text stays readable in the file; the characters HTML treats specially are still escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>
    /// <c>{"response":[{"Event":…},…]}</c>, one event per item in the given order, the shape MISP's own REST search answers
    /// with (also for a single item). The caller has already decided the items may be shown (Core/Policy).
    /// </summary>
    public static byte[] Events(IReadOnlyList<ExportedItem> items, ExportContext context)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(context);
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, items.Count * 2048));
        var orgs = new Dictionary<string, string>(StringComparer.Ordinal);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("response");
            foreach (var exported in items)
            {
                writer.WriteStartObject();
                WriteEvent(writer, exported, context, orgs);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteEvent(Utf8JsonWriter writer, ExportedItem exported, ExportContext context, Dictionary<string, string> orgs)
    {
        var item = exported.Item;
        var withdrawn = exported.Withdrawn;

        // A revoked item's body is served by no door (docs/LIFECYCLE.md §1): whatever the item carries, only its tombstone
        // goes out. A superseded item stays readable, marked with its correction.
        var revoked = withdrawn is not null && withdrawn.State != "superseded";
        var body = revoked ? null : item.Body;
        var attributes = body is null ? [] : MispAttributes.Of(item, body);
        var (tlpTag, tlpColour, distribution) = LabelOf(item.Tlp);
        var now = Seconds(context.Now);
        var created = item.CreatedAt?.ToDateTimeOffset() ?? context.Now;
        var date = (body?.OccurredAt?.ToDateTimeOffset() ?? created).UtcDateTime;

        writer.WriteStartObject("Event");
        writer.WriteString("uuid", item.Id);
        writer.WriteString("info", body is { Title.Length: > 0 } ? body.Title : Tombstone(item, withdrawn));
        writer.WriteString("date", date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        writer.WriteString("timestamp", now);
        writer.WriteBoolean("published", true);
        writer.WriteString("publish_timestamp", now);
        writer.WriteString("first_publication", Seconds(created));
        writer.WriteString("threat_level_id", ThreatLevelOf(body?.Severity ?? Severity.None));
        writer.WriteString("analysis", AnalysisOf(body?.How?.Status ?? HandlingStatus.Unspecified));
        writer.WriteString("distribution", distribution);
        writer.WriteString("sharing_group_id", "0");
        writer.WriteString("attribute_count", attributes.Count.ToString(CultureInfo.InvariantCulture));
        WriteOrg(writer, "Orgc", item.OriginNode, orgs);
        WriteOrg(writer, "Org", context.NodeId, orgs);

        writer.WriteStartArray("Tag");
        WriteTag(writer, tlpTag, tlpColour);
        foreach (var tag in EventTags(item, body, withdrawn))
        {
            WriteTag(writer, tag, CeptoarColour);
        }

        writer.WriteEndArray();

        writer.WriteStartArray("Attribute");
        foreach (var attribute in attributes)
        {
            WriteAttribute(writer, attribute, now);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The machine tags of an event besides its TLP tag, in a fixed order (docs/INTERCHANGE.md §2.1).</summary>
    private static IEnumerable<string> EventTags(Item item, Body? body, Withdrawal? withdrawn)
    {
        yield return Tag(KindPredicate, KindName(item.Kind));
        if (item.Exercise)
        {
            yield return Tag(ExercisePredicate, "true");
        }

        if (withdrawn is not null)
        {
            yield return Tag(WithdrawnPredicate, withdrawn.State == "superseded" ? "superseded" : "revoked");
            if (withdrawn.ByItemId.Length > 0)
            {
                yield return Tag(WithdrawnByPredicate, withdrawn.ByItemId);
            }
        }

        if (item.Language.Length > 0)
        {
            yield return Tag(LanguagePredicate, item.Language);
        }

        if (body is null)
        {
            yield break;
        }

        yield return Tag(SeverityPredicate, SeverityName(body.Severity));
        if (body.How is { Status: not HandlingStatus.Unspecified } how && Enum.IsDefined(how.Status))
        {
            yield return Tag(StatusPredicate, StatusName(how.Status));
        }

        if (body.Why is { ThreatType.Length: > 0 } why)
        {
            yield return Tag(ThreatTypePredicate, why.ThreatType);
        }

        // The item carries its reporter only where its handling policy lets recipients name the source (item.proto).
        if (item.SubmittedBy is { MemberId.Length: > 0 } reporter)
        {
            yield return Tag(ReporterPredicate, $"{reporter.Node}/{reporter.MemberId}");
            if (reporter.DisplayName.Length > 0)
            {
                yield return Tag(ReporterNamePredicate, reporter.DisplayName);
            }
        }
    }

    // The info of an event whose item has no title to show: its id and what became of it, the same in every language.
    private static string Tombstone(Item item, Withdrawal? withdrawn) =>
        withdrawn is null ? item.Id : $"{item.Id} ({(withdrawn.State == "superseded" ? "superseded" : "revoked")})";

    private static void WriteOrg(Utf8JsonWriter writer, string name, string nodeId, Dictionary<string, string> orgs)
    {
        if (!orgs.TryGetValue(nodeId, out var uuid))
        {
            uuid = orgs[nodeId] = NameBasedUuid.Of(NameBasedUuid.NodeNamespace, nodeId);
        }

        writer.WriteStartObject(name);
        writer.WriteString("name", nodeId);
        writer.WriteString("uuid", uuid);
        writer.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter writer, string name, string colour)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("colour", colour);
        writer.WriteBoolean("exportable", true);
        writer.WriteEndObject();
    }

    private static void WriteAttribute(Utf8JsonWriter writer, MispAttribute attribute, string now)
    {
        writer.WriteStartObject();
        writer.WriteString("uuid", attribute.Uuid);
        writer.WriteString("type", attribute.Type);
        writer.WriteString("category", attribute.Category);
        writer.WriteBoolean("to_ids", attribute.ToIds);
        writer.WriteString("distribution", InheritEvent);
        writer.WriteString("sharing_group_id", "0");
        writer.WriteString("timestamp", now);
        writer.WriteString("comment", attribute.Comment);
        writer.WriteBoolean("deleted", false);
        writer.WriteBoolean("disable_correlation", attribute.Field is not null);
        writer.WriteString("value", attribute.Value);
        if (attribute.Field is { } field)
        {
            writer.WriteStartArray("Tag");
            WriteTag(writer, Tag(FieldPredicate, field), CeptoarColour);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
}
