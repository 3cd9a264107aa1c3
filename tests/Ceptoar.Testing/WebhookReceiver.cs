using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ceptoar.Testing;

/// <summary>One request the receiver got: its headers (lower-case names) and the body's exact bytes.</summary>
internal sealed record ReceivedWebhook(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A member system's webhook endpoint for tests: real Kestrel over HTTPS (the given certificate) on a free loopback port.
/// Every request is recorded; the test says how to answer with <see cref="Answer"/> (a status code, or never: hold the
/// request until the receiver is disposed, to test the sender's timeout).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The status to answer with, and headers to add; null status: do not answer until disposed.</summary>
    public Func<ReceivedWebhook, (int? Status, IReadOnlyDictionary<string, string>? Headers)> Answer { get; set; } = _ => (204, null);

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>https://127.0.0.1:port</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<WebhookReceiver> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var request = new ReceivedWebhook(
            context.Request.Path.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body.ToArray());
        _received.Enqueue(request);
        var (status, headers) = Answer(request);
        if (status is not { } code)
        {
            // Hold the request open: the sender's own deadline has to end it.
            try
            {
                await _released.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The sender gave up on the request, as the test wanted.
            }

            return;
        }

        context.Response.StatusCode = code;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (code >= 400)
        {
            await context.Response.WriteAsync($"refused with {code} by the test receiver\nsecond line");
        }
    }
}
