using System.Text.Json;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// The 5W1H property extension of a report (docs/INTERCHANGE.md §1.5): what an item says that STIX has no property for.
/// Empty lists and texts are left out (STIX forbids empty lists); the audience never appears, it names recipients.
/// </summary>
internal static class StixExtensionWriter
{
    public static void Write(Utf8JsonWriter w, ExportedItem exported, Body? body, string? reporter)
    {
        var item = exported.Item;
        w.WriteString("extension_type"u8, "property-extension"u8);
        w.WriteString("kind"u8, StixVocabulary.KindName(item.Kind));
        w.WriteBoolean("exercise"u8, item.Exercise);
        if (body is not null)
        {
            WriteBody(w, body);
        }

        if (item.ExpiresAt is { } expires)
        {
            StixVocabulary.WriteTimestamp(w, "expires_at"u8, expires.ToDateTimeOffset());
        }

        if (item.SuspectedTerrorism)
        {
            w.WriteBoolean("suspected_terrorism"u8, true);
        }

        if (item.Voluntary)
        {
            w.WriteBoolean("voluntary"u8, true);
        }

        if (reporter is not null)
        {
            w.WriteString("reported_by_ref"u8, reporter);
        }

        WriteReferences(w, item.References);
        if (exported.Withdrawn is { } withdrawn)
        {
            w.WriteStartObject("withdrawn"u8);
            w.WriteString("state"u8, withdrawn.State == "superseded" ? "superseded" : "revoked");
            WriteText(w, "by_item_id"u8, withdrawn.ByItemId);
            WriteText(w, "reason"u8, withdrawn.Reason);
            if (withdrawn.At is { } at)
            {
                StixVocabulary.WriteTimestamp(w, "at"u8, at.ToDateTimeOffset());
            }

            w.WriteEndObject();
        }
    }

    private static void WriteBody(Utf8JsonWriter w, Body body)
    {
        if (body.OccurredAt is { } occurred)
        {
            StixVocabulary.WriteTimestamp(w, "occurred_at"u8, occurred.ToDateTimeOffset());
        }

        if (body.DetectedAt is { } detected)
        {
            StixVocabulary.WriteTimestamp(w, "detected_at"u8, detected.ToDateTimeOffset());
        }

        if (body.Where is { } where && (where.Systems.Count + where.Services.Count + where.Regions.Count) > 0)
        {
            w.WriteStartObject("where"u8);
            WriteList(w, "systems"u8, where.Systems);
            WriteList(w, "services"u8, where.Services);
            WriteList(w, "regions"u8, where.Regions);
            w.WriteEndObject();
        }

        WriteList(w, "affected"u8, body.Affected);
        WriteText(w, "what"u8, body.What);
        if (body.Why is { } why && (why.ThreatType.Length + why.Cause.Length) > 0)
        {
            w.WriteStartObject("why"u8);
            WriteText(w, "threat_type"u8, why.ThreatType);
            WriteText(w, "cause"u8, why.Cause);
            w.WriteEndObject();
        }

        if (body.How is { } how && (how.ActionsTaken.Count > 0 || how.Status != HandlingStatus.Unspecified))
        {
            w.WriteStartObject("how"u8);
            WriteList(w, "actions_taken"u8, how.ActionsTaken);
            if (how.Status != HandlingStatus.Unspecified)
            {
                w.WriteString("status"u8, StixVocabulary.StatusName(how.Status));
            }

            w.WriteEndObject();
        }

        w.WriteString("severity"u8, StixVocabulary.SeverityName(body.Severity));
        var freeText = body.Indicators.Where(i => i.Type == IndicatorType.FreeText).ToList();
        if (freeText.Count > 0)
        {
            // A STIX indicator needs a detection pattern; free text has none, so it travels here (docs/INTERCHANGE.md §1.2).
            w.WriteStartArray("free_text_indicators"u8);
            foreach (var indicator in freeText)
            {
                w.WriteStartObject();
                w.WriteString("value"u8, indicator.Value);
                WriteText(w, "description"u8, indicator.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
    }

    private static void WriteReferences(Utf8JsonWriter w, References? references)
    {
        if (references is null || (references.InReplyTo.Length == 0 && references.Supersedes.Count == 0 && references.Related.Count == 0))
        {
            return;
        }

        w.WriteStartObject("references"u8);
        WriteText(w, "in_reply_to"u8, references.InReplyTo);
        WriteList(w, "supersedes"u8, references.Supersedes);
        WriteList(w, "related"u8, references.Related);
        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            StixItemWriter.WriteStrings(w, name, values);
        }
    }

    private static void WriteText(Utf8JsonWriter w, ReadOnlySpan<byte> name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            w.WriteString(name, value);
        }
    }
}
