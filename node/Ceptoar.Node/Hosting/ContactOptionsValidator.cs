using Ceptoar.Core.Descriptors;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// Checks "Node:ContactMeans" and "Node:EmergencyContact" for <see cref="NodeOptionsValidator"/>: every peer shows them to
/// people who must reach the secretariat in an emergency, so a typo is refused at start rather than signed and spread.
/// </summary>
internal static class ContactOptionsValidator
{
    private const string Means = "Node:ContactMeans";
    private const string Emergency = "Node:EmergencyContact";

    public static void Check(List<string> errors, NodeOptions options)
    {
        if (options.ContactMeans.Count > DescriptorContacts.MaxContactPoints)
        {
            errors.Add(Setting(Means, $"lists {options.ContactMeans.Count} contact means", $"list at most {DescriptorContacts.MaxContactPoints}; put the ones people use first"));
        }

        for (var i = 0; i < options.ContactMeans.Count; i++)
        {
            CheckMean(errors, $"{Means}:{i}", options.ContactMeans[i]);
        }

        if (options.EmergencyContact is { } desk)
        {
            CheckDesk(errors, desk);
        }
    }

    private static void CheckMean(List<string> errors, string key, ContactMeanOption mean)
    {
        if (string.IsNullOrWhiteSpace(mean.Kind))
        {
            errors.Add(Setting($"{key}:Kind", "is missing", "set one of " + string.Join(", ", DescriptorContacts.Kinds)));
        }
        else if (!DescriptorContacts.Kinds.Contains(mean.Kind))
        {
            errors.Add(Setting($"{key}:Kind", $"'{mean.Kind}' is not a contact kind", "use one of " + string.Join(", ", DescriptorContacts.Kinds) + " (other, with a label, for anything else)"));
        }

        if (string.IsNullOrWhiteSpace(mean.Value))
        {
            errors.Add(Setting($"{key}:Value", "is empty", "set the address, number or URL people use, e.g. ceptoar@bank.example.jp or 03-0000-0001"));
        }
        else if (Text(errors, $"{key}:Value", mean.Value, DescriptorContacts.MaxValueLength))
        {
            CheckValue(errors, $"{key}:Value", mean.Kind, mean.Value);
        }

        Text(errors, $"{key}:LabelJa", mean.LabelJa, DescriptorContacts.MaxTextLength);
        Text(errors, $"{key}:LabelEn", mean.LabelEn, DescriptorContacts.MaxTextLength);
    }

    private static void CheckDesk(List<string> errors, EmergencyContactOption desk)
    {
        if (string.IsNullOrWhiteSpace(desk.NameJa) && string.IsNullOrWhiteSpace(desk.NameEn))
        {
            errors.Add(Setting($"{Emergency}:NameJa", "and NameEn are both empty", "name the person or unit on call, e.g. 事務局 システム部 and Secretariat, Systems Department"));
        }

        if (string.IsNullOrWhiteSpace(desk.Phone) && string.IsNullOrWhiteSpace(desk.Email))
        {
            errors.Add(Setting($"{Emergency}:Phone", "and Email are both empty", "give at least one way to reach the emergency contact"));
        }

        if (string.IsNullOrWhiteSpace(desk.HoursJa) && string.IsNullOrWhiteSpace(desk.HoursEn))
        {
            errors.Add(Setting($"{Emergency}:HoursJa", "and HoursEn are both empty", "say when it answers, e.g. 24時間365日 and 24/7, or 平日 9:00-17:30 and Weekdays 9:00-17:30"));
        }

        foreach (var (name, value) in new[] { ("NameJa", desk.NameJa), ("NameEn", desk.NameEn), ("HoursJa", desk.HoursJa), ("HoursEn", desk.HoursEn) })
        {
            Text(errors, $"{Emergency}:{name}", value, DescriptorContacts.MaxTextLength);
        }

        if (desk.Phone.Length > 0 && Text(errors, $"{Emergency}:Phone", desk.Phone, DescriptorContacts.MaxTextLength))
        {
            CheckValue(errors, $"{Emergency}:Phone", DescriptorContacts.Phone, desk.Phone);
        }

        if (desk.Email.Length > 0 && Text(errors, $"{Emergency}:Email", desk.Email, DescriptorContacts.MaxTextLength))
        {
            CheckValue(errors, $"{Emergency}:Email", DescriptorContacts.Email, desk.Email);
        }

        if (desk.Since.Length > 0 && !DescriptorContacts.IsYearMonth(desk.Since))
        {
            errors.Add(Setting($"{Emergency}:Since", $"'{desk.Since}' is not a year and month", "write it as YYYY-MM, e.g. 2007-04, or leave it empty"));
        }
    }

    private static void CheckValue(List<string> errors, string key, string kind, string value)
    {
        if (kind == DescriptorContacts.Email && !DescriptorContacts.IsEmailAddress(value))
        {
            errors.Add(Setting(key, $"'{value}' is not an e-mail address", "write it as name@domain, e.g. ceptoar@bank.example.jp, without a display name or brackets"));
        }
        else if (DescriptorContacts.IsTelephone(kind) && !DescriptorContacts.IsTelephoneNumber(value))
        {
            errors.Add(Setting(key, $"'{value}' is not a telephone number", "use digits with '-', spaces or parentheses and an optional leading '+', e.g. 03-0000-0001 or +81-3-0000-0001; put an extension or a note in the label"));
        }
        else if (kind == DescriptorContacts.Web && !DescriptorContacts.IsWebAddress(value))
        {
            errors.Add(Setting(key, $"'{value}' is not a web address", "use an absolute URL, e.g. https://www.bank.example.jp/ceptoar/"));
        }
    }

    /// <summary>False (with the error) when the text is too long or holds control characters; true when it may be checked further.</summary>
    private static bool Text(List<string> errors, string key, string value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            errors.Add(Setting(key, $"is {value.Length} characters long", $"shorten it to at most {maxLength}"));
            return false;
        }

        if (value.Any(char.IsControl) || value != value.Trim())
        {
            errors.Add(Setting(key, "has line breaks, control characters or spaces at either end", "write it on one line without leading or trailing spaces"));
            return false;
        }

        return true;
    }

    private static string Setting(string key, string problem, string fix) => SettingProblem.Describe(key, problem, fix);
}
