using System.Globalization;
using System.Text;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Ceptoar.Core.Policy;

/// <summary>
/// What a notification about an item may say, in the contact's language (docs/NOTIFICATIONS.md §1). Pure: no I/O.
/// A notification travels outside the federation (e-mail, a member's webhook), so it never carries more than the label
/// allows anyone who is not reading the item on the node: CLEAR and GREEN carry the title, summary and a short 5W1H digest;
/// AMBER, AMBER+STRICT, RED and anything unlabelled carry only the label, kind, severity, node, item id and how to read it
/// there: never the body, never indicators, never the title (titles can leak). Indicators, attribution and the
/// audience never appear at any label.
/// </summary>
public static class NotificationContent
{
    /// <summary>Most characters of one 5W1H part in the digest.</summary>
    public const int DigestPartChars = 200;

    /// <summary>Most characters of the title in a subject line.</summary>
    public const int SubjectTitleChars = 120;

    /// <summary>Whether the label lets a notification carry the item's title, summary and digest.</summary>
    public static bool MayCarryContent(Tlp tlp) => tlp is Tlp.Clear or Tlp.Green;

    /// <summary>The notification for one contact; <paramref name="timeZone"/> is the zone times are shown in (with the offset).</summary>
    /// <param name="escalation">Given, the message is an escalation: marked in the subject and led by what nobody did in time.
    /// It carries exactly what the first notice may (§1 of docs/NOTIFICATIONS.md), never more.</param>
    public static NotificationMessage Compose(Item item, ReadingPlace place, NotificationLanguage language, TimeZoneInfo timeZone, NotificationEscalation? escalation = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(place);
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentException.ThrowIfNullOrEmpty(item.Id, nameof(item));
        ArgumentException.ThrowIfNullOrEmpty(place.NodeId, nameof(place));

        string T(string key, params object?[] args) => NotificationTexts.Get(language, key, args);
        var open = MayCarryContent(item.Tlp);
        var body = item.Body ?? new Body();
        var label = TlpTransport.Name(item.Tlp);
        var kind = KindText(item.Kind, language);
        var severity = SeverityText(body.Severity, language);
        var nodeName = string.IsNullOrWhiteSpace(place.NodeName) ? place.NodeId : OneLine(place.NodeName);
        var readAt = T(place.Reader == NotificationReader.Staff ? "ReadAt.Staff" : "ReadAt.Member", nodeName, place.NodeId, item.Id);
        var title = open ? OneLine(body.Title) : null;
        var summary = open ? Clean(body.Summary) : null;
        var digest = open ? Digest(body, item.Handling, language, timeZone) : null;

        var unacknowledged = escalation is { Stage: EscalationStage.Duty } ? escalation.Unacknowledged.Select(OneLine).ToList() : null;
        var reminder = escalation is { Stage: EscalationStage.Reminder };
        // A mode change says the mode first, so the duty roster sees the switch in the subject (docs/MODES.md §4).
        var mode = item.Kind != ItemKind.ModeChange || item.ModeChange is null ? ""
            : T(item.ModeChange.Mode == FederationMode.LargeScale ? "Subject.ModeLargeScale" : "Subject.ModeNormal") + " ";
        var subject = mode + (item.Exercise ? T("Subject.Exercise") + " " : "") + (escalation is null ? "" : T(reminder ? "Subject.Reminder" : "Subject.Escalation") + " ") + (open
            ? T("Subject.Open", label, kind, severity, Shorten(title!, SubjectTitleChars))
            : T("Subject.Restricted", label, kind, severity, nodeName, item.Id));

        var lines = new List<string>();
        if (item.Exercise)
        {
            lines.Add(T("Body.Exercise"));
        }

        var deadline = item.Kind == ItemKind.Drill ? Time(item.Drill?.AcknowledgeBy, timeZone) : null;
        if (reminder)
        {
            lines.Add(T("Body.Reminder", deadline ?? ""));
            lines.Add("");
        }
        else if (escalation is not null)
        {
            lines.Add(unacknowledged is null
                ? T("Body.EscalationMember", escalation.Minutes)
                : T("Body.EscalationDuty", escalation.Minutes, string.Join(", ", unacknowledged)));
            lines.Add("");
        }

        lines.Add(T(LabelKey(item.Tlp)));
        if (!open)
        {
            lines.Add(T("Body.Withheld"));
        }

        lines.Add("");
        lines.Add(T("Body.Kind", kind));
        lines.Add(T("Body.Severity", severity));
        lines.Add(T("Body.Node", nodeName, place.NodeId));
        lines.Add(T("Body.Item", item.Id));
        if (item.Kind == ItemKind.Revocation && item.Revocation is { } revocation)
        {
            // Names only the withdrawn item's id, which its contacts were told with the original (docs/LIFECYCLE.md §1).
            lines.Add(T("Body.Revokes", revocation.ItemId));
        }
        if (open)
        {
            lines.Add(T("Body.Title", title));
            lines.Add("");
            lines.Add(T("Body.Summary"));
            lines.AddRange(summary!.Split('\n').Select(l => "  " + l));
            AddDigest(lines, digest!, language);
        }

        if (deadline is not null)
        {
            // A drill asks for an acknowledgement by a time, and says how to give it (docs/DRILLS.md §4).
            lines.Add("");
            lines.Add(T("Body.DrillDeadline", deadline));
            lines.Add(T(place.Reader == NotificationReader.Staff ? "Body.DrillAckStaff" : "Body.DrillAckMember", item.Id));
        }

        lines.Add("");
        lines.Add(readAt);
        lines.Add(T("Footer", place.NodeId));

        var fields = new NotificationFields
        {
            Language = NotificationLanguages.Code(language),
            Tlp = "TLP:" + label,
            Kind = KindCode(item.Kind),
            KindText = kind,
            Severity = SeverityCode(body.Severity),
            Exercise = item.Exercise,
            Node = place.NodeId,
            NodeName = nodeName,
            ItemId = item.Id,
            ReadAt = readAt,
            Escalation = escalation is null ? null : escalation.Stage switch { EscalationStage.Duty => "duty", EscalationStage.Reminder => "reminder", _ => "member" },
            Unacknowledged = unacknowledged,
            Title = title,
            Summary = summary,
            Digest = digest,
        };
        return new NotificationMessage(subject, lines, fields);
    }

    /// <summary>"early-warning" for <see cref="ItemKind.EarlyWarning"/>; the number for a value the proto does not define.</summary>
    public static string KindCode(ItemKind kind) => Code(ProtoNames.Of(kind), "ITEM_KIND_");

    /// <summary>"high" for <see cref="Severity.High"/>; the number for a value the proto does not define.</summary>
    public static string SeverityCode(Severity severity) => Code(ProtoNames.Of(severity), "SEVERITY_");

    private static string Code(string protoName, string prefix) =>
        protoName.StartsWith(prefix, StringComparison.Ordinal) ? protoName[prefix.Length..].ToLowerInvariant().Replace('_', '-') : protoName;

    private static string KindText(ItemKind kind, NotificationLanguage language) => Enum.IsDefined(kind) && kind != ItemKind.Unspecified
        ? NotificationTexts.Get(language, "Kind." + kind)
        : NotificationTexts.Get(language, "Kind.Unknown", (int)kind);

    private static string SeverityText(Severity severity, NotificationLanguage language) => Enum.IsDefined(severity)
        ? NotificationTexts.Get(language, "Severity." + severity)
        : NotificationTexts.Get(language, "Severity.Unknown", (int)severity);

    private static string LabelKey(Tlp tlp) => tlp switch
    {
        Tlp.Clear => "Label.Clear",
        Tlp.Green => "Label.Green",
        Tlp.Amber => "Label.Amber",
        Tlp.AmberStrict => "Label.AmberStrict",
        Tlp.Red => "Label.Red",
        _ => "Label.Unknown",
    };

    private static NotificationDigest Digest(Body body, HandlingPolicy? handling, NotificationLanguage language, TimeZoneInfo zone)
    {
        string T(string key, params object?[] args) => NotificationTexts.Get(language, key, args);
        var when = Join("; ",
            Time(body.OccurredAt, zone) is { } occurred ? T("Digest.Occurred", occurred) : null,
            Time(body.DetectedAt, zone) is { } detected ? T("Digest.Detected", detected) : null);
        var where = body.Where is { } w ? Join(", ", [.. w.Systems, .. w.Services, .. w.Regions]) : null;
        // The origin's IEP "obfuscate affected parties" (docs/TLP.md): a notification is a passing-on, so the names stay out.
        var who = body.Affected.Count == 0 ? null
            : handling?.ObfuscateAffectedParties == true ? T("Digest.WhoWithheld") : Join(", ", [.. body.Affected]);
        var why = body.Why is { } y ? Join(": ", y.ThreatType, y.Cause) : null;
        var handlingStatus = body.How?.Status ?? HandlingStatus.Unspecified;
        var status = handlingStatus != HandlingStatus.Unspecified && Enum.IsDefined(handlingStatus) ? T("Digest.Status", T("Status." + handlingStatus)) : null;
        var how = Join("; ", [status, .. body.How?.ActionsTaken ?? []]);
        return new NotificationDigest(Part(when), Part(where), Part(who), Part(body.What), Part(why), Part(how));
    }

    private static void AddDigest(List<string> lines, NotificationDigest digest, NotificationLanguage language)
    {
        (string Key, string? Value)[] parts =
            [("Digest.When", digest.When), ("Digest.Where", digest.Where), ("Digest.Who", digest.Who),
             ("Digest.What", digest.What), ("Digest.Why", digest.Why), ("Digest.How", digest.How)];
        if (parts.All(p => p.Value is null))
        {
            return;
        }

        lines.Add("");
        lines.Add(NotificationTexts.Get(language, "Body.Digest"));
        lines.AddRange(parts.Where(p => p.Value is not null).Select(p => "  " + NotificationTexts.Get(language, p.Key, p.Value)));
    }

    private static string? Time(Timestamp? at, TimeZoneInfo zone) => TimePolicy.TimeOf(at) is { } t
        ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)
        : null;

    private static string? Join(string separator, params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => OneLine(p!)).ToList();
        return present.Count == 0 ? null : string.Join(separator, present);
    }

    private static string? Part(string? text) => string.IsNullOrWhiteSpace(text) ? null : Shorten(OneLine(text), DigestPartChars);

    /// <summary>One line of text: line breaks, tabs and other control characters become single spaces.</summary>
    private static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var blank = char.IsControl(c) || char.IsWhiteSpace(c);
            if (!blank)
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>Several lines: "\r\n" and "\r" become "\n", other control characters are dropped, tabs become spaces.</summary>
    private static string Clean(string text)
    {
        var unified = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace('\t', ' ');
        return new string([.. unified.Where(c => c == '\n' || !char.IsControl(c))]).Trim();
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return text[..cut] + "…";
    }
}
