using System.Globalization;
using System.Text.RegularExpressions;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Notifications;

namespace Ceptoar.Node.Administration;

/// <summary>What a contact must look like (docs/NOTIFICATIONS.md §6); pure checks with field-level answers.</summary>
internal static partial class ContactRules
{
    private const int MaxName = 200;
    private const int MaxRole = 100;
    private const int MaxAddress = 320;

    /// <summary>Kind codes a contact may ask for: the kinds members submit (drills reach every contact that takes exercises; the federation's other kinds never reach a person).</summary>
    public static readonly IReadOnlyList<string> KindCodes = [.. ItemValidator.MemberKinds.Select(NotificationContent.KindCode)];

    public static readonly IReadOnlyList<string> LabelNames = [.. new[] { Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red }.Select(TlpTransport.Name)];

    public static readonly IReadOnlyList<string> SeverityCodes = [.. Enum.GetValues<Severity>().Select(NotificationContent.SeverityCode)];

    [GeneratedRegex(@"^[^@\s<>()\[\],;:""]{1,64}@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailPattern();

    public static IReadOnlyList<FieldViolation> Validate(AddContactRequest request)
    {
        var violations = new List<FieldViolation>();
        var member = request.MemberId.Trim();
        if (member.Length > 0 == request.DutyRoster)
        {
            violations.Add(new("member_id", AdministrationText.ContactOwnerOneOf));
        }
        else if (member.Length > 0 && !Identifiers.IsValidMemberId(member))
        {
            violations.Add(new("member_id", string.Format(CultureInfo.InvariantCulture, AdministrationText.IdMustBe, AdministrationText.MemberIdRule)));
        }

        Text(violations, "name", request.Name, MaxName, required: true);
        Text(violations, "role", request.Role, MaxRole, required: false);
        Channel(request, violations);

        if (!NotificationLanguages.TryParse(request.Language, out _) || request.Language.Trim().Length is 0 or > 10)
        {
            violations.Add(new("language", string.Format(CultureInfo.InvariantCulture, AdministrationText.LanguageInvalid, request.Language, NotificationLanguages.Choices)));
        }

        for (var i = 0; i < request.Kinds.Count; i++)
        {
            if (!KindCodes.Contains(request.Kinds[i].Trim().ToLowerInvariant()))
            {
                violations.Add(new($"kinds[{i}]", string.Format(CultureInfo.InvariantCulture, AdministrationText.KindInvalid, request.Kinds[i], string.Join(", ", KindCodes))));
            }
        }

        for (var i = 0; i < request.Labels.Count; i++)
        {
            if (!LabelNames.Contains(Label(request.Labels[i])))
            {
                violations.Add(new($"labels[{i}]", string.Format(CultureInfo.InvariantCulture, AdministrationText.LabelInvalid, request.Labels[i], string.Join(", ", LabelNames))));
            }
        }

        if (request.MinSeverity.Length > 0 && !SeverityCodes.Contains(request.MinSeverity.Trim().ToLowerInvariant()))
        {
            violations.Add(new("min_severity", string.Format(CultureInfo.InvariantCulture, AdministrationText.SeverityInvalid, request.MinSeverity, string.Join(", ", SeverityCodes))));
        }

        return violations;
    }

    /// <summary>"amber+strict", "TLP:GREEN" → the label as stored ("AMBER+STRICT", "GREEN").</summary>
    public static string Label(string text)
    {
        var label = text.Trim().ToUpperInvariant();
        return label.StartsWith("TLP:", StringComparison.Ordinal) ? label[4..] : label;
    }

    public static int Severity(string code) => code.Trim().Length == 0 ? 0 : SeverityCodes.ToList().IndexOf(code.Trim().ToLowerInvariant());

    private static void Channel(AddContactRequest request, List<FieldViolation> violations)
    {
        var email = request.Email.Trim();
        var url = request.WebhookUrl.Trim();
        if (email.Length > 0 == url.Length > 0)
        {
            violations.Add(new("email", AdministrationText.ChannelOneOf));
            return;
        }

        if (email.Length > 0 && (email.Length > MaxAddress || !EmailPattern().IsMatch(email)))
        {
            violations.Add(new("email", string.Format(CultureInfo.InvariantCulture, AdministrationText.EmailInvalid, email)));
        }

        if (url.Length == 0)
        {
            return;
        }

        if (request.DutyRoster)
        {
            violations.Add(new("webhook_url", AdministrationText.WebhookForDutyRoster));
        }
        else if (url.Length > MaxAddress || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            violations.Add(new("webhook_url", string.Format(CultureInfo.InvariantCulture, AdministrationText.WebhookUrlNotAbsolute, url)));
        }
        else if (uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0)
        {
            violations.Add(new("webhook_url", string.Format(CultureInfo.InvariantCulture, AdministrationText.WebhookUrlNotHttps, url)));
        }
        else if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            violations.Add(new("webhook_url", string.Format(CultureInfo.InvariantCulture, AdministrationText.WebhookUrlHasUserInfo, uri.GetLeftPart(UriPartial.Authority))));
        }
        else if (WebhookChannel.UrlProblem(uri) is { } problem)
        {
            // The sender's own check (docs/NOTIFICATIONS.md §2) stays the last word: a rule it gains is never skipped here.
            violations.Add(new("webhook_url", problem));
        }
    }

    private static void Text(List<FieldViolation> violations, string field, string value, int max, bool required)
    {
        if (required && string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new(field, AdministrationText.TextRequired));
        }
        else if (value.Length > max || value.Any(char.IsControl))
        {
            violations.Add(new(field, string.Format(CultureInfo.InvariantCulture, AdministrationText.TextTooLong, max)));
        }
    }
}
