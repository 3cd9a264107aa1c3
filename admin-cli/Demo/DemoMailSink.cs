using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Ceptoar.AdminCli.Localization;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Ceptoar.AdminCli.Demo;

/// <summary>A notification e-mail as the demo's sink received it: the envelope recipients and the headers a reader checks.</summary>
internal sealed record SinkMail(IReadOnlyList<string> Recipients, string MessageId, string Subject, string Language, string ItemId);

/// <summary>
/// The demo's mail server: plain SMTP on 127.0.0.1 only, on a port the system picks, inside this process; it keeps every
/// message the sample nodes send. Plain SMTP is what the node allows to a relay on this machine (docs/NOTIFICATIONS.md §3, §5).
/// </summary>
internal sealed class DemoMailSink : IAsyncDisposable
{
    public const string Host = "127.0.0.1";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<SinkMail> _received = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private DemoMailSink(EndpointListenerFactory listeners)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("ceptoar-demo-sink")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, 0)).IsSecure(false).AuthenticationRequired(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; private set; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<SinkMail> Received => [.. _received];

    /// <summary>Starts the sink and returns once it listens; a <see cref="DemoException"/> when it cannot.</summary>
    public static async Task<DemoMailSink> StartAsync(CancellationToken cancellationToken)
    {
        var bound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => bound.TrySetResult(e.LocalEndPoint);
        var sink = new DemoMailSink(listeners);
        try
        {
            var endpoint = await bound.Task.WaitAsync(StartDeadline, cancellationToken).ConfigureAwait(false);
            sink.Port = ((IPEndPoint)endpoint).Port;
            return sink;
        }
        catch (TimeoutException)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
            var reason = sink._running.Exception?.GetBaseException().Message ?? string.Empty;
            throw new DemoException(ExitCodes.NodeFailure, Localized.Format(DemoText.SinkNotStarted, Host, StartDeadline.TotalSeconds, reason));
        }
    }

    /// <summary>
    /// The node's settings that send its notification e-mail here (command-line overrides of its configuration file, so the
    /// port chosen at run time never has to be written into certs-sample/).
    /// </summary>
    public static IReadOnlyList<string> NodeArguments(DemoNode node, int port) =>
    [
        $"--Notify:Smtp:Host={Host}",
        FormattableString.Invariant($"--Notify:Smtp:Port={port}"),
        "--Notify:Smtp:Security=None",
        $"--Notify:Smtp:From=notify@{node.Id}.example.jp",
    ];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(StartDeadline).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Stopping is what was asked; a session still open is dropped with the process.
        }

        _stop.Dispose();
    }

    private sealed class Store(DemoMailSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            sink._received.Enqueue(new SinkMail(
                [.. transaction.To.Select(m => $"{m.User}@{m.Host}")],
                message.MessageId ?? string.Empty,
                message.Subject ?? string.Empty,
                message.Headers[HeaderId.ContentLanguage] ?? string.Empty,
                message.Headers["X-Ceptoar-Item"] ?? string.Empty));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
