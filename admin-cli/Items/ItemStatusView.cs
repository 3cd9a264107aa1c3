using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>How an item's delivery receipts are shown: one row per recipient node or relaying hub, and a one-line summary.</summary>
internal static class ItemStatusView
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Acknowledged = "acknowledged";
    public const string Rejected = "rejected";

    /// <summary>A hub that is not a recipient took the item to pass it on (sealed when its label requires): not a delivery.</summary>
    public const string Relayed = "relayed";

    public static IReadOnlyList<string> Headers => [CommonText.Node, CommonText.State, ItemsText.DeliveredAtHeader, ItemsText.AcknowledgedAtHeader, ItemsText.AcknowledgedByHeader, CommonText.Reason];

    public static IReadOnlyList<string?> Row(RecipientStatus recipient) =>
    [
        recipient.NodeId,
        StateText(recipient.State),
        Formats.Time(recipient.DeliveredAt),
        Formats.Time(recipient.AcknowledgedAt),
        recipient.AcknowledgedBy,
        recipient.Reason,
    ];

    /// <summary>A recipient's state (the node's protocol word) in the reader's language; a word this CLI does not know as sent.</summary>
    public static string StateText(string state) => state switch
    {
        Pending => ItemsText.StatePending,
        Delivered => ItemsText.StateDelivered,
        Acknowledged => ItemsText.StateAcknowledged,
        Rejected => ItemsText.StateRejected,
        Relayed => ItemsText.StateRelayed,
        _ => state,
    };

    /// <summary>
    /// "delivered to 3 of 4 nodes, acknowledged by 1, 1 rejected" (an acknowledged item was delivered too), then the hubs that
    /// only relayed it, which are not recipients and so count in neither number.
    /// </summary>
    public static string Summary(ItemStatus status)
    {
        var recipients = status.Recipients.Where(r => r.State != Relayed).ToList();
        var relays = status.Recipients.Where(r => r.State == Relayed).Select(r => r.NodeId).ToList();
        if (status.Recipients.Count == 0)
        {
            return ItemsText.NoRecipientsOnlyHere;
        }

        var text = recipients.Count == 0 ? ItemsText.NoRecipients : Deliveries(recipients);
        if (relays.Count > 0)
        {
            text += relays.Count == 1
                ? Localized.Format(ItemsText.RelayedByOneHub, relays[0])
                : Localized.Format(ItemsText.RelayedByHubs, relays.Count, string.Join(", ", relays));
        }

        return text;
    }

    public static void Print(ItemStatus status, CliOutput output)
    {
        output.Line(Localized.Format(ItemsText.ItemStatusLine, status.ItemId, Vocabulary.TlpLabel(status.Tlp), Summary(status)));
        if (status.RevokedKey is { } revoked)
        {
            output.Line(ItemsCommands.KeyRevoked(revoked));
        }
        if (status.Recipients.Count > 0)
        {
            output.Rows(Headers, status.Recipients.Select(Row));
        }
    }

    private static string Deliveries(IReadOnlyList<RecipientStatus> recipients)
    {
        var delivered = recipients.Count(r => r.State is Delivered or Acknowledged);
        var acknowledged = recipients.Count(r => r.State == Acknowledged);
        var rejected = recipients.Count(r => r.State == Rejected);
        var pending = recipients.Count(r => r.State == Pending);
        var noun = recipients.Count == 1 ? ItemsText.NodeSingular : ItemsText.NodePlural;
        var text = Localized.Format(ItemsText.DeliverySummary, delivered, recipients.Count, noun, acknowledged, rejected);
        if (pending > 0)
        {
            text += Localized.Format(ItemsText.DeliveryPending, pending);
        }

        var other = recipients.Count - delivered - rejected - pending;
        if (other > 0)
        {
            text += Localized.Format(ItemsText.DeliveryUnknownState, other);
        }

        return text;
    }
}
