using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>What the notification tests do to a real node: its Notify settings for the test SMTP server, contacts, and waiting for rows.</summary>
internal static class NotifyNodes
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>E-mail to the test SMTP server on <paramref name="smtpPort"/> (STARTTLS, login), retries a second apart so a test sees one.</summary>
    public static void Configure(Dictionary<string, string> settings, NotifyTestPki pki, int smtpPort)
    {
        settings["Notify:Smtp:Host"] = "127.0.0.1";
        settings["Notify:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Notify:Smtp:Security"] = "StartTls";
        settings["Notify:Smtp:User"] = NotifyTestPki.User;
        settings["Notify:Smtp:PasswordFile"] = pki.PasswordFile;
        settings["Notify:Smtp:From"] = "CEPTOAR <notify@ceptoar.example>";
        settings["Notify:Smtp:TrustedRootFile"] = pki.RootFile;
        settings["Notify:Smtp:ConnectTimeoutSeconds"] = "5";
        settings["Notify:Webhook:TrustedRootFile"] = pki.RootFile;
        settings["Notify:RetryInitialSeconds"] = "1";
        settings["Notify:RetryMaxSeconds"] = "2";
    }

    /// <summary>An e-mail contact of <paramref name="member"/>, or of the duty roster when null.</summary>
    public static Task AddEmailAsync(RunningNode node, string? member, string name, string email, string language) =>
        node.Admin.AddContactAsync(new AddContactRequest
        {
            MemberId = member ?? "", DutyRoster = member is null, Name = name, Email = email, Language = language,
        }).ResponseAsync;

    public static async Task<IReadOnlyList<NotificationView>> StatusAsync(RunningNode node, string itemId) =>
        (await node.Admin.GetNotifyStatusAsync(new GetNotifyStatusRequest { ItemId = itemId })).Notifications;

    /// <summary>Waits until the item has <paramref name="count"/> rows, all sent (recorded after the server accepted them).</summary>
    public static async Task<IReadOnlyList<NotificationView>> AllSentAsync(RunningNode node, string itemId, int count)
    {
        IReadOnlyList<NotificationView> rows = [];
        await Until.TrueAsync(async () =>
        {
            rows = await StatusAsync(node, itemId);
            return rows.Count == count && rows.All(r => r.State == "sent");
        }, Deadline, $"{count} notifications of {itemId} sent at {node.Ready.NodeId}");
        return rows;
    }
}
