using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ceptoar.Node.Notifications;

/// <summary>Checks the "Notify" settings at start; every message names the setting and says how to fix it.</summary>
internal sealed class NotifyOptionsValidator : IValidateOptions<NotifyOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifyOptions options)
    {
        var errors = new List<string>();
        ValidateSmtp(options.Smtp, errors);

        if (options.Webhook.TimeoutSeconds is < 1 or > 300)
        {
            errors.Add(Setting("Notify:Webhook:TimeoutSeconds", $"{options.Webhook.TimeoutSeconds} is out of range", "use 1 to 300 seconds (default 10)"));
        }

        RootFileProblem("Notify:Webhook:TrustedRootFile", options.Webhook.TrustedRootFile, errors);

        if (options.RetryInitialSeconds < 1 || options.RetryMaxSeconds < options.RetryInitialSeconds || options.RetryMaxSeconds > 86_400)
        {
            errors.Add(Setting("Notify:RetryInitialSeconds", $"{options.RetryInitialSeconds} with Notify:RetryMaxSeconds {options.RetryMaxSeconds} is not a backoff",
                "use at least 1 second, and Notify:RetryMaxSeconds at least as large and at most 86400 (defaults 30 and 1800)"));
        }

        if (options.GiveUpAfterMinutes is < 1 or > 43_200 || options.GiveUpAfterMinutes * 60L < options.RetryInitialSeconds)
        {
            errors.Add(Setting("Notify:GiveUpAfterMinutes", $"{options.GiveUpAfterMinutes} is out of range",
                "use 1 to 43200 minutes (30 days; default 1440), and no shorter than Notify:RetryInitialSeconds, so a failed notification is tried again at least once"));
        }

        if (options.EscalateAfterMinutes is < 1 or > 10_080)
        {
            errors.Add(Setting("Notify:EscalateAfterMinutes", $"{options.EscalateAfterMinutes} is out of range", "use 1 to 10080 minutes (a week; default 30)"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateSmtp(SmtpOptions smtp, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            // E-mail is off; settings given without a host are a half-done configuration worth pointing out.
            if (smtp.From.Length > 0 || smtp.User.Length > 0)
            {
                errors.Add(Setting("Notify:Smtp:Host", "is empty while Notify:Smtp:From or User is set", "give the SMTP server's host name, or remove the other Notify:Smtp settings to send no e-mail"));
            }

            return;
        }

        if (Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
        {
            errors.Add(Setting("Notify:Smtp:Host", $"'{smtp.Host}' is not a host name or address", "give the SMTP server's host name, e.g. smtp.example.jp"));
        }

        if (smtp.Port is < 1 or > 65_535)
        {
            errors.Add(Setting("Notify:Smtp:Port", $"{smtp.Port} is not a port", "use 587 for STARTTLS, 465 for TLS, or the relay's port"));
        }

        if (!Enum.TryParse<SmtpSecurity>(smtp.Security, ignoreCase: true, out var security) || int.TryParse(smtp.Security, out _))
        {
            errors.Add(Setting("Notify:Smtp:Security", $"'{smtp.Security}' is not a choice", "use StartTls, Tls or None"));
        }
        else if (security == SmtpSecurity.None && !IsLoopback(smtp.Host))
        {
            errors.Add(Setting("Notify:Smtp:Security", $"None to {smtp.Host} would send notifications (and any password) in clear over the network",
                "use StartTls or Tls, or None only to a relay on this machine (localhost)"));
        }

        if (!MailboxAddress.TryParse(smtp.From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            errors.Add(Setting("Notify:Smtp:From", $"'{smtp.From}' is not an e-mail address", "give the sender, e.g. \"CEPTOAR <notify@bank-ceptoar.example>\""));
        }

        if (smtp.User.Length > 0)
        {
            PasswordFileProblem(smtp.PasswordFile, errors);
        }
        else if (smtp.PasswordFile.Length > 0)
        {
            errors.Add(Setting("Notify:Smtp:PasswordFile", "is set but Notify:Smtp:User is empty", "set the user name for SMTP authentication too, or remove the password file setting"));
        }

        RootFileProblem("Notify:Smtp:TrustedRootFile", smtp.TrustedRootFile, errors);

        if (smtp.ConnectTimeoutSeconds is < 1 or > 300)
        {
            errors.Add(Setting("Notify:Smtp:ConnectTimeoutSeconds", $"{smtp.ConnectTimeoutSeconds} is out of range", "use 1 to 300 seconds (default 15)"));
        }

        if (smtp.CommandTimeoutSeconds is < 1 or > 600)
        {
            errors.Add(Setting("Notify:Smtp:CommandTimeoutSeconds", $"{smtp.CommandTimeoutSeconds} is out of range", "use 1 to 600 seconds per SMTP reply (default 60)"));
        }
    }

    private static void PasswordFileProblem(string path, List<string> errors)
    {
        const string Key = "Notify:Smtp:PasswordFile";
        if (path.Length == 0)
        {
            errors.Add(Setting(Key, "is empty while Notify:Smtp:User is set", "give a file whose first line is the SMTP password (mode 0600); the password itself never goes in the configuration"));
            return;
        }

        if (!File.Exists(path))
        {
            errors.Add(Setting(Key, $"'{path}' does not exist", "create it with the SMTP password on its first line (mode 0600), or correct the path"));
            return;
        }

        if ((File.GetUnixFileMode(path) & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            errors.Add(Setting(Key, $"'{path}' can be read or written by every user of this machine", $"restrict it: chmod 600 {path}"));
        }
    }

    private static void RootFileProblem(string key, string path, List<string> errors)
    {
        if (path.Length == 0)
        {
            return;
        }

        try
        {
            using var root = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            errors.Add(Setting(key, $"'{path}' cannot be read as a PEM certificate ({e.Message})", "give the PEM file of the CA's root certificate, or leave it empty to trust the system's roots"));
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static string Setting(string key, string problem, string fix) => SettingProblem.Describe(key, problem, fix);
}
