using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Demo;

/// <summary>
/// One notification a node recorded for a demo report: who it went to (a member's contact, or the duty roster when
/// <see cref="MemberId"/> is null), in which language and over which channel, its state at the node, and the subject as the
/// demo's mail sink received it (null while nothing arrived).
/// </summary>
internal sealed record NotifiedRow(string NodeId, string? MemberId, string ContactName, string Language, string Channel, string State, string? Subject, string LastError);

/// <summary>Joins what the nodes recorded (`notify status`) with what the sink received. Pure: no I/O.</summary>
internal static class DemoNotifications
{
    public const string Sent = "sent";
    public const string Pending = "pending";
    public const string Email = "email";

    /// <summary>The Message-ID a node gives the e-mail of a notification row (docs/NOTIFICATIONS.md §3), without angle brackets.</summary>
    public static string MessageId(string key, string nodeId) => $"{key}@{nodeId}.ceptoar";

    /// <summary>One node's notifications of one item, each with its contact (language) and the message received, if any.</summary>
    public static IReadOnlyList<NotifiedRow> Rows(
        string nodeId,
        IEnumerable<NotificationView> views,
        IReadOnlyDictionary<string, NotifyContact> contacts,
        IReadOnlyList<SinkMail> received) =>
    [
        .. views.Select(view =>
        {
            var contact = contacts.GetValueOrDefault(view.ContactId);
            var mail = received.FirstOrDefault(m => m.MessageId == MessageId(view.Key, nodeId));
            var member = contact is { DutyRoster: true } || view.MemberId.Length == 0 ? null : view.MemberId;
            var language = contact?.Language is { Length: > 0 } known ? known : mail?.Language ?? string.Empty;
            return new NotifiedRow(nodeId, member, view.ContactName, language, view.Channel, view.State, mail?.Subject, view.LastError);
        }),
    ];

    /// <summary>In the order the demo shows nodes, each node's members before its duty roster, Japanese before English.</summary>
    public static IReadOnlyList<NotifiedRow> Ordered(IEnumerable<NotifiedRow> rows) =>
    [
        .. rows.OrderBy(r => IndexOf(r.NodeId))
            .ThenBy(r => r.MemberId is null)
            .ThenBy(r => r.MemberId, StringComparer.Ordinal)
            .ThenByDescending(r => r.Language, StringComparer.Ordinal)
            .ThenBy(r => r.ContactName, StringComparer.Ordinal),
    ];

    /// <summary>Done when no notification is still pending and every e-mail the node counts as sent has reached the sink.</summary>
    public static bool Settled(IEnumerable<NotifiedRow> rows) => rows.All(r => r.State != Pending && !(r.State == Sent && r.Channel == Email && r.Subject is null));

    /// <summary>Every notification that was not sent, or that the node sent but the sink never received.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<NotifiedRow> rows) =>
    [
        .. rows.Where(r => r.State != Sent || (r.Channel == Email && r.Subject is null))
            .Select(r => r.State == Sent
                ? Localized.Format(DemoText.NotifiedNotReceived, r.NodeId, r.ContactName)
                : Localized.Format(DemoText.NotifiedNotSent, r.NodeId, r.ContactName, r.State, r.LastError)),
    ];

    private static int IndexOf(string nodeId)
    {
        var index = SampleFederation.NodeIds.ToList().IndexOf(nodeId);
        return index < 0 ? int.MaxValue : index;
    }
}
