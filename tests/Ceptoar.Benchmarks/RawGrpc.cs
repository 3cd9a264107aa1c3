using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Ceptoar.Benchmarks.Bare;
using Ceptoar.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ceptoar.Benchmarks;

/// <summary>
/// The raw gRPC limit: one client stream of 1 KiB messages to a trivial Kestrel service on loopback, over mutual TLS with
/// the test federation's node certificates (council serves, bank-ceptoar calls), as between two nodes, minus all node work.
/// </summary>
internal static class RawGrpc
{
    private const int MessageBytes = 1024;

    public static async Task<double> StreamMessagesPerSecond(TimeSpan duration)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        var server = PlayedSecretariat.Load(federation, "council", "");
        var client = PlayedSecretariat.Load(federation, "bank-ceptoar", "finance");

        await using var app = await StartAsync(server);
        var endpoint = app.Urls.Single();
        using var channel = client.ChannelTo(endpoint, server.NodeId);
        var bare = new BareStream.BareStreamClient(channel);
        var blob = new Blob { Data = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(MessageBytes)) };

        // A short first stream warms up TLS, HTTP/2 and the JIT before the clock starts.
        await PushAsync(bare, blob, TimeSpan.FromMilliseconds(200));
        var stopwatch = Stopwatch.StartNew();
        var sent = await PushAsync(bare, blob, duration);
        return sent / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The raw round trip: one unary call of 1 KiB at a time on the same mutual-TLS channel to the same bare service, after
    /// as many unmeasured; p50 and p99 in milliseconds.
    /// </summary>
    public static async Task<(double P50, double P99)> RoundTripMsAsync(int calls)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        var server = PlayedSecretariat.Load(federation, "council", "");
        var client = PlayedSecretariat.Load(federation, "bank-ceptoar", "finance");
        await using var app = await StartAsync(server);
        using var channel = client.ChannelTo(app.Urls.Single(), server.NodeId);
        var bare = new BareStream.BareStreamClient(channel);
        var blob = new Blob { Data = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(MessageBytes)) };
        var times = new double[calls];
        for (var i = -calls; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var count = await bare.EchoAsync(blob);
            if (count.Bytes != MessageBytes)
            {
                throw new InvalidOperationException($"the bare service read {count.Bytes} bytes of a {MessageBytes}-byte call: the round trip would be wrong");
            }

            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }

        Array.Sort(times);
        return (MemberSubmitBenchmark.Percentile(times, 0.50), MemberSubmitBenchmark.Percentile(times, 0.99));
    }

    private static async Task<long> PushAsync(BareStream.BareStreamClient bare, Blob blob, TimeSpan duration)
    {
        using var call = bare.Push();
        var stopwatch = Stopwatch.StartNew();
        long sent = 0;
        while (stopwatch.Elapsed < duration)
        {
            for (var i = 0; i < 64; i++, sent++)
            {
                await call.RequestStream.WriteAsync(blob);
            }
        }

        await call.RequestStream.CompleteAsync();
        var count = await call.ResponseAsync;
        if (count.Messages != (ulong)sent || count.Bytes != (ulong)(sent * MessageBytes))
        {
            throw new InvalidOperationException($"the bare service read {count.Messages} messages ({count.Bytes} bytes) of {sent} sent: the gRPC limit would be wrong");
        }

        return sent;
    }

    private static async Task<WebApplication> StartAsync(PlayedSecretariat server)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(https =>
            {
                https.ServerCertificate = server.Credentials.TlsCertificate;
                https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                // Checked against the federation root as a node's federation gate would.
                https.ClientCertificateValidation = (certificate, _, _) => server.Trust.Check(certificate, DateTimeOffset.UtcNow).Valid;
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<CountingService>();
        await app.StartAsync();
        return app;
    }

    /// <summary>Counts messages and bytes; nothing else, so the figure is gRPC, HTTP/2 and TLS alone.</summary>
    private sealed class CountingService : BareStream.BareStreamBase
    {
        public override async Task<Count> Push(IAsyncStreamReader<Blob> requestStream, ServerCallContext context)
        {
            var count = new Count();
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                count.Messages++;
                count.Bytes += (ulong)requestStream.Current.Data.Length;
            }

            return count;
        }

        public override Task<Count> Echo(Blob request, ServerCallContext context) =>
            Task.FromResult(new Count { Messages = 1, Bytes = (ulong)request.Data.Length });
    }
}
