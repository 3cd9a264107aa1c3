using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// A report as a draft without its label and referred indicators (the bundle reader adds those): name and description
/// as title and summary, and the 5W1H extension's fields where the report carries it (docs/INTERCHANGE.md §1.4).
/// </summary>
internal static class StixReportReader
{
    public static ItemDraft Read(StixFields fields, ItemLimits limits)
    {
        if (fields.Boolean("revoked") == true)
        {
            throw new StixRefusalException("revoked", StixText.Format(nameof(InterchangeText.RevokedObject)));
        }

        var title = fields.RequiredString("name", "report", limits.MaxTitleChars);
        var labels = fields.Strings("labels");
        var extension = fields.Object("extensions")?.Object(StixIds.ExtensionDefinition);
        var what = extension?.String("what", limits.MaxWhatChars);
        var (summary, longWhat) = Summary(fields, title, what is not null, limits);
        var body = new Body { Title = title, Summary = summary, What = what ?? longWhat ?? string.Empty };
        var draft = new ItemDraft
        {
            Kind = Kind(fields, extension, labels),
            Language = fields.String("lang", 35) ?? string.Empty,
            Exercise = labels.Contains(StixVocabulary.ExerciseLabel) || extension?.Boolean("exercise") == true,
            Body = body,
        };
        if (extension is { } ext)
        {
            Read5W1H(ext, body, limits);
            draft.SuspectedTerrorism = ext.Boolean("suspected_terrorism") ?? false;
            draft.Voluntary = ext.Boolean("voluntary") ?? false;
            if (ReadReferences(ext, limits) is { } references)
            {
                draft.References = references;
            }
        }

        return draft;
    }

    // A foreign report's description longer than a summary keeps every word: cut for the summary, whole as "what".
    private static (string Summary, string? What) Summary(StixFields fields, string title, bool hasWhat, ItemLimits limits)
    {
        var description = fields.String("description");
        if (string.IsNullOrWhiteSpace(description))
        {
            // Every item needs a summary; a report without a description is summed up by its name.
            return (title, null);
        }

        if (description.Length <= limits.MaxSummaryChars)
        {
            return (description, null);
        }

        if (hasWhat || description.Length > limits.MaxWhatChars)
        {
            throw StixFields.TooLong(fields.Field("description"), description.Length, hasWhat ? limits.MaxSummaryChars : limits.MaxWhatChars);
        }

        var cut = limits.MaxSummaryChars - 1;
        if (char.IsHighSurrogate(description[cut - 1]))
        {
            cut--;
        }

        return (description[..cut] + "…", description);
    }

    private static ItemKind Kind(StixFields fields, StixFields? extension, List<string> labels)
    {
        if (extension?.String("kind") is not { } word)
        {
            // Tools that drop unknown extensions (and so the 5W1H) usually keep labels: the export's kind label tells it.
            return labels.Select(StixVocabulary.KindOfName).FirstOrDefault(k => k is { } kind && ItemValidator.MemberKinds.Contains(kind))
                ?? StixVocabulary.KindOfReportTypes(fields.Strings("report_types"));
        }

        // Only what a member may submit: a drill or a receipt in a bundle would be refused by the submit path anyway.
        return StixVocabulary.KindOfName(word) is { } kind && ItemValidator.MemberKinds.Contains(kind)
            ? kind
            : throw BadWord(extension.Value.Field("kind"), word, ItemValidator.MemberKinds.Select(StixVocabulary.KindName));
    }

    private static void Read5W1H(StixFields ext, Body body, ItemLimits limits)
    {
        body.OccurredAt = ext.Timestamp("occurred_at") is { } occurred ? Timestamp.FromDateTimeOffset(occurred) : null;
        body.DetectedAt = ext.Timestamp("detected_at") is { } detected ? Timestamp.FromDateTimeOffset(detected) : null;
        if (ext.Object("where") is { } where)
        {
            body.Where = new Where();
            body.Where.Systems.AddRange(where.Strings("systems", limits.MaxListEntries, limits.MaxShortTextChars));
            body.Where.Services.AddRange(where.Strings("services", limits.MaxListEntries, limits.MaxShortTextChars));
            body.Where.Regions.AddRange(where.Strings("regions", limits.MaxListEntries, limits.MaxShortTextChars));
        }

        body.Affected.AddRange(ext.Strings("affected", limits.MaxListEntries, limits.MaxShortTextChars));
        if (ext.Object("why") is { } why)
        {
            body.Why = new Why
            {
                ThreatType = why.String("threat_type", limits.MaxShortTextChars) ?? string.Empty,
                Cause = why.String("cause", limits.MaxSummaryChars) ?? string.Empty,
            };
        }

        if (ext.Object("how") is { } how)
        {
            body.How = new How();
            body.How.ActionsTaken.AddRange(how.Strings("actions_taken", limits.MaxListEntries, limits.MaxShortTextChars));
            if (how.String("status") is { } status)
            {
                body.How.Status = StixVocabulary.StatusOfName(status)
                    ?? throw BadWord(how.Field("status"), status, Enum.GetValues<HandlingStatus>().Where(s => s != HandlingStatus.Unspecified).Select(StixVocabulary.StatusName));
            }
        }

        if (ext.String("severity") is { } severity)
        {
            body.Severity = StixVocabulary.SeverityOfName(severity)
                ?? throw BadWord(ext.Field("severity"), severity, Enum.GetValues<Severity>().Select(StixVocabulary.SeverityName));
        }

        var freeText = ext.Array("free_text_indicators");
        for (var i = 0; i < freeText.Count; i++)
        {
            var path = ext.Field("free_text_indicators") + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            if (freeText[i].ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw StixFields.WrongType(path, nameof(InterchangeText.TypeObject));
            }

            var entry = new StixFields(freeText[i], path);
            body.Indicators.Add(new Indicator
            {
                Type = IndicatorType.FreeText,
                Value = entry.RequiredString("value", "free-text indicator", limits.MaxIndicatorValueChars),
                Description = entry.String("description", limits.MaxShortTextChars) ?? string.Empty,
            });
        }
    }

    // Links to other items survive by id; "supersedes" never does: only a correction may supersede (docs/LIFECYCLE.md §1.2).
    private static References? ReadReferences(StixFields ext, ItemLimits limits)
    {
        if (ext.Object("references") is not { } refs)
        {
            return null;
        }

        var references = new References();
        if (refs.String("in_reply_to") is { Length: > 0 } inReplyTo)
        {
            references.InReplyTo = UuidV7.IsValid(inReplyTo) ? inReplyTo : throw NotItemId(refs.Field("in_reply_to"));
        }

        foreach (var related in refs.Strings("related", limits.MaxListEntries))
        {
            references.Related.Add(UuidV7.IsValid(related) ? related : throw NotItemId(refs.Field("related")));
        }

        return references.InReplyTo.Length == 0 && references.Related.Count == 0 ? null : references;
    }

    private static StixRefusalException BadWord(string field, string value, IEnumerable<string> allowed) =>
        new("bad_field", StixText.Format(nameof(InterchangeText.BadWord), field, value.Length > 64 ? value[..64] + "…" : value, string.Join(", ", allowed)));

    private static StixRefusalException NotItemId(string field) => new("bad_field", StixText.Format(nameof(InterchangeText.NotItemId), field));
}
