using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Ceptoar.Testing;

/// <summary>One message the sink accepted: the SMTP session it came in, the envelope recipients and the parsed message.</summary>
internal sealed record ReceivedMail(string SessionId, IReadOnlyList<string> Recipients, MimeMessage Message);

/// <summary>
/// A real SMTP server inside the test process (the SmtpServer package) on a free loopback port: STARTTLS with the given
/// certificate, AUTH (only after STARTTLS) when a user is given, senders and recipients refused by a rule, every accepted message kept.
/// </summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _received = new();
    private readonly ConcurrentDictionary<string, bool> _sessions = new();
    private int _completed;
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private SmtpSink(X509Certificate2 certificate, (string User, string Password)? login, Func<string, bool> refuses, TimeSpan idleTimeout, IEndpointListenerFactory listeners)
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("smtp-sink.test")
            .CommandWaitTimeout(idleTimeout)
            .Endpoint(e => e
                .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
                .IsSecure(false)
                .Certificate(certificate)
                .AuthenticationRequired(login is not null)
                .AllowUnsecureAuthentication(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new DelegatingMailboxFilter((_, from) => !refuses($"{from.User}@{from.Host}"), (_, to, _) => !refuses($"{to.User}@{to.Host}")));
        if (login is { } l)
        {
            services.Add(new DelegatingUserAuthenticator((user, password) => user == l.User && password == l.Password));
        }

        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, e) => _sessions[e.Context.SessionId.ToString()] = true;
        _server.SessionCompleted += (_, _) => Interlocked.Increment(ref _completed);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; private set; }

    /// <summary>Every message accepted so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Received => [.. _received];

    /// <summary>How many SMTP sessions (connections) clients opened.</summary>
    public int Sessions => _sessions.Count;

    /// <summary>How many sessions have ended (the client quit, or the server closed an idle one).</summary>
    public int CompletedSessions => Volatile.Read(ref _completed);

    /// <summary>Starts the sink and returns once it listens; a session idle for <paramref name="idleTimeout"/> (default a minute) is closed by the server.</summary>
    public static async Task<SmtpSink> StartAsync(X509Certificate2 certificate, (string User, string Password)? login = null, Func<string, bool>? refuses = null, TimeSpan? idleTimeout = null)
    {
        var listeners = new Listeners();
        var sink = new SmtpSink(certificate, login, refuses ?? (_ => false), idleTimeout ?? TimeSpan.FromMinutes(1), listeners);
        var endpoint = await listeners.Bound.Task.WaitAsync(TimeSpan.FromSeconds(10));
        sink.Port = endpoint.Port;
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Shutdown();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked.
        }

        _stop.Dispose();
    }

    /// <summary>
    /// Listens on the port the system picks and says which; accepted connections get TCP_NODELAY, as mail servers set it:
    /// without it each reply waits for the client's delayed ACK, 40 ms per message on one connection.
    /// </summary>
    private sealed class Listeners : IEndpointListenerFactory
    {
        public TaskCompletionSource<IPEndPoint> Bound { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var tcp = new TcpListener(endpointDefinition.Endpoint);
            tcp.Start();
            Bound.TrySetResult((IPEndPoint)tcp.LocalEndpoint);
            return new Listener(tcp);
        }
    }

    private sealed class Listener(TcpListener tcp) : IEndpointListener
    {
        public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var client = await tcp.AcceptTcpClientAsync(cancellationToken);
            client.NoDelay = true;
            context.Properties[EndpointListener.LocalEndPointKey] = client.Client.LocalEndPoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint;
            return new Pipe(client);
        }

        public void Dispose() => tcp.Stop();
    }

    /// <summary>The connection as the SmtpServer package reads and writes it, upgraded to TLS on STARTTLS.</summary>
    private sealed class Pipe : SmtpServer.IO.ISecurableDuplexPipe
    {
        private readonly TcpClient _client;
        private Stream _stream;

        public Pipe(TcpClient client)
        {
            _client = client;
            _stream = client.GetStream();
            Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
            Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        }

        public PipeReader Input { get; private set; }

        public PipeWriter Output { get; private set; }

        public bool IsSecure => _stream is SslStream;

        public SslProtocols SslProtocol => (_stream as SslStream)?.SslProtocol ?? SslProtocols.None;

        public async Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default)
        {
            var tls = new SslStream(_stream, leaveInnerStreamOpen: true);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = protocols }, cancellationToken);
            _stream = tls;
            Input = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
            Output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        }

        public void Dispose()
        {
            _stream.Dispose();
            _client.Dispose();
        }
    }

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            sink._received.Enqueue(new ReceivedMail(context.SessionId.ToString(), [.. transaction.To.Select(m => $"{m.User}@{m.Host}")], message));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
