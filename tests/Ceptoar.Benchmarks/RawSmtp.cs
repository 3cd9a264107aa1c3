using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Testing;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Ceptoar.Benchmarks;

/// <summary>
/// The raw limit for notification e-mail: how fast the in-process SMTP server accepts messages from a bare MailKit client
/// over one connection (STARTTLS, login), as the node's sender uses it (docs/NOTIFICATIONS.md §3), without the node.
/// </summary>
internal static class RawSmtp
{
    /// <summary>
    /// Sends a tenth as many unmeasured first (this is the first SMTP in the process: the JIT compiles MailKit, the server
    /// and TLS then), then <paramref name="messages"/> prepared messages one after another on the same connection;
    /// messages per second until the last 250.
    /// </summary>
    public static async Task<double> MessagesPerSecondAsync(SmtpSink sink, X509Certificate2 root, (string User, string Password) login, int messages)
    {
        var warmUp = Math.Max(1, messages / 10);
        // Built before the clock starts: the limit is the transport and the server, not composing.
        var prepared = Enumerable.Range(0, warmUp + messages).Select(Message).ToArray();
        using var client = new SmtpClient { ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(root, certificate, errors) };
        await client.ConnectAsync("127.0.0.1", sink.Port, SecureSocketOptions.StartTls);
        await client.AuthenticateAsync(login.User, login.Password);
        var stopwatch = new Stopwatch();
        for (var i = 0; i < prepared.Length; i++)
        {
            if (i == warmUp)
            {
                stopwatch.Start();
            }

            // Returns after the server's 250 to DATA, which the sink gives once it has stored the message.
            await client.SendAsync(prepared[i]);
        }

        var elapsed = stopwatch.Elapsed;
        await client.DisconnectAsync(quit: true);
        var accepted = sink.Received.Count;
        if (accepted != prepared.Length)
        {
            throw new InvalidOperationException($"the SMTP sink holds {accepted} messages after a bare client sent {prepared.Length}: it must accept each once; the raw SMTP figure is void");
        }

        return messages / elapsed.TotalSeconds;
    }

    /// <summary>A message of a notification's shape and size: a Japanese subject and body, the node's headers.</summary>
    private static MimeMessage Message(int i)
    {
        var message = new MimeMessage { Subject = $"[TLP:GREEN] 障害・攻撃情報（重大度: 中）: Unusual logins at internet banking {i}" };
        message.From.Add(new MailboxAddress("CEPTOAR 事務局", "notify@bank-ceptoar.example"));
        message.To.Add(new MailboxAddress($"担当者 {i}", $"soc-{i}@raw-member.example"));
        message.MessageId = $"raw-{i:D6}@bank-ceptoar.ceptoar";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("Content-Language", "ja");
        message.Headers.Add("X-Ceptoar-Tlp", "TLP:GREEN");
        message.Body = new TextPart("plain")
        {
            Text = string.Join('\n',
                "全国銀行協会 CEPTOAR に情報が届きました。",
                "種別: 障害・攻撃情報　重大度: 中　TLP:GREEN",
                "いつ: 発生 2026-12-06 12:00 +09:00",
                "どこで: インターネットバンキング、ログイン画面",
                "誰が: 会員の顧客",
                "何を: 海外からの不審なログイン試行が急増",
                "なぜ: パスワードリスト攻撃とみられる",
                "どのように: 該当 IP を遮断、監視を強化",
                "閲覧方法: 会員システムで項目 ID を開いてください。",
                $"項目: 01974f2e-0000-7000-8000-{i:D12}"),
        };
        return message;
    }

    /// <summary>The server's certificate must chain to the test federation's root (the node does the same with Notify:Smtp:TrustedRootFile).</summary>
    private static bool Trusted(X509Certificate2 root, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
