namespace Ceptoar.Core.Items;

/// <summary>Syntax of the identifiers items carry: node ids, member ids and BCP 47 language tags. Pure: no I/O.</summary>
public static class Identifiers
{
    public const int MinNodeIdLength = 2;
    public const int MaxNodeIdLength = 63;
    public const int MinMemberIdLength = 2;
    public const int MaxMemberIdLength = 64;
    public const int MaxLanguageTagLength = 35;

    /// <summary>What a valid node id looks like, for error messages.</summary>
    public const string NodeIdRule = "2 to 63 characters of a-z, 0-9 and '-', starting with a letter, e.g. electricity-ceptoar";

    /// <summary>What a valid member id looks like, for error messages.</summary>
    public const string MemberIdRule = "2 to 64 characters of a-z, 0-9 and '-', e.g. tokyo-electric";

    /// <summary>Node ids: 2 to 63 characters of a-z, 0-9 and '-', starting with a letter (same rule as NodeUri.IsValidNodeId).</summary>
    public static bool IsValidNodeId(string? nodeId) =>
        nodeId is { Length: >= MinNodeIdLength and <= MaxNodeIdLength } && char.IsAsciiLetterLower(nodeId[0]) && IsLowerLdh(nodeId);

    /// <summary>Member ids (unique within their node): 2 to 64 characters of a-z, 0-9 and '-'.</summary>
    public static bool IsValidMemberId(string? memberId) =>
        memberId is { Length: >= MinMemberIdLength and <= MaxMemberIdLength } && IsLowerLdh(memberId);

    /// <summary>
    /// A plausible BCP 47 tag: a primary language subtag of 2 or 3 letters, then optional subtags of 1 to 8 letters or
    /// digits separated by '-', at most 35 characters ("ja", "en-GB", "zh-Hant-TW"). Registry membership is not checked.
    /// </summary>
    public static bool IsPlausibleLanguageTag(string? tag)
    {
        if (tag is null || tag.Length is < 2 or > MaxLanguageTagLength)
        {
            return false;
        }

        var subtags = tag.Split('-');
        if (subtags[0].Length is < 2 or > 3 || !subtags[0].All(char.IsAsciiLetter))
        {
            return false;
        }

        return subtags.Skip(1).All(s => s.Length is >= 1 and <= 8 && s.All(char.IsAsciiLetterOrDigit));
    }

    private static bool IsLowerLdh(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
