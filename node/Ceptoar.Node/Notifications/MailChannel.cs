using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Ceptoar.Core.Policy;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Ceptoar.Node.Notifications;

/// <summary>One e-mail: to whom, under which stable Message-ID (the outbox row's key), saying what policy allowed.</summary>
/// <param name="MessageId">"left@right" without angle brackets; the same on every retry, so a receiver can deduplicate (see <see cref="MailChannel.MessageIdFor"/>).</param>
public sealed record MailRequest(string MessageId, string ToAddress, string ToName, NotificationMessage Message);

/// <summary>
/// E-mail over SMTP (MailKit): STARTTLS or TLS, authentication when a user is set, and one connection reused for every
/// message, opened again when the server dropped it. Sends one message at a time; thread-safe.
/// </summary>
internal sealed partial class MailChannel(IOptions<NotifyOptions> options, TimeProvider time, ILogger<MailChannel> logger) : IAsyncDisposable
{
    private readonly SmtpOptions _smtp = options.Value.Smtp;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TlsTrust _trust = TlsTrust.From(options.Value.Smtp.TrustedRootFile);
    private SmtpClient? _client;

    /// <summary>Whether e-mail is configured (Notify:Smtp:Host is set).</summary>
    public bool IsConfigured => _smtp.Host.Length > 0;

    /// <summary>The Message-ID of a notification: the outbox row's key at this node, the same on every try.</summary>
    public static string MessageIdFor(string rowKey, string nodeId) => $"{rowKey}@{nodeId}.ceptoar";

    /// <summary>Sends one message; the result says whether to retry. Throws only when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task<DeliveryResult> SendAsync(MailRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!IsConfigured)
        {
            return DeliveryResult.Permanent("e-mail is off: set Notify:Smtp:Host (and From) to send notifications by e-mail");
        }

        if (Problem(request) is { } problem)
        {
            return DeliveryResult.Permanent(problem);
        }

        var message = Build(request);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var reused = _client is { IsConnected: true };
            var (result, connectionLost) = await AttemptAsync(message, cancellationToken);
            if (connectionLost && reused)
            {
                // The server closed an idle connection (or it broke) since the last message: once more on a fresh one.
                NotifyLog.MailReconnecting(logger, _smtp.Host, _smtp.Port, result.Reason);
                (result, _) = await AttemptAsync(message, cancellationToken);
            }

            if (result.Outcome != DeliveryOutcome.Sent)
            {
                NotifyLog.MailFailed(logger, request.MessageId, result.Outcome, result.Reason);
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropAsync(quit: true);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private async Task<(DeliveryResult Result, bool ConnectionLost)> AttemptAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        if (await ConnectAsync(cancellationToken) is { } failed)
        {
            return (failed, false);
        }

        try
        {
            await _client!.SendAsync(message, cancellationToken);
            return (DeliveryResult.Sent, false);
        }
        catch (SmtpCommandException e) when (e.StatusCode is SmtpStatusCode.ServiceClosingTransmissionChannel or SmtpStatusCode.ServiceNotAvailable || !_client!.IsConnected)
        {
            // 221 or 421: the server is closing the session (an idle timeout, a restart); not about this message.
            await DropAsync(quit: false);
            return (DeliveryResult.Transient($"{_smtp.Host}:{_smtp.Port} closed the session: {Reply(e)}"), true);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.SenderNotAccepted)
        {
            // The sender is this node's setting, the same for every message: retried, so nothing is given up before it is fixed.
            return (DeliveryResult.Transient($"{_smtp.Host} refused the sender Notify:Smtp:From '{_smtp.From}': {Reply(e)}; use an address the server lets {(_smtp.User.Length > 0 ? _smtp.User : "this node")} send from"), false);
        }
        catch (SmtpCommandException e)
        {
            // A reply to this message's MAIL, RCPT or DATA: 5xx is final for it, 4xx may pass later (RFC 5321 §4.2.1).
            var reason = Reply(e);
            return ((int)e.StatusCode >= 500 ? DeliveryResult.Permanent(reason) : DeliveryResult.Transient(reason), false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped mid-transaction: the session's state is unknown, so the next message starts on a new one.
            await DropAsync(quit: false);
            throw;
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            await DropAsync(quit: false);
            return (DeliveryResult.Transient($"the connection to {_smtp.Host}:{_smtp.Port} failed while sending: {e.Message}"), true);
        }
    }

    /// <summary>Opens the connection when there is none; null when connected, else the transient failure to report.</summary>
    private async Task<DeliveryResult?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return null;
        }

        await DropAsync(quit: false);
        var client = new SmtpClient
        {
            Timeout = _smtp.CommandTimeoutSeconds * 1000,
            ServerCertificateValidationCallback = _trust.Accepts,
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_smtp.ConnectTimeoutSeconds));
        try
        {
            await client.ConnectAsync(_smtp.Host, _smtp.Port, SocketOptions(_smtp.SecurityMode), timeout.Token);
            if (_smtp.User.Length > 0)
            {
                if (await PasswordAsync(cancellationToken) is not { } password)
                {
                    client.Dispose();
                    return DeliveryResult.Transient($"Notify:Smtp:PasswordFile '{_smtp.PasswordFile}' cannot be read or is empty: put the SMTP password on its first line (mode 0600)");
                }

                await client.AuthenticateAsync(_smtp.User, password, timeout.Token);
            }

            _client = client;
            NotifyLog.MailConnected(logger, _smtp.Host, _smtp.Port, _smtp.SecurityMode);
            return null;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            client.Dispose();
            // The server, the network or this node's settings: not this message's fault, so always worth another try.
            return DeliveryResult.Transient(e switch
            {
                AuthenticationException => $"{_smtp.Host} refused the login of Notify:Smtp:User '{_smtp.User}' ({e.Message}): check the user and Notify:Smtp:PasswordFile",
                SslHandshakeException => $"TLS with {_smtp.Host}:{_smtp.Port} failed ({FirstLine(e.Message)}): check Notify:Smtp:Security and Notify:Smtp:TrustedRootFile",
                NotSupportedException => $"{_smtp.Host}:{_smtp.Port} does not offer STARTTLS: use Notify:Smtp:Security Tls with its TLS port, or another server",
                OperationCanceledException => $"no connection to {_smtp.Host}:{_smtp.Port} within {_smtp.ConnectTimeoutSeconds} s",
                SmtpCommandException command => $"{_smtp.Host}:{_smtp.Port} refused the session: {Reply(command)}",
                _ => $"cannot connect to {_smtp.Host}:{_smtp.Port}: {e.Message}",
            });
        }
    }

    private async Task<string?> PasswordAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lines = await File.ReadAllLinesAsync(_smtp.PasswordFile, cancellationToken);
            return lines.Length > 0 && lines[0].Length > 0 ? lines[0] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task DropAsync(bool quit)
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (quit && _client.IsConnected)
            {
                await _client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or SmtpProtocolException or SmtpCommandException or OperationCanceledException or TimeoutException)
        {
            // Leaving anyway: a QUIT the server does not answer changes nothing.
        }

        _client.Dispose();
        _client = null;
    }

    private MimeMessage Build(MailRequest request)
    {
        var fields = request.Message.Fields;
        var message = new MimeMessage
        {
            MessageId = request.MessageId,
            Subject = request.Message.Subject,
            Date = time.GetUtcNow(),
        };
        message.From.Add(MailboxAddress.Parse(_smtp.From));
        message.To.Add(new MailboxAddress(request.ToName, request.ToAddress));
        // RFC 3834: no vacation auto-replies to a notification.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Ceptoar-Tlp", fields.Tlp);
        message.Headers.Add("X-Ceptoar-Item", fields.ItemId);
        var text = new TextPart(MimeKit.Text.TextFormat.Plain);
        text.SetText(Encoding.UTF8, request.Message.Body);
        text.Headers.Add(HeaderId.ContentLanguage, fields.Language);
        message.Body = text;
        return message;
    }

    private static string? Problem(MailRequest request)
    {
        if (request.MessageId.Length > 250 || !MessageIdPattern().IsMatch(request.MessageId))
        {
            return $"the Message-ID '{request.MessageId}' is not of the form left@right (letters, digits and .-_+=): a bug in the caller";
        }

        return MailboxAddress.TryParse(request.ToAddress, out var to) && to.Address.Contains('@', StringComparison.Ordinal) && to.Address == request.ToAddress.Trim()
            ? null
            : $"the contact's e-mail address '{request.ToAddress}' is not valid: correct it (ceptoar-admin contacts)";
    }

    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or ServiceNotAuthenticatedException or TimeoutException => true,
        _ => false,
    };

    private static string Reply(SmtpCommandException e) =>
        $"{(int)e.StatusCode} {FirstLine(e.Message)}" + (e.Mailbox is { } mailbox ? $" ({mailbox.Address})" : "");

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd('\r');

    private static SecureSocketOptions SocketOptions(SmtpSecurity security) => security switch
    {
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    [GeneratedRegex(@"^[A-Za-z0-9._+=-]+@[A-Za-z0-9.-]+$")]
    private static partial Regex MessageIdPattern();
}
