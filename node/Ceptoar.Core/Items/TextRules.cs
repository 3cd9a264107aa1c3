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
    public static string? CharacterProblem(string value)
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
                return $"contains an unpaired surrogate U+{(int)c:X4} at position {i}: send well-formed Unicode text";
            }

            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            {
                return $"contains the control character U+{(int)c:X4} at position {i}: remove it (only line breaks and tabs are allowed)";
            }
        }

        return null;
    }

    /// <summary>Checks one text field; returns false (after adding violations) when it is missing, too long or has bad characters.</summary>
    public static bool Check(Violations violations, string field, string label, string value, int maxChars, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required || value.Length > 0)
            {
                violations.Add(field, value.Length == 0
                    ? Invariant($"{label} is missing: write at least one visible character (at most {maxChars:N0})")
                    : Invariant($"{label} is only whitespace: write at least one visible character (at most {maxChars:N0})"));
                return false;
            }

            return true;
        }

        if (value.Length > maxChars)
        {
            violations.Add(field, Invariant($"{label} is {value.Length:N0} characters long: shorten it to at most {maxChars:N0}"));
            return false;
        }

        if (CharacterProblem(value) is { } problem)
        {
            violations.Add(field, $"{label} {problem}");
            return false;
        }

        return true;
    }

    /// <summary>Checks a list of short texts: count, then each entry non-empty, within the size limit and printable.</summary>
    public static void CheckList(Violations violations, string field, string label, IReadOnlyList<string> values, int maxEntries, int maxChars)
    {
        if (values.Count > maxEntries)
        {
            violations.Add(field, Invariant($"{label} has {values.Count:N0} entries: keep at most {maxEntries:N0}"));
            return;
        }

        for (var i = 0; i < values.Count; i++)
        {
            Check(violations, $"{field}[{i}]", $"{label} entry", values[i], maxChars, required: true);
        }
    }

    /// <summary>True when the timestamp is within the range protobuf allows (seconds and nanos normalised).</summary>
    public static bool IsValid(Timestamp timestamp) =>
        timestamp.Seconds is >= MinTimestampSeconds and <= MaxTimestampSeconds && timestamp.Nanos is >= 0 and <= 999_999_999;

    /// <summary>Checks an optional timestamp; returns its value when set and valid, null otherwise (adding a violation if invalid).</summary>
    public static DateTimeOffset? CheckTimestamp(Violations violations, string field, string label, Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (!IsValid(timestamp))
        {
            violations.Add(field, Invariant($"{label} is not a valid timestamp (seconds {timestamp.Seconds}, nanos {timestamp.Nanos}): send a UTC time between years 1 and 9999 with nanos 0 to 999,999,999"));
            return null;
        }

        return timestamp.ToDateTimeOffset();
    }
}
