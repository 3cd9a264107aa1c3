namespace Ceptoar.Node.Notifications;

/// <summary>Notifications to people: channels, retries, giving up and escalation (configuration section "Notify").</summary>
public sealed class NotifyOptions
{
    public const string Section = "Notify";

    /// <summary>E-mail over SMTP; off while <see cref="SmtpOptions.Host"/> is empty.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    public WebhookOptions Webhook { get; set; } = new();

    /// <summary>Wait after the first failed attempt, in seconds; it doubles with each failure up to <see cref="RetryMaxSeconds"/>.</summary>
    public int RetryInitialSeconds { get; set; } = 30;

    /// <summary>Longest wait between attempts, in seconds.</summary>
    public int RetryMaxSeconds { get; set; } = 1800;

    /// <summary>A notification still failing this long after it was written is given up (audited).</summary>
    public int GiveUpAfterMinutes { get; set; } = 1440;

    /// <summary>An item of high or extreme severity no entitled person acknowledged in this time goes to the emergency contacts.</summary>
    public int EscalateAfterMinutes { get; set; } = 30;
}

/// <summary>The SMTP server notifications are sent through ("Notify:Smtp").</summary>
public sealed class SmtpOptions
{
    /// <summary>Host name or address of the SMTP server; empty: no e-mail.</summary>
    public string Host { get; set; } = "";

    /// <summary>587 for STARTTLS (submission), 465 for TLS on connect.</summary>
    public int Port { get; set; } = 587;

    /// <summary>"StartTls" (default), "Tls" (TLS on connect) or "None" (only to a relay on this machine).</summary>
    public string Security { get; set; } = nameof(SmtpSecurity.StartTls);

    /// <summary>User name for SMTP authentication; empty: no authentication.</summary>
    public string User { get; set; } = "";

    /// <summary>A file whose first line is the SMTP password (never the password itself in configuration).</summary>
    public string PasswordFile { get; set; } = "";

    /// <summary>The sender, e.g. "CEPTOAR 事務局 &lt;notify@bank-ceptoar.example&gt;".</summary>
    public string From { get; set; } = "";

    /// <summary>A PEM root certificate the server's certificate may also chain to (a private CA); empty: the system's roots only.</summary>
    public string TrustedRootFile { get; set; } = "";

    public int ConnectTimeoutSeconds { get; set; } = 15;

    /// <summary>Longest wait for one SMTP reply, in seconds.</summary>
    public int CommandTimeoutSeconds { get; set; } = 60;

    /// <summary>The parsed <see cref="Security"/>; valid after validation.</summary>
    public SmtpSecurity SecurityMode => Enum.TryParse<SmtpSecurity>(Security, ignoreCase: true, out var mode) ? mode : SmtpSecurity.StartTls;
}

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP: allowed only to a relay on this machine, as anything on the wire would be readable.</summary>
    None,

    /// <summary>Plain connect, then STARTTLS, required (the send fails rather than continue in clear).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>Webhooks to member systems ("Notify:Webhook").</summary>
public sealed class WebhookOptions
{
    /// <summary>Longest wait for a member system's answer, in seconds; no answer is a transient failure.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>A PEM root certificate member systems' certificates may also chain to (a private CA); empty: the system's roots only.</summary>
    public string TrustedRootFile { get; set; } = "";
}
