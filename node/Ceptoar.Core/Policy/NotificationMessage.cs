namespace Ceptoar.Core.Policy;

/// <summary>The language a contact reads notifications in (issue 12: each contact gets their own).</summary>
public enum NotificationLanguage
{
    Japanese,
    English,
}

/// <summary>The language codes contacts are stored and configured with: "ja" and "en".</summary>
public static class NotificationLanguages
{
    public const string Choices = "ja or en";

    public static string Code(NotificationLanguage language) => language == NotificationLanguage.Japanese ? "ja" : "en";

    /// <summary>Accepts "ja" and "en" in any case, with a region ("ja-JP", "en_GB"); anything else is false.</summary>
    public static bool TryParse(string? text, out NotificationLanguage language)
    {
        var code = (text ?? "").Trim().ToLowerInvariant();
        var cut = code.IndexOfAny(['-', '_']);
        switch (cut < 0 ? code : code[..cut])
        {
            case "ja":
                language = NotificationLanguage.Japanese;
                return true;
            case "en":
                language = NotificationLanguage.English;
                return true;
            default:
                language = NotificationLanguage.English;
                return false;
        }
    }
}

/// <summary>Who a notification is for, which decides how its text tells them to read the item.</summary>
public enum NotificationReader
{
    /// <summary>A person of a member company: reads through the member system (member API).</summary>
    Member,

    /// <summary>A person of the secretariat (duty roster): reads with ceptoar-admin on the node.</summary>
    Staff,
}

/// <summary>Which escalation a notification is (docs/NOTIFICATIONS.md §4).</summary>
public enum EscalationStage
{
    /// <summary>To a member's emergency contacts: nobody of the member acknowledged the item in time.</summary>
    Member,

    /// <summary>To the secretariat's duty roster: some members still have not acknowledged it.</summary>
    Duty,

    /// <summary>A drill's reminder at half its deadline, to the people of a member that has not acknowledged it (docs/DRILLS.md §3).</summary>
    Reminder,
}

/// <summary>
/// An escalation of an unacknowledged high or extreme item: after how many minutes, and (to the duty roster) which of this
/// node's members have not acknowledged it, as the reader knows them ("りそな銀行 (resona-bank)").
/// </summary>
public sealed record NotificationEscalation(EscalationStage Stage, int Minutes, IReadOnlyList<string> Unacknowledged);

/// <summary>Where the notified person reads the item in full: the node holding it for them, by id and display name.</summary>
public sealed record ReadingPlace(string NodeId, string NodeName, NotificationReader Reader);

/// <summary>
/// What one notification says, decided by <see cref="NotificationContent"/>: every channel sends exactly these and nothing
/// else of the item (the e-mail its subject and lines, the webhook its <see cref="Fields"/> as JSON).
/// </summary>
public sealed record NotificationMessage(string Subject, IReadOnlyList<string> BodyLines, NotificationFields Fields)
{
    /// <summary>The plain-text body, lines joined with "\n".</summary>
    public string Body => string.Join("\n", BodyLines);
}

/// <summary>
/// The fields of a webhook's JSON. Those the label does not allow are null and left out of the JSON (docs/NOTIFICATIONS.md
/// §1): for AMBER, AMBER+STRICT and RED only the label, kind, severity, exercise flag, node, item id and how to read it.
/// </summary>
public sealed record NotificationFields
{
    /// <summary>The payload's version, for the receiver to dispatch on.</summary>
    public string Schema { get; init; } = "ceptoar.notification.v1";

    /// <summary>"ja" or "en": the language of the text fields.</summary>
    public required string Language { get; init; }

    /// <summary>"TLP:GREEN", "TLP:AMBER+STRICT"...: the label as TLP 2.0 writes it.</summary>
    public required string Tlp { get; init; }

    /// <summary>The kind's code, e.g. "early-warning".</summary>
    public required string Kind { get; init; }

    /// <summary>The kind in the contact's language, e.g. "早期警戒情報".</summary>
    public required string KindText { get; init; }

    /// <summary>"none", "low", "medium", "high" or "extreme".</summary>
    public required string Severity { get; init; }

    public required bool Exercise { get; init; }

    /// <summary>The node where the item can be read.</summary>
    public required string Node { get; init; }

    public required string NodeName { get; init; }

    public required string ItemId { get; init; }

    /// <summary>How to read the item there, in the contact's language.</summary>
    public required string ReadAt { get; init; }

    /// <summary>"member" or "duty" for an escalation (docs/NOTIFICATIONS.md §4); null for the first notice.</summary>
    public string? Escalation { get; init; }

    /// <summary>An escalation to the duty roster: the members that have not acknowledged the item.</summary>
    public IReadOnlyList<string>? Unacknowledged { get; init; }

    /// <summary>CLEAR and GREEN only.</summary>
    public string? Title { get; init; }

    /// <summary>CLEAR and GREEN only.</summary>
    public string? Summary { get; init; }

    /// <summary>CLEAR and GREEN only: a short 5W1H digest.</summary>
    public NotificationDigest? Digest { get; init; }
}

/// <summary>A short 5W1H digest of a CLEAR or GREEN item, each part shortened; null parts are empty in the item.</summary>
public sealed record NotificationDigest(string? When, string? Where, string? Who, string? What, string? Why, string? How);
