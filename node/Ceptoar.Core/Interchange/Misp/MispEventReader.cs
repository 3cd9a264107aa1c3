using System.Globalization;
using System.Text.Json;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Interchange.Misp.MispJson;
using static Ceptoar.Core.Interchange.Misp.MispVocabulary;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>One MISP event as one draft: the event's tags and fields, then its attributes and objects (docs/INTERCHANGE.md §2.2).</summary>
internal sealed class MispEventReader(ImportOptions options, ItemLimits limits, string path)
{
    private readonly List<ImportRefusal> _refusals = [];

    /// <summary>The draft (null when the event is a withdrawn item) and what could not be mapped.</summary>
    public sealed record Outcome(ImportedDraft? Draft, IReadOnlyList<ImportRefusal> Refusals);

    public Outcome Read(JsonElement ev)
    {
        if (ev.ValueKind != JsonValueKind.Object)
        {
            throw WrongType(path, KindName(JsonValueKind.Object));
        }

        var uuid = OptionalString(ev, "uuid", path);
        var sourceId = IdOr(uuid, path);
        var tags = EventTags.Read(Tags(ev, path));
        if (tags.Withdrawn is { } withdrawn)
        {
            _refusals.Add(new(sourceId, "withdrawn", Say(nameof(MispText.Withdrawn), withdrawn)));
            return new Outcome(null, _refusals);
        }

        var tlp = tags.Label ?? options.FallbackTlp
            ?? throw Fail(path + ".Tag", "no_tlp", nameof(MispText.NoTlp), sourceId, "tlp:clear, tlp:green, tlp:amber, tlp:amber+strict, tlp:red");

        var info = OptionalString(ev, "info", path);
        if (string.IsNullOrWhiteSpace(info))
        {
            throw Fail(path + ".info", "missing_field", nameof(MispText.MissingField), path + ".info");
        }

        if (info.Length > limits.MaxTitleChars)
        {
            throw Fail(path + ".info", "too_long", nameof(MispText.TooLong), path + ".info", info.Length, limits.MaxTitleChars);
        }

        var body = new MispBodyBuilder(limits, tlp, _refusals);
        var attributes = ReadAttributes(ev, body);
        ReadObjects(ev, body, attributes, tlp);
        RefuseTheRest(ev);

        var indicators = body.Indicators;
        if (indicators.Count > limits.MaxIndicators)
        {
            throw Fail(path + ".Attribute", "too_many_indicators", nameof(MispText.TooManyIndicators), indicators.Count, limits.MaxIndicators);
        }

        var severity = tags.Severity ?? SeverityOfThreatLevel(OptionalCode(ev, "threat_level_id", path) ?? "4");
        var status = tags.Status ?? StatusOfAnalysis(OptionalCode(ev, "analysis", path) ?? "0");
        var draftBody = body.Build(info, severity, status, tags.ThreatType, OccurredFallback(ev));
        var draft = new ItemDraft
        {
            Kind = tags.Kind ?? ItemKind.RelatedInformation,
            Tlp = tlp,
            Exercise = tags.Exercise,
            Language = tags.Language ?? GuessLanguage(draftBody),
            Body = draftBody,
        };
        return new Outcome(new ImportedDraft(sourceId, draft), _refusals);
    }

    /// <returns>How many attributes the event has outside objects.</returns>
    private int ReadAttributes(JsonElement ev, MispBodyBuilder body)
    {
        var attributes = Optional(ev, "Attribute", JsonValueKind.Array, path);
        var count = attributes?.GetArrayLength() ?? 0;
        var most = MostAttributes(limits);
        if (count > most)
        {
            throw Fail(path + ".Attribute", "too_many_attributes", nameof(MispText.TooManyAttributes), count, most);
        }

        var i = 0;
        foreach (var attribute in attributes?.EnumerateArray() ?? default)
        {
            body.Add(attribute, Index(path + ".Attribute", i++), objectName: null);
        }

        return count;
    }

    // Objects are flattened: each attribute that maps becomes an indicator (its description naming the object), the others
    // are refused by their uuid; an object of which nothing maps is refused as a whole.
    private void ReadObjects(JsonElement ev, MispBodyBuilder body, int eventAttributes, Tlp label)
    {
        var i = 0;
        var total = eventAttributes;
        foreach (var obj in OptionalArray(ev, "Object", path))
        {
            var objectPath = Index(path + ".Object", i++);
            if (obj.ValueKind != JsonValueKind.Object)
            {
                _refusals.Add(new(objectPath, "wrong_type", WrongType(objectPath, KindName(JsonValueKind.Object)).Message));
                continue;
            }

            string? uuid;
            string name;
            JsonElement? attributes;
            Tlp? stricter;
            try
            {
                uuid = OptionalString(obj, "uuid", objectPath);
                name = OptionalString(obj, "name", objectPath) ?? "object";
                attributes = Optional(obj, "Attribute", JsonValueKind.Array, objectPath);
                stricter = StricterLabel(Tags(obj, objectPath), label);
            }
            catch (ImportDocumentException e)
            {
                _refusals.Add(new(IdOf(obj, objectPath), e.Code, e.Message));
                continue;
            }

            if (stricter is { } objectLabel)
            {
                // MISP tags attributes, not objects; a document that labels an object stricter is still obeyed.
                _refusals.Add(new(IdOr(uuid, objectPath), "stricter_label", Say(nameof(MispText.StricterLabel), LabelOf(objectLabel).Tag, LabelOf(label).Tag)));
                continue;
            }

            var count = attributes?.GetArrayLength() ?? 0;
            total += count;
            if (total > MostAttributes(limits))
            {
                throw Fail(objectPath + ".Attribute", "too_many_attributes", nameof(MispText.TooManyAttributes), total, MostAttributes(limits));
            }

            var refusedBefore = _refusals.Count;
            var mapped = false;
            var j = 0;
            foreach (var attribute in attributes?.EnumerateArray() ?? default)
            {
                mapped |= body.Add(attribute, Index(objectPath + ".Attribute", j++), name);
            }

            if (!mapped)
            {
                // Nothing of it maps: one refusal for the object says more than one per attribute.
                _refusals.RemoveRange(refusedBefore, _refusals.Count - refusedBefore);
                _refusals.Add(new(IdOr(uuid, objectPath), "unsupported_object", Say(nameof(MispText.UnsupportedObject), Shown(name))));
            }
        }
    }

    // What an event may carry besides attributes and objects, each refused by its uuid so nothing goes missing unseen.
    private void RefuseTheRest(JsonElement ev)
    {
        Refuse(ev, "ShadowAttribute", "proposal", nameof(MispText.Proposal));
        Refuse(ev, "EventReport", "unsupported_report", nameof(MispText.EventReport));
        var i = 0;
        foreach (var galaxy in OptionalArray(ev, "Galaxy", path))
        {
            var galaxyPath = Index(path + ".Galaxy", i++);
            var j = 0;
            foreach (var cluster in galaxy.ValueKind == JsonValueKind.Object ? OptionalArray(galaxy, "GalaxyCluster", galaxyPath) : default)
            {
                _refusals.Add(new(IdOf(cluster, Index(galaxyPath + ".GalaxyCluster", j++)), "unsupported_galaxy", Say(nameof(MispText.Galaxy))));
            }
        }
    }

    /// <summary>The strictest TLP tag among these when it is stricter than the label, else null.</summary>
    private static Tlp? StricterLabel(List<(string Name, string Path)> tags, Tlp label)
    {
        Tlp? strictest = null;
        foreach (var (name, tagPath) in tags.Where(t => IsTlpTag(t.Name)))
        {
            var tlp = TlpOfTag(name) ?? throw Fail(tagPath, "unknown_tlp", nameof(MispText.UnknownTlp), Shown(name), EventTags.TlpNames);
            strictest = (int)tlp > (int)(strictest ?? label) ? tlp : strictest;
        }

        return strictest;
    }

    private void Refuse(JsonElement ev, string property, string code, string key)
    {
        var i = 0;
        foreach (var element in OptionalArray(ev, property, path))
        {
            _refusals.Add(new(IdOf(element, Index(path + "." + property, i++)), code, Say(key)));
        }
    }

    // MISP's "date" is the day the event occurred; without a time of its own it stands for midnight UTC of that day.
    private Timestamp? OccurredFallback(JsonElement ev)
    {
        var date = OptionalString(ev, "date", path);
        if (string.IsNullOrEmpty(date))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw Fail(path + ".date", "bad_date", nameof(MispText.BadDate), path + ".date");
        }

        return Timestamp.FromDateTime(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
    }

    // An event from outside the federation says nothing of its language: Japanese script in its texts means Japanese.
    private static string GuessLanguage(Body body)
    {
        static bool Japanese(string text) => text.Any(c => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff' or >= '\uff00' and <= '\uffef');
        return Japanese(body.Title) || Japanese(body.Summary) || Japanese(body.What) ? "ja" : "en";
    }

    /// <summary>Every text an item holds as attributes plus its indicators: more cannot be an item's, however it maps.</summary>
    internal static int MostAttributes(ItemLimits limits) => limits.MaxIndicators + (5 * limits.MaxListEntries) + 5;
}
