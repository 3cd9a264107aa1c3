using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>
/// One line per report saying what the federation actually did with it: where it can be read, where only its ciphertext
/// sits, which members see it, and how many receipts came back. Built from what the demo observed, never from what it
/// expected, so a misbehaving federation reads differently here. Pure.
/// </summary>
internal static class DemoSummary
{
    /// <param name="copies">How each node of the federation holds the item.</param>
    /// <param name="seenBy">The members whose own feed lists the item.</param>
    public static string Line(
        SubmittedReport item,
        IReadOnlyList<DemoNode> nodes,
        IReadOnlyList<DemoMember> members,
        IReadOnlyDictionary<string, CopyKind> copies,
        IReadOnlySet<string> seenBy,
        ItemStatus? status)
    {
        var others = nodes.Where(n => n.Id != item.OriginNode).ToList();
        var readable = others.Where(n => copies.GetValueOrDefault(n.Id) == CopyKind.Plaintext).Select(n => n.Id).ToList();
        var ciphertext = others.Where(n => copies.GetValueOrDefault(n.Id) == CopyKind.Sealed).ToList();

        var parts = new List<string>
        {
            readable.Count == others.Count ? DemoText.ReadableEverywhere
                : readable.Count == 0 ? DemoText.ReadableOriginOnly
                : Localized.Format(DemoText.ReadableAt, string.Join(", ", readable)),
        };
        if (ciphertext.Count > 0)
        {
            var holders = Join(ciphertext.Select(n => n.Id));
            var one = ciphertext.Count == 1;
            parts.Add(ciphertext.All(n => n.IsHub)
                ? one ? Localized.Format(DemoText.HubHoldsCiphertext, holders) : Localized.Format(DemoText.HubsHoldCiphertext, holders)
                : one ? Localized.Format(DemoText.HoldsCiphertext, holders) : Localized.Format(DemoText.HoldCiphertext, holders));
        }

        parts.Add(Members(item, nodes, members, seenBy));
        parts.Add(Receipts(status));
        return string.Join("; ", parts) + ".";
    }

    /// <summary>"TLP:AMBER+STRICT" padded so the lines of the three reports align.</summary>
    public static string LabelColumn(Tlp tlp) => Vocabulary.TlpLabel(tlp).PadRight(Vocabulary.TlpLabel(Tlp.AmberStrict).Length);

    private static string Members(SubmittedReport item, IReadOnlyList<DemoNode> nodes, IReadOnlyList<DemoMember> members, IReadOnlySet<string> seenBy)
    {
        var others = members.Where(m => m.MemberId != item.SubmittedBy).ToList();
        var seen = others.Where(m => seenBy.Contains(m.MemberId)).ToList();
        if (seen.Count == 0)
        {
            return Localized.Format(DemoText.NoMemberSees, item.SubmittedBy);
        }

        if (seen.Count < others.Count)
        {
            var only = Join(seen.Select(m => m.MemberId));
            return seen.Count == 1 ? Localized.Format(DemoText.OnlySees, only) : Localized.Format(DemoText.OnlySee, only);
        }

        var secretariats = nodes.Where(n => n.Role == NodeRole.Secretariat).Select(n => n.Id);
        var everywhere = secretariats.All(id => members.Any(m => m.NodeId == id));
        var all = Join(seen.Select(m => m.MemberId));
        return everywhere ? Localized.Format(DemoText.EverySecretariatSees, all) : Localized.Format(DemoText.EveryMemberSees, all);
    }

    private static string Receipts(ItemStatus? status)
    {
        var recipients = status?.Recipients.Where(r => r.State != ItemStatusView.Relayed).ToList() ?? [];
        if (recipients.Count == 0)
        {
            return DemoText.NoRecipient;
        }

        var delivered = recipients.Count(r => r.State is ItemStatusView.Delivered or ItemStatusView.Acknowledged);
        var acknowledged = recipients.Count(r => r.State == ItemStatusView.Acknowledged);
        var text = recipients.Count == 1
            ? Localized.Format(DemoText.OneRecipientReceipt, delivered)
            : Localized.Format(DemoText.RecipientsReceipt, delivered, recipients.Count);
        return acknowledged == 0 ? text : Localized.Format(DemoText.AlsoAcknowledged, text, acknowledged);
    }

    private static string Join(IEnumerable<string> ids)
    {
        var list = ids.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list[..^1]) + DemoText.And + list[^1];
    }
}
