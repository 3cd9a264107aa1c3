using System.Security.Cryptography.X509Certificates;
using Ceptoar.Node.Notifications;

namespace Ceptoar.Node.Tests.Notifications;

/// <summary>
/// A throw-away root and a loopback server certificate for the test SMTP server and webhook receiver, made once per test
/// class, and the SMTP password file (mode 0600).
/// </summary>
public sealed class NotifyTestPki : IDisposable
{
    public const string User = "bank-ceptoar-notify";
    public const string Password = "correct horse battery staple";

    private readonly TestDirectory _directory = new();

    public NotifyTestPki()
    {
        var federation = new TestFederation(_directory.Path);
        RootFile = federation.RootCertificatePath;
        ServerCertificate = RawPeer.TlsCertificateOf(federation.NodeCertificates("mail-relay"));
        PasswordFile = _directory.Combine("smtp-password");
        File.WriteAllText(PasswordFile, Password + "\n");
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>The root's PEM file: what Notify:Smtp:TrustedRootFile and Notify:Webhook:TrustedRootFile name.</summary>
    public string RootFile { get; }

    public string PasswordFile { get; }

    public X509Certificate2 ServerCertificate { get; }

    public string Combine(string name) => _directory.Combine(name);

    /// <summary>Settings for a server on this machine's loopback: STARTTLS, the test root trusted, logged in as <see cref="User"/>.</summary>
    public NotifyOptions Options(int smtpPort) => new()
    {
        Smtp = new SmtpOptions
        {
            Host = "127.0.0.1",
            Port = smtpPort,
            Security = "StartTls",
            User = User,
            PasswordFile = PasswordFile,
            From = "全国銀行協会 CEPTOAR <notify@bank-ceptoar.example>",
            TrustedRootFile = RootFile,
            ConnectTimeoutSeconds = 10,
            CommandTimeoutSeconds = 10,
        },
        Webhook = new WebhookOptions { TimeoutSeconds = 10, TrustedRootFile = RootFile },
    };

    public void Dispose()
    {
        ServerCertificate.Dispose();
        _directory.Dispose();
    }
}
