namespace Ceptoar.Node.Notifications;

/// <summary>Source-generated log events of the notification channels (stable event ids 6001-6099). No item content is logged.</summary>
internal static partial class NotifyLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Connected to SMTP server {Host}:{Port} ({Security})")]
    public static partial void MailConnected(ILogger logger, string host, int port, SmtpSecurity security);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "E-mail {MessageId} not sent ({Outcome}): {Reason}")]
    public static partial void MailFailed(ILogger logger, string messageId, DeliveryOutcome outcome, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "SMTP connection to {Host}:{Port} lost ({Reason}); reconnecting")]
    public static partial void MailReconnecting(ILogger logger, string host, int port, string reason);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Webhook {IdempotencyKey} to {Host} not delivered ({Outcome}): {Reason}")]
    public static partial void WebhookFailed(ILogger logger, string idempotencyKey, string host, DeliveryOutcome outcome, string reason);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Notification {Key} about item {ItemId} to contact {ContactId} given up: {Reason}")]
    public static partial void GaveUp(ILogger logger, string key, string itemId, string contactId, string reason);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error, Message = "The notification sender failed; its rows stay in the outbox and are tried again")]
    public static partial void SenderFailed(ILogger logger, Exception exception);
}
