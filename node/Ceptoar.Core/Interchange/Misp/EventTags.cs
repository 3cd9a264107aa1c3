using Ceptoar.Federation.V1;
using static Ceptoar.Core.Interchange.Misp.MispJson;
using static Ceptoar.Core.Interchange.Misp.MispVocabulary;

namespace Ceptoar.Core.Interchange.Misp;

/// <summary>What an event's tags say: its TLP label (the strictest of its tlp:* tags) and the ceptoar:* machine tags.</summary>
internal sealed record EventTags
{
    public Tlp? Label { get; private set; }

    public ItemKind? Kind { get; private set; }

    public Severity? Severity { get; private set; }

    public HandlingStatus? Status { get; private set; }

    public string ThreatType { get; private set; } = string.Empty;

    public string? Language { get; private set; }

    public bool Exercise { get; private set; }

    /// <summary>"revoked" or "superseded" for an event that is a withdrawn CEPTOAR item.</summary>
    public string? Withdrawn { get; private set; }

    public const string TlpNames = "tlp:clear, tlp:green, tlp:amber, tlp:amber+strict, tlp:red (TLP 1.0: tlp:white)";

    /// <exception cref="ImportDocumentException">An unknown tlp:* tag, or a ceptoar:* tag with a value this node does not know.</exception>
    public static EventTags Read(IEnumerable<(string Name, string Path)> tags)
    {
        var read = new EventTags();
        foreach (var (name, path) in tags)
        {
            if (IsTlpTag(name))
            {
                // An unknown tlp:* tag may mean a restriction this node cannot honour: refused rather than ignored.
                var tlp = TlpOfTag(name) ?? throw Fail(path, "unknown_tlp", nameof(MispText.UnknownTlp), Shown(name), TlpNames);
                read.Label = read.Label is { } seen && (int)seen >= (int)tlp ? seen : tlp;
            }
            else if (TryReadTag(name, out var predicate, out var value))
            {
                read.Apply(predicate, value, name, path);
            }
        }

        return read;
    }

    private void Apply(string predicate, string value, string name, string path)
    {
        switch (predicate)
        {
            case KindPredicate:
                Kind = TryKind(value, out var kind) && ImportableKinds.Contains(kind)
                    ? kind
                    : throw Fail(path, "bad_tag", nameof(MispText.BadTag), Shown(name), string.Join(", ", ImportableKinds.Select(KindName)));
                break;
            case SeverityPredicate:
                Severity = TrySeverity(value, out var severity)
                    ? severity
                    : throw Fail(path, "bad_tag", nameof(MispText.BadTag), Shown(name), "none, low, medium, high, extreme");
                break;
            case StatusPredicate:
                Status = TryStatus(value, out var status)
                    ? status
                    : throw Fail(path, "bad_tag", nameof(MispText.BadTag), Shown(name), "investigating, contained, recovering, resolved");
                break;
            case ExercisePredicate:
                Exercise = value switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw Fail(path, "bad_tag", nameof(MispText.BadTag), Shown(name), "true, false"),
                };
                break;
            case WithdrawnPredicate:
                Withdrawn = value is "revoked" or "superseded" ? value : throw Fail(path, "bad_tag", nameof(MispText.BadTag), Shown(name), "revoked, superseded");
                break;
            case ThreatTypePredicate:
                // Checked against the threat-type vocabulary by the submit path's validator, which names the codes it knows.
                ThreatType = value;
                break;
            case LanguagePredicate:
                Language = value;
                break;
            default:
                // The reporter and the withdrawing item are the node's to set; other ceptoar:* tags describe, they do not
                // carry content (docs/INTERCHANGE.md §2.2).
                break;
        }
    }
}
