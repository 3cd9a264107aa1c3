using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Core.Descriptors;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>
/// A node's contact means and emergency contact as a person reads them in `directory`: one per line, kinds and labels in
/// the reader's language. A node that predates the structured fields (docs/PROTOCOL.md §8) is shown by its readable strings.
/// </summary>
internal static class ContactViews
{
    public static string Means(DirectoryEntryView node) =>
        node.ContactPoints.Count > 0
            ? string.Join('\n', node.ContactPoints.Select(Point))
            : Formats.List(node.ContactMeans.Select(Clean));

    public static string Emergency(DirectoryEntryView node)
    {
        if (node.EmergencyDesk is not { } desk)
        {
            return Clean(node.EmergencyContact);
        }

        var lines = new List<string>();
        AddIfAny(lines, Pick(desk.NameJa, desk.NameEn));
        if (desk.Phone.Length > 0)
        {
            lines.Add(Localized.Format(QueryText.ContactPoint, QueryText.ContactKindPhone, Clean(desk.Phone)));
        }

        if (desk.Email.Length > 0)
        {
            lines.Add(Localized.Format(QueryText.ContactPoint, QueryText.ContactKindEmail, Clean(desk.Email)));
        }

        if (Pick(desk.HoursJa, desk.HoursEn) is { Length: > 0 } hours)
        {
            lines.Add(Localized.Format(QueryText.EmergencyHours, hours));
        }

        if (desk.Since.Length > 0)
        {
            lines.Add(Localized.Format(QueryText.EmergencySince, Clean(desk.Since)));
        }

        return string.Join('\n', lines);
    }

    /// <summary>"Kind: value (label)"; for "other", whose kind says nothing, the label names it: "Label: value".</summary>
    public static string Point(ContactPoint point)
    {
        var label = Pick(point.LabelJa, point.LabelEn);
        var value = Clean(point.Value);
        if (point.Kind == DescriptorContacts.Other && label.Length > 0)
        {
            return Localized.Format(QueryText.ContactPoint, label, value);
        }

        var kind = KindName(point.Kind);
        return label.Length == 0
            ? Localized.Format(QueryText.ContactPoint, kind, value)
            : Localized.Format(QueryText.ContactPointWithLabel, kind, value, label);
    }

    /// <summary>The kind in the reader's language; a kind from a newer node is shown as it is written.</summary>
    public static string KindName(string kind) => kind switch
    {
        DescriptorContacts.Email => QueryText.ContactKindEmail,
        DescriptorContacts.Phone => QueryText.ContactKindPhone,
        DescriptorContacts.Fax => QueryText.ContactKindFax,
        DescriptorContacts.Web => QueryText.ContactKindWeb,
        DescriptorContacts.Mobile => QueryText.ContactKindMobile,
        DescriptorContacts.SatellitePhone => QueryText.ContactKindSatellitePhone,
        DescriptorContacts.TvConference => QueryText.ContactKindTvConference,
        DescriptorContacts.Other => QueryText.ContactKindOther,
        _ => Clean(kind),
    };

    /// <summary>The text in the reader's language, else the other one.</summary>
    private static string Pick(string ja, string en)
    {
        var japanese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == CliLanguage.Japanese;
        var (first, second) = japanese ? (ja, en) : (en, ja);
        return Clean(first.Length > 0 ? first : second);
    }

    /// <summary>A descriptor's text is another node's: control characters (terminal escapes, line breaks) are not passed to the terminal.</summary>
    private static string Clean(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '\uFFFD' : c)) : text;

    private static void AddIfAny(List<string> lines, string text)
    {
        if (text.Length > 0)
        {
            lines.Add(text);
        }
    }
}
