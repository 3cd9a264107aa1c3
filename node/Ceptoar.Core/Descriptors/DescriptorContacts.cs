using System.Globalization;
using System.Text;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Descriptors;

/// <summary>The contact means and emergency contact a node signs into its descriptor (docs/PROTOCOL.md §8): kinds, limits, checks and the readable copies.</summary>
public static class DescriptorContacts
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Fax = "fax";
    public const string Web = "web";
    public const string Mobile = "mobile";
    public const string SatellitePhone = "satellite-phone";
    public const string TvConference = "tv-conference";
    public const string Other = "other";

    /// <summary>
    /// Bounds that keep a descriptor with every contact at its longest, written twice (structured and readable, §8), well
    /// inside <see cref="NodeDescriptors.MaxDescriptorBytes"/> next to its certificates and retired keys.
    /// </summary>
    public const int MaxContactPoints = 12;

    public const int MaxValueLength = 200;

    public const int MaxTextLength = 100;

    /// <summary>The kinds a node may configure, in the order the roster lists means.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [Email, Phone, Fax, Web, Mobile, SatellitePhone, TvConference, Other];

    /// <summary>Kinds whose value is a telephone number.</summary>
    public static bool IsTelephone(string kind) => kind is Phone or Fax or Mobile or SatellitePhone;

    /// <summary>
    /// An address as people write it for a secretariat: local@domain, the local part of the unquoted characters of
    /// RFC 5322 (no leading, trailing or double dot), the domain of at least two DNS labels. Quoted local parts, comments,
    /// display names and IP literals are refused: they are legal but no secretariat publishes one, and they hide typos.
    /// </summary>
    public static bool IsEmailAddress(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || value.Length > 254)
        {
            return false;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        const string LocalSpecials = "!#$%&'*+/=?^_`{|}~-.";
        var localOk = local.Length <= 64 && local.All(c => char.IsAsciiLetterOrDigit(c) || LocalSpecials.Contains(c, StringComparison.Ordinal))
            && !local.StartsWith('.') && !local.EndsWith('.') && !local.Contains("..", StringComparison.Ordinal);
        var labels = domain.Split('.');
        var domainOk = labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !l.StartsWith('-') && !l.EndsWith('-'));
        return localOk && domainOk;
    }

    /// <summary>
    /// A number as it is dialled or printed: digits with '-', spaces and parentheses, an optional leading '+', and 4 to 20
    /// digits. An extension or a note goes in the label, so that a phone can dial the value as it is.
    /// </summary>
    public static bool IsTelephoneNumber(string value)
    {
        var body = value.StartsWith('+') ? value[1..] : value;
        var digits = body.Count(char.IsAsciiDigit);
        return body.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '(' or ')') && digits is >= 4 and <= 20;
    }

    /// <summary>An absolute http or https URL.</summary>
    public static bool IsWebAddress(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0;

    /// <summary>"YYYY-MM", e.g. "2007-04".</summary>
    public static bool IsYearMonth(string value) =>
        value.Length == 7 && DateTime.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>The readable copy of a contact point for contact_means (13): "kind: value (label ja / label en)".</summary>
    public static string ReadableLine(ContactPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        var line = $"{point.Kind}: {point.Value}";
        var labels = Both(point.LabelJa, point.LabelEn);
        return labels.Length == 0 ? line : $"{line} ({labels})";
    }

    /// <summary>
    /// The readable copy of an emergency contact for emergency_contact (14), in both languages, as a node that predates
    /// emergency_desk shows it: "緊急窓口 / Emergency: name; tel …; e-mail …; 受付時間 / hours …; since …".
    /// </summary>
    public static string ReadableLine(EmergencyDesk desk)
    {
        ArgumentNullException.ThrowIfNull(desk);
        var line = new StringBuilder("緊急窓口 / Emergency: ").Append(Both(desk.NameJa, desk.NameEn));
        Append(line, "tel ", desk.Phone);
        Append(line, "e-mail ", desk.Email);
        Append(line, "受付時間 / hours ", Both(desk.HoursJa, desk.HoursEn));
        Append(line, "since ", desk.Since);
        return line.ToString();
    }

    private static string Both(string ja, string en) =>
        ja.Length > 0 && en.Length > 0 && ja != en ? $"{ja} / {en}" : ja.Length > 0 ? ja : en;

    private static void Append(StringBuilder line, string name, string value)
    {
        if (value.Length > 0)
        {
            line.Append("; ").Append(name).Append(value);
        }
    }
}
