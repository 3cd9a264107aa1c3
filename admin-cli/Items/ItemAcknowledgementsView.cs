using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items status ITEM-ID --members`: per recipient node, every acknowledgement as far as that node shares who (docs/PROTOCOL.md §7).</summary>
internal static class ItemAcknowledgementsView
{
    private const string UnnamedMember = "member";

    public static void Print(ItemStatus status, CliOutput output)
    {
        var recipients = status.Recipients.Where(r => r.State != ItemStatusView.Relayed).ToList();
        if (recipients.All(r => r.Acknowledgements.Count == 0))
        {
            output.Line(ItemsText.AckNone);
            return;
        }

        output.Line(ItemsText.AckHeading);
        foreach (var recipient in recipients)
        {
            output.Line(Localized.Format(ItemsText.AckNodeSummary, recipient.NodeId, recipient.MembersAcknowledged, recipient.StaffAcknowledged, Formats.Time(recipient.DeliveredAt)));
        }

        output.Rows(
            [CommonText.Node, ItemsText.AcknowledgedByHeader, ItemsText.AckNameHeader, ItemsText.AcknowledgedAtHeader, ItemsText.AckNoteHeader],
            recipients.SelectMany(r => r.Acknowledgements.Select(a => (IReadOnlyList<string?>)[r.NodeId, Who(a), Name(a), Formats.Time(a.At), a.Note])));
    }

    /// <summary>A member a node does not name reads as "member #2 (not named by that node)"; everyone else as the receipt says.</summary>
    private static string Who(AcknowledgementRecord acknowledgement) =>
        acknowledgement.By == UnnamedMember ? Localized.Format(ItemsText.AckUnnamedMember, acknowledgement.MemberNumber) : acknowledgement.By;

    /// <summary>The member's name in the reader's language, else the other one.</summary>
    private static string Name(AcknowledgementRecord acknowledgement)
    {
        var japanese = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";
        var (first, second) = japanese ? (acknowledgement.NameJa, acknowledgement.NameEn) : (acknowledgement.NameEn, acknowledgement.NameJa);
        return first.Length > 0 ? first : second;
    }
}
