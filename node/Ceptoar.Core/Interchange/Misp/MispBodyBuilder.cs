using System.Globalization;
using System.Text.Json;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Interchange.Misp.MispJson;
using static Ceptoar.Core.Interchange.Misp.MispVocabulary;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>
/// Gathers a draft's body from an event's attributes: a <c>ceptoar:field</c> tag makes an attribute a 5W1H text or time,
/// any other attribute is an indicator; what cannot be either is refused by the attribute's uuid (docs/INTERCHANGE.md §2.2).
/// </summary>
internal sealed class MispBodyBuilder(ItemLimits limits, Tlp label, List<ImportRefusal> refusals)
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Timestamp> _times = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _lists = new(StringComparer.Ordinal);

    public List<Indicator> Indicators { get; } = [];

    /// <summary>Reads one attribute; true when it became part of the body, false when it was refused.</summary>
    public bool Add(JsonElement attribute, string path, string? objectName)
    {
        var sourceId = path;
        try
        {
            if (attribute.ValueKind != JsonValueKind.Object)
            {
                throw WrongType(path, KindName(JsonValueKind.Object));
            }

            sourceId = IdOr(OptionalString(attribute, "uuid", path), path);
            RefuseProposals(attribute, path);
            return Map(attribute, path, sourceId, objectName);
        }
        catch (ImportDocumentException e)
        {
            // Inside an attribute a wrong JSON type costs that attribute only, named by its uuid.
            refusals.Add(new(sourceId, e.Code, e.Message));
            return false;
        }
    }

    // A proposal to change an attribute is not the attribute: refused by its own uuid, whatever becomes of the attribute.
    private void RefuseProposals(JsonElement attribute, string path)
    {
        var i = 0;
        foreach (var proposal in OptionalArray(attribute, "ShadowAttribute", path))
        {
            var proposalPath = Index(path + ".ShadowAttribute", i++);
            refusals.Add(new(IdOf(proposal, proposalPath), "proposal", Say(nameof(MispText.Proposal))));
        }
    }

    private bool Map(JsonElement attribute, string path, string sourceId, string? objectName)
    {
        var type = OptionalString(attribute, "type", path) ?? throw Fail(path + ".type", "missing_field", nameof(MispText.MissingField), path + ".type");
        var value = OptionalString(attribute, "value", path) ?? throw Fail(path + ".value", "missing_field", nameof(MispText.MissingField), path + ".value");
        var comment = OptionalString(attribute, "comment", path) ?? string.Empty;
        if (OptionalFlag(attribute, "deleted", path))
        {
            return Refuse(sourceId, "deleted", nameof(MispText.Deleted));
        }

        string? field = null;
        foreach (var (name, tagPath) in Tags(attribute, path))
        {
            if (IsTlpTag(name))
            {
                // An attribute may be labelled stricter than its event; it cannot travel inside the event's label.
                var tlp = TlpOfTag(name) ?? throw Fail(tagPath, "unknown_tlp", nameof(MispText.UnknownTlp), Shown(name), EventTags.TlpNames);
                if ((int)tlp > (int)label)
                {
                    return Refuse(sourceId, "stricter_label", nameof(MispText.StricterLabel), name, LabelOf(label).Tag);
                }
            }
            else if (TryReadTag(name, out var predicate, out var tagValue) && predicate == FieldPredicate)
            {
                field = Fields.All.Contains(tagValue)
                    ? tagValue
                    : throw Fail(tagPath, "unknown_field", nameof(MispText.UnknownField), Shown(tagValue), string.Join(", ", Fields.All.Order(StringComparer.Ordinal)));
            }
        }

        return field is null ? AddIndicator(type, value, comment, path, sourceId, objectName) : AddField(field, type, value, path, sourceId);
    }

    private bool AddField(string field, string type, string value, string path, string sourceId)
    {
        var expectedType = Fields.IsTime(field) ? "datetime" : "text";
        if (type != expectedType)
        {
            return Refuse(sourceId, "wrong_type", nameof(MispText.FieldType), field, expectedType);
        }

        if (Fields.IsTime(field))
        {
            if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) || !HasZone(value))
            {
                return Refuse(sourceId, "bad_value", nameof(MispText.BadTime));
            }

            return _times.TryAdd(field, Timestamp.FromDateTimeOffset(time)) || Refuse(sourceId, "duplicate_field", nameof(MispText.DuplicateField), field);
        }

        var most = field switch
        {
            Fields.Summary or Fields.Cause => limits.MaxSummaryChars,
            Fields.What => limits.MaxWhatChars,
            _ => limits.MaxShortTextChars,
        };
        if (value.Length > most)
        {
            return Refuse(sourceId, "too_long", nameof(MispText.TooLong), path + ".value", value.Length, most);
        }

        if (TextRules.CharacterProblem(value) is { } problem)
        {
            return Refuse(sourceId, "bad_value", nameof(MispText.InvalidText), problem.In(CultureInfo.CurrentUICulture));
        }

        if (field is Fields.Summary or Fields.What or Fields.Cause)
        {
            return _texts.TryAdd(field, value) || Refuse(sourceId, "duplicate_field", nameof(MispText.DuplicateField), field);
        }

        var list = _lists.TryGetValue(field, out var existing) ? existing : _lists[field] = [];
        if (list.Count >= limits.MaxListEntries)
        {
            return Refuse(sourceId, "too_many_entries", nameof(MispText.TooManyEntries), limits.MaxListEntries, field);
        }

        list.Add(value);
        return true;
    }

    private bool AddIndicator(string type, string value, string comment, string path, string sourceId, string? objectName)
    {
        if (!TryIndicatorType(type, out var indicatorType))
        {
            return Refuse(sourceId, "unsupported_type", nameof(MispText.UnsupportedType), Shown(type), string.Join(", ", ImportedTypes));
        }

        if (indicatorType == IndicatorType.Ipv4 && !IndicatorSyntax.IsStrictIpv4(value) && value.Contains(':', StringComparison.Ordinal))
        {
            indicatorType = IndicatorType.Ipv6;
        }

        if (value.Length > limits.MaxIndicatorValueChars)
        {
            return Refuse(sourceId, "too_long", nameof(MispText.TooLong), path + ".value", value.Length, limits.MaxIndicatorValueChars);
        }

        if (IndicatorSyntax.Problem(indicatorType, value) is { } problem)
        {
            return Refuse(sourceId, "bad_value", nameof(MispText.BadValue), ProtoNames.Of(indicatorType), problem.In(CultureInfo.CurrentUICulture));
        }

        if (TextRules.CharacterProblem(value) is { } characters)
        {
            return Refuse(sourceId, "bad_value", nameof(MispText.InvalidText), characters.In(CultureInfo.CurrentUICulture));
        }

        // An object's attribute says what it is only together with the object: "file/md5" keeps that context.
        var description = comment.Length == 0 && objectName is not null ? $"{objectName}/{type}" : comment;
        if (description.Length > limits.MaxShortTextChars)
        {
            return Refuse(sourceId, "too_long", nameof(MispText.TooLong), path + ".comment", description.Length, limits.MaxShortTextChars);
        }

        if (TextRules.CharacterProblem(description) is { } descriptionProblem)
        {
            return Refuse(sourceId, "bad_value", nameof(MispText.InvalidText), descriptionProblem.In(CultureInfo.CurrentUICulture));
        }

        Indicators.Add(new Indicator { Type = indicatorType, Value = value, Description = description });
        return true;
    }

    /// <summary>The body; an event from outside the federation has no summary attribute, and its info is the best summary it has.</summary>
    public Body Build(string title, Severity severity, HandlingStatus status, string threatType, Timestamp? occurredFallback)
    {
        var body = new Body
        {
            Title = title,
            Summary = _texts.GetValueOrDefault(Fields.Summary, title),
            What = _texts.GetValueOrDefault(Fields.What, string.Empty),
            Severity = severity,
            OccurredAt = _times.GetValueOrDefault(Fields.OccurredAt) ?? occurredFallback,
            DetectedAt = _times.GetValueOrDefault(Fields.DetectedAt),
        };
        body.Indicators.AddRange(Indicators);
        body.Affected.AddRange(List(Fields.Affected));

        var cause = _texts.GetValueOrDefault(Fields.Cause, string.Empty);
        if (threatType.Length > 0 || cause.Length > 0)
        {
            body.Why = new Why { ThreatType = threatType, Cause = cause };
        }

        if (List(Fields.WhereSystem).Count + List(Fields.WhereService).Count + List(Fields.WhereRegion).Count > 0)
        {
            body.Where = new Where { Systems = { List(Fields.WhereSystem) }, Services = { List(Fields.WhereService) }, Regions = { List(Fields.WhereRegion) } };
        }

        if (status != HandlingStatus.Unspecified || List(Fields.ActionTaken).Count > 0)
        {
            body.How = new How { Status = status, ActionsTaken = { List(Fields.ActionTaken) } };
        }

        return body;
    }

    private List<string> List(string field) => _lists.GetValueOrDefault(field) ?? [];

    private bool Refuse(string sourceId, string code, string key, params object?[] args)
    {
        refusals.Add(new(sourceId, code, Say(key, args)));
        return false;
    }

    // "2025-06-01T23:00:00" without a zone would be read as this machine's local time: a time must say its zone.
    private static bool HasZone(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');
}
