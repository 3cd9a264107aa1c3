using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>The objects of one bundle as drafts and refusals (docs/INTERCHANGE.md §1.6).</summary>
internal sealed partial class StixBundleReader(string bundleId, ImportOptions options, ItemLimits limits)
{
    // Read for what they say (labels, names), never imported and never refused.
    private static readonly HashSet<string> Supporting = new(StringComparer.Ordinal)
    {
        "identity", "marking-definition", "extension-definition", "relationship",
    };

    private readonly List<ImportRefusal> _refusals = [];
    private readonly List<ImportedDraft> _drafts = [];

    public ImportOutcome Read(JsonElement objects)
    {
        var entries = Index(objects);
        var markings = BundleMarkings(entries);
        var labels = new Dictionary<string, Tlp>(StringComparer.Ordinal);
        var indicators = new Dictionary<string, Indicator>(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Type is "report" or "indicator" or "vulnerability"))
        {
            var read = Try(entry, () => labels[entry.Id] = Label(entry, markings))
                && (entry.Type == "report" || Try(entry, () => indicators[entry.Id] = StixIndicatorReader.Read(entry.Fields, entry.Type, limits)));
            if (!read)
            {
                failed.Add(entry.Id);
            }
        }

        var byId = entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.Type == "report")
            {
                if (!failed.Contains(entry.Id))
                {
                    Try(entry, () => ReadReport(entry, byId, indicators, labels, referenced));
                }
            }
            else if (entry.Type is not ("indicator" or "vulnerability") && !Supporting.Contains(entry.Type))
            {
                _refusals.Add(new ImportRefusal(entry.Id, "unsupported_type", StixText.Format(nameof(InterchangeText.UnsupportedType), entry.Type)));
            }
        }

        GroupOrphans(entries.Where(e => indicators.ContainsKey(e.Id) && !referenced.Contains(e.Id)).ToList(), indicators, labels);
        return new ImportOutcome(_drafts, _refusals);
    }

    private void ReadReport(Entry entry, Dictionary<string, Entry> byId, Dictionary<string, Indicator> indicators, Dictionary<string, Tlp> labels,
        HashSet<string> referenced)
    {
        var fields = entry.Fields;
        var refs = fields.Strings("object_refs");
        // Referred to, so not an orphan, even if this report is refused below: its refusal names the report.
        referenced.UnionWith(refs);
        var draft = StixReportReader.Read(fields, limits);
        // The extension's free-text indicators follow those the report refers to (docs/INTERCHANGE.md §1.4).
        var freeText = draft.Body.Indicators.ToList();
        draft.Body.Indicators.Clear();
        var tlp = labels[entry.Id];
        var missing = new List<string>();
        foreach (var reference in refs)
        {
            if (indicators.TryGetValue(reference, out var indicator))
            {
                draft.Body.Indicators.Add(indicator);
                tlp = Max(tlp, labels[reference]);
            }
            else if (!byId.ContainsKey(reference))
            {
                missing.Add(reference);
            }
        }

        draft.Body.Indicators.AddRange(freeText);
        if (draft.Body.Indicators.Count > limits.MaxIndicators)
        {
            throw new StixRefusalException("too_many_indicators",
                StixText.Format(nameof(InterchangeText.TooManyIndicators), draft.Body.Indicators.Count, limits.MaxIndicators));
        }

        draft.Tlp = tlp;
        _drafts.Add(new ImportedDraft(entry.Id, draft));
        if (missing.Count > 0)
        {
            // One refusal per report, naming the first ids only: a hostile report may name a million missing ones.
            var shown = string.Join(", ", missing.Take(10).Select(m => m.Length > 100 ? m[..100] + "…" : m)) + (missing.Count > 10 ? ", …" : string.Empty);
            _refusals.Add(new ImportRefusal(entry.Id, "missing_ref", StixText.Format(nameof(InterchangeText.MissingRef), missing.Count, shown)));
        }
    }

    // Indicators no report refers to: one related-information draft per label and 1,000 indicators (ItemLimits.MaxIndicators).
    private void GroupOrphans(List<Entry> orphans, Dictionary<string, Indicator> indicators, Dictionary<string, Tlp> labels)
    {
        var shownId = bundleId.Length > 60 ? bundleId[..60] + "…" : bundleId;
        var language = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "ja" : "en";
        foreach (var group in orphans.GroupBy(e => labels[e.Id]).OrderBy(g => g.Key))
        {
            var chunks = group.Chunk(limits.MaxIndicators).ToList();
            for (var n = 0; n < chunks.Count; n++)
            {
                var chunk = chunks[n];
                var draft = new ItemDraft
                {
                    Kind = ItemKind.RelatedInformation,
                    Tlp = group.Key,
                    Language = language,
                    Body = new Body
                    {
                        Title = StixText.Format(nameof(InterchangeText.OrphanTitle), shownId, n + 1, chunks.Count),
                        Summary = StixText.Format(nameof(InterchangeText.OrphanSummary), chunk.Length, shownId),
                    },
                };
                draft.Body.Indicators.AddRange(chunk.Select(e => indicators[e.Id]));
                // The first indicator's id names the draft: stable across retries of the same bundle, unique in it.
                _drafts.Add(new ImportedDraft(chunk[0].Id, draft));
            }
        }
    }

    private List<Entry> Index(JsonElement objects)
    {
        var entries = new List<Entry>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var element in objects.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.objects[{i++}]");
            if (element.ValueKind != JsonValueKind.Object)
            {
                _refusals.Add(new ImportRefusal(path, "bad_object", StixText.Format(nameof(InterchangeText.NotAnObject))));
                continue;
            }

            var fields = new StixFields(element, path);
            string id;
            string type;
            DateTimeOffset? modified;
            try
            {
                id = fields.RequiredString("id", "STIX object");
                type = fields.RequiredString("type", "STIX object");
                // The STIX identifier pattern (docs/INTERCHANGE.md §1.3), whose type part names the object's type: an id
                // is echoed in refusals and used as a source id, so it must be the short, known shape.
                if (!Identifier().IsMatch(id) || !id.StartsWith(type + "--", StringComparison.Ordinal))
                {
                    throw new StixRefusalException("bad_field", StixText.Format(nameof(InterchangeText.BadIdentifier), path + ".id"));
                }
                modified = fields.Timestamp("modified");
            }
            catch (StixRefusalException e)
            {
                _refusals.Add(new ImportRefusal(path, e.Code, e.Message));
                continue;
            }

            var entry = new Entry(id, type, modified, fields);
            if (!positions.TryGetValue(id, out var seen))
            {
                positions[id] = entries.Count;
                entries.Add(entry);
                continue;
            }

            var other = entries[seen];
            if (other.Modified == modified)
            {
                throw StixImport.Refused(path + ".id", "duplicate_id", nameof(InterchangeText.DuplicateId), id);
            }

            // STIX versions share an id: the newest "modified" is the object; older versions are named, not imported.
            var (newer, older) = modified > other.Modified ? (entry, other) : (other, entry);
            entries[seen] = newer;
            _refusals.Add(new ImportRefusal(older.Id, "older_version",
                StixText.Format(nameof(InterchangeText.OlderVersion), id, newer.Modified is { } m ? StixVocabulary.Timestamp(m) : "-")));
        }

        return entries;
    }

    // Marking-definitions of the bundle that state a TLP level: TLP 1.0 (definition_type "tlp") or the TLP 2.0 extension.
    private static Dictionary<string, Tlp> BundleMarkings(List<Entry> entries)
    {
        var markings = new Dictionary<string, Tlp>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Type == "marking-definition"))
        {
            var element = entry.Fields.Element;
            Tlp? tlp = null;
            if (element.TryGetProperty("definition_type", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "tlp"
                && element.TryGetProperty("definition", out var definition) && definition.ValueKind == JsonValueKind.Object
                && definition.TryGetProperty("tlp", out var level) && level.ValueKind == JsonValueKind.String)
            {
                tlp = StixVocabulary.TlpOfName(level.GetString()!);
            }

            if (element.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object)
            {
                foreach (var extension in extensions.EnumerateObject())
                {
                    if (extension.Value.ValueKind == JsonValueKind.Object && extension.Value.TryGetProperty("tlp_2_0", out var tlp2)
                        && tlp2.ValueKind == JsonValueKind.String)
                    {
                        tlp = StixVocabulary.TlpOfName(tlp2.GetString()!) ?? tlp;
                    }
                }
            }

            if (tlp is { } found)
            {
                markings[entry.Id] = found;
            }
        }

        return markings;
    }

    // The strictest TLP marking on the object (object_marking_refs); the fallback label, or the document is refused.
    private Tlp Label(Entry entry, Dictionary<string, Tlp> markings)
    {
        Tlp? tlp = null;
        foreach (var reference in entry.Fields.Strings("object_marking_refs"))
        {
            if ((StixVocabulary.TlpOfMarking(reference) ?? (markings.TryGetValue(reference, out var m) ? m : null)) is { } found)
            {
                tlp = tlp is { } t ? Max(t, found) : found;
            }
        }

        // TLP_UNSPECIFIED as a fallback is no label (a gRPC caller that leaves fallback_tlp unset sends it).
        return tlp ?? (options.FallbackTlp is { } fallback && fallback != Tlp.Unspecified ? fallback : (Tlp?)null)
            ?? throw StixImport.Refused(entry.Fields.Field("object_marking_refs"), "no_tlp", nameof(InterchangeText.NoTlp), entry.Id);
    }

    // The order of the Tlp values is the order of strictness (CLEAR 1 .. RED 5).
    private static Tlp Max(Tlp a, Tlp b) => a >= b ? a : b;

    private bool Try(Entry entry, Action read)
    {
        try
        {
            read();
            return true;
        }
        catch (StixRefusalException e)
        {
            _refusals.Add(new ImportRefusal(entry.Id, e.Code, e.Message));
            return false;
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]+[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    private sealed record Entry(string Id, string Type, DateTimeOffset? Modified, StixFields Fields);
}
