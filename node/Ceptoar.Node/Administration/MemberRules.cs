using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Administration;

/// <summary>What a member record must look like; pure checks with field-level answers.</summary>
internal static partial class MemberRules
{
    private const int MaxTags = 32;

    [GeneratedRegex("^[a-z0-9][a-z0-9:._-]{0,63}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    public static IReadOnlyList<FieldViolation> Validate(AddMemberRequest request, Vocabulary vocabulary)
    {
        var violations = new List<FieldViolation>();
        if (!Identifiers.IsValidMemberId(request.MemberId))
        {
            violations.Add(new("member_id", "must be " + Identifiers.MemberIdRule));
        }

        if (string.IsNullOrWhiteSpace(request.NameJa) && string.IsNullOrWhiteSpace(request.NameEn))
        {
            violations.Add(new("name_ja", "a name is required: give the company's name in Japanese (name_ja) and/or English (name_en)"));
        }

        foreach (var (field, value) in new[] { ("name_ja", request.NameJa), ("name_en", request.NameEn) })
        {
            if (value.Length > 200 || value.Any(char.IsControl))
            {
                violations.Add(new(field, "must be at most 200 characters without control characters"));
            }
        }

        if (!vocabulary.Sectors.ContainsKey(request.Sector))
        {
            violations.Add(new("sector", $"'{request.Sector}' is not a sector code: use one of {string.Join(", ", vocabulary.Sectors.Keys)}"));
        }

        if (request.Tags.Count > MaxTags)
        {
            violations.Add(new("tags", $"at most {MaxTags} tags"));
        }

        for (var i = 0; i < request.Tags.Count; i++)
        {
            if (!TagPattern().IsMatch(request.Tags[i]))
            {
                violations.Add(new($"tags[{i}]", "must be 1 to 64 characters of a-z, 0-9 and ':._-', e.g. 'region:kanto' or 'size-large'"));
            }
        }

        if (request.Tags.Distinct().Count() != request.Tags.Count)
        {
            violations.Add(new("tags", "has duplicates: give each tag once"));
        }

        if (request.Language.Length > 0 && !MemberRecord.IsLanguage(request.Language))
        {
            violations.Add(new("language", "must be ja or en (or empty for en): the language the member is answered in when its call sends no accept-language"));
        }

        if (request.ContactEmail.Length > 0 && (request.ContactEmail.Length > 254 || !EmailPattern().IsMatch(request.ContactEmail.Trim())))
        {
            violations.Add(new("contact_email", "is not an email address: use name@example.co.jp or leave it empty"));
        }

        return violations;
    }
}
