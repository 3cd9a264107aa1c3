using Google.Protobuf.WellKnownTypes;
using static System.FormattableString;

namespace Ceptoar.Core.Items;

/// <summary>Checks shared by every free-text field and timestamp of an item.</summary>
internal static class TextRules
{
    // Timestamp's documented range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;

    /// <summary>Null when the text holds only printable characters, line breaks and tabs; else what is wrong.</summary>
    public static LocalText? CharacterProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return new LocalText(nameof(ItemsText.UnpairedSurrogate), (int)c, i);
            }

            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                return new LocalText(nameof(ItemsText.ControlCharacter), (int)c, i);
            }
        }

        return null;
    }

    /// <summary>Checks one text field; returns false (after adding violations) when it is missing, too long or has bad characters.</summary>
    public static bool Check(Violations violations, string field, LocalText label, string value, int maxChars, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value.Length > 0)
            {
                violations.Add(field, new(value.Length == 0 ? nameof(ItemsText.TextMissing) : nameof(ItemsText.TextOnlyWhitespace), label, maxChars));
                return false;
            }

            return true;
        }

        if (value.Length > maxChars)
        {
            violations.Add(field, new(nameof(ItemsText.TextTooLong), label, value.Length, maxChars));
            return false;
        }

        if (CharacterProblem(value) is { } problem)
        {
            violations.Add(field, new(nameof(ItemsText.TextProblem), label, problem));
            return false;
        }

        return true;
    }

    /// <summary>Checks a list of short texts: count, then each entry non-empty, within the size limit and printable.</summary>
    public static void CheckList(Violations violations, string field, LocalText label, IReadOnlyList<string> values, int maxEntries, int maxChars)
    {
        if (values.Count > maxEntries)
        {
            violations.Add(field, new(nameof(ItemsText.ListTooMany), label, values.Count, maxEntries));
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            Check(violations, Invariant($"{field}[{i}]"), new LocalText(nameof(ItemsText.LabelListEntry), label), values[i], maxChars, required: true);
        }
    }

    /// <summary>True when the timestamp is within the range protobuf allows (seconds and nanos normalised).</summary>
    public static bool IsValid(Timestamp timestamp) =>
        timestamp.Seconds is >= MinTimestampSeconds and <= MaxTimestampSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;

    /// <summary>Checks an optional timestamp; returns its value when set and valid, null otherwise (adding a violation if invalid).</summary>
    public static DateTimeOffset? CheckTimestamp(Violations violations, string field, LocalText label, Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (!IsValid(timestamp))
        {
            violations.Add(field, new(nameof(ItemsText.TimestampInvalid), label, timestamp.Seconds, timestamp.Nanos));
            return null;
        }

        return timestamp.ToDateTimeOffset();
    }
}
