using System.Globalization;
using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Administration;

/// <summary>What a member record must look like; pure checks with field-level answers.</summary>
internal static partial class MemberRules
{
    private const int MaxTags = 32;
    private const int MaxName = 200;

    [GeneratedRegex("^[a-z0-9][a-z0-9:._-]{0,63}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    public static IReadOnlyList<FieldViolation> Validate(AddMemberRequest request, Vocabulary vocabulary)
    {
        var violations = new List<FieldViolation>();
        if (!Identifiers.IsValidMemberId(request.MemberId))
        {
            violations.Add(new("member_id", string.Format(CultureInfo.InvariantCulture, AdministrationText.IdMustBe, AdministrationText.MemberIdRule)));
        }

        if (string.IsNullOrWhiteSpace(request.NameJa) && string.IsNullOrWhiteSpace(request.NameEn))
        {
            violations.Add(new("name_ja", AdministrationText.MemberNameRequired));
        }

        foreach (var (field, value) in new[] { ("name_ja", request.NameJa), ("name_en", request.NameEn) })
        {
            if (value.Length > MaxName || value.Any(char.IsControl))
            {
                violations.Add(new(field, string.Format(CultureInfo.InvariantCulture, AdministrationText.TextTooLong, MaxName)));
            }
        }

        if (!vocabulary.Sectors.ContainsKey(request.Sector))
        {
            violations.Add(new("sector", string.Format(CultureInfo.InvariantCulture, AdministrationText.SectorUnknown, request.Sector, string.Join(", ", vocabulary.Sectors.Keys))));
        }

        if (request.Tags.Count > MaxTags)
        {
            violations.Add(new("tags", string.Format(CultureInfo.InvariantCulture, AdministrationText.TagsTooMany, MaxTags)));
        }

        for (var i = 0; i < request.Tags.Count; i++)
        {
            if (!TagPattern().IsMatch(request.Tags[i]))
            {
                violations.Add(new($"tags[{i}]", AdministrationText.TagInvalid));
            }
        }

        if (request.Tags.Distinct().Count() != request.Tags.Count)
        {
            violations.Add(new("tags", AdministrationText.TagsDuplicate));
        }

        if (request.Language.Length > 0 && !MemberRecord.IsLanguage(request.Language))
        {
            violations.Add(new("language", AdministrationText.MemberLanguageInvalid));
        }

        if (request.ContactEmail.Length > 0 && (request.ContactEmail.Length > 254 || !EmailPattern().IsMatch(request.ContactEmail.Trim())))
        {
            violations.Add(new("contact_email", AdministrationText.ContactEmailInvalid));
        }

        return violations;
    }
}
