using System.Globalization;
using Ceptoar.AdminCli.Input;
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

    public static readonly IReadOnlyList<string> Headers = ["Node", "State", "Delivered at", "Acknowledged at", "By", "Reason"];

    public static IReadOnlyList<string?> Row(RecipientStatus recipient) =>
    [
        recipient.NodeId,
        recipient.State,
        Formats.Time(recipient.DeliveredAt),
        Formats.Time(recipient.AcknowledgedAt),
        recipient.AcknowledgedBy,
        recipient.Reason,
    ];

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
            return "addressed to no other node: only this node holds it.";
        }

        var text = recipients.Count == 0 ? "addressed to no other node" : Deliveries(recipients);
        if (relays.Count > 0)
        {
            text += relays.Count == 1
                ? $"; relayed by 1 hub that is not a recipient ({relays[0]})"
                : string.Create(CultureInfo.InvariantCulture, $"; relayed by {relays.Count} hubs that are not recipients ({string.Join(", ", relays)})");
        }

        return text;
    }

    public static void Print(ItemStatus status, CliOutput output)
    {
        output.Line($"item {status.ItemId} ({Vocabulary.TlpLabel(status.Tlp)}): {Summary(status)}");
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
        var noun = recipients.Count == 1 ? "node" : "nodes";
        var text = string.Create(CultureInfo.InvariantCulture, $"delivered to {delivered} of {recipients.Count} {noun}, acknowledged by {acknowledged}, {rejected} rejected");
        if (pending > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {pending} pending");
        }

        var other = recipients.Count - delivered - rejected - pending;
        if (other > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $", {other} in a state this ceptoar-admin does not know");
        }

        return text;
    }
}
