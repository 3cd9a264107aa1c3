using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// One real hub (council) relaying a secretariat's GREEN items: the benchmark plays the sender (bank-ceptoar) as a peer
/// over mutual TLS and pushes pre-signed items on one exchange stream; for each item the hub verifies, validates, decides,
/// stores, queues a copy for each of three other secretariats (configured peers that are not running, so the copies stay
/// in their outboxes) and a signed receipt for the sender, and acknowledges each batch after its durable commit.
/// </summary>
internal static class HubRelayBenchmark
{
    public const int BatchSize = 256;
    private const string Hub = "council";

    // The node's WriteQueue thread ("ceptoar-sqlite-writer", cut to 15 characters by Linux).
    internal const string WriterThread = "ceptoar-sqlite";
    private static readonly (string NodeId, string Sector) Sender = ("bank-ceptoar", "finance");
    private static readonly (string NodeId, string Sector)[] Absent =
        [("electricity-ceptoar", "electricity"), ("local-gov-ceptoar", "government"), ("telecom-ceptoar", "ict")];

    /// <param name="Relay">The first push: every item ACCEPTED.</param>
    /// <param name="Duplicate">The same items pushed again: every item DUPLICATE.</param>
    /// <param name="ChecksPerSecond">The hub's per-item checks alone (verify, parse, validate) on all cores, same items.</param>
    public sealed record Result(Pass Relay, Pass Duplicate, double ChecksPerSecond);

    /// <summary>One push of all items, first write to last acknowledgement, and where its time went.</summary>
    /// <param name="PerSecond">Items acknowledged per second.</param>
    /// <param name="ProcessCpu">Share of all cores this process used (hub and sender together).</param>
    /// <param name="WriterCpuUsPerItem">CPU microseconds per item on the node's SQLite writer thread (the commits).</param>
    /// <param name="OtherCpuUsPerItem">CPU microseconds per item on all other threads (checks, receipt signing, gRPC and TLS of both ends).</param>
    /// <param name="WriterIdle">Share of samples the writer thread slept, waiting for work.</param>
    /// <param name="WriterOnDisk">Share of samples the writer thread waited on the disk (fsync).</param>
    /// <param name="MachineBusy">Share of the machine's CPU busy, all processes: above ProcessCpu, other programs competed.</param>
    public sealed record Pass(double PerSecond, double ProcessCpu, double WriterCpuUsPerItem, double OtherCpuUsPerItem, double WriterIdle, double WriterOnDisk, double? MachineBusy);

    public static async Task<Result> RunAsync(int items, int window)
    {
        using var dir = new TestDirectory();
        var federation = new TestFederation(dir.Combine("pki"));
        var sender = PlayedSecretariat.Load(federation, Sender.NodeId, Sender.Sector);
        var absent = Absent.Select(a => PlayedSecretariat.Load(federation, a.NodeId, a.Sector)).ToList();

        await using var hub = await TestNode.StartAsync(federation, Hub, dir.Combine("hub"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
            // Links to the absent peers (and back to the sender, for receipts) fail and retry in the background.
            s["Serilog:MinimumLevel:Default"] = "Error";
        });
        var nowhere = ClosedEndpoint();
        foreach (var peer in absent.Prepend(sender))
        {
            await hub.Admin.AddPeerAsync(new AddPeerRequest { NodeId = peer.NodeId, Endpoint = nowhere });
        }

        using var channel = sender.ChannelTo(hub.Ready.FederationEndpoint!, Hub);
        var client = new FederationService.FederationServiceClient(channel);
        await GreetAsync(client, sender, Hub, absent);

        // Signed before the clock starts: the sender's cost is not the hub's.
        var envelopes = sender.SignGreenItems(items, "Relay benchmark report");
        var checks = ChecksPerSecond(sender, envelopes);

        var relay = await PushAsync(client, envelopes, DeliveryOutcome.Accepted, window, firstBatchId: 1);
        await RequireOutboxesAsync(hub, items, absent.Select(a => a.NodeId));
        // Every batch came from the one sender: one signed DELIVERED receipt per batch goes back to it.
        await RequireOutboxesAsync(hub, (items + BatchSize - 1) / BatchSize, [sender.NodeId], "receipts");
        var duplicate = await PushAsync(client, envelopes, DeliveryOutcome.Duplicate, window, firstBatchId: 1_000_000);
        return new Result(relay, duplicate, checks);
    }

    /// <summary>Says Hello to the hub as the played sender, passing on the descriptors of others, as a real link does on connect.</summary>
    internal static async Task GreetAsync(FederationService.FederationServiceClient client, PlayedSecretariat sender, string hub, IReadOnlyList<PlayedSecretariat> others)
    {
        var hello = new HelloRequest { NodeDescriptor = sender.Descriptor(hub) };
        hello.KnownDescriptors.AddRange(others.Select(a => a.Descriptor(hub)));
        var answer = await client.HelloAsync(hello);
        if (answer.NodeDescriptor is null || answer.KnownDescriptors.Count < 1 + others.Count)
        {
            throw new InvalidOperationException($"the hub answered Hello with {answer.KnownDescriptors.Count} descriptors; it should know itself and the {others.Count} secretariats introduced");
        }
    }

    /// <summary>
    /// Pushes every envelope once, in batches, with at most window batches unacknowledged, and requires every result to be
    /// the expected outcome for the envelope at its position.
    /// </summary>
    internal static async Task<Pass> PushAsync(
        FederationService.FederationServiceClient client, RelayedEnvelope[] envelopes, DeliveryOutcome expected, int window, ulong firstBatchId)
    {
        var batches = envelopes.Chunk(BatchSize).Select((chunk, i) =>
        {
            var batch = new Batch { BatchId = firstBatchId + (ulong)i };
            batch.Envelopes.AddRange(chunk);
            return batch;
        }).ToList();

        using var failed = new CancellationTokenSource();
        using var call = client.Exchange(cancellationToken: failed.Token);
        using var slots = new SemaphoreSlim(window);
        using var threads = ThreadProfile.Start(WriterThread);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var sending = Task.Run(async () =>
        {
            foreach (var batch in batches)
            {
                await slots.WaitAsync(failed.Token);
                await call.RequestStream.WriteAsync(batch, failed.Token);
            }
        });

        try
        {
            foreach (var batch in batches)
            {
                if (!await call.ResponseStream.MoveNext(failed.Token))
                {
                    throw new InvalidOperationException($"the hub closed the exchange stream before acknowledging batch {batch.BatchId}");
                }

                RequireResults(batch, call.ResponseStream.Current, expected);
                slots.Release();
            }
        }
        catch
        {
            await failed.CancelAsync();
            throw;
        }

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var writer = threads.CpuSeconds(WriterThread);
        var others = cpu - writer - threads.CpuSeconds(ThreadProfile.SamplerThread);
        var states = threads.WatchedStates();
        var pass = new Pass(envelopes.Length / elapsed, cpu / (elapsed * Environment.ProcessorCount), writer * 1e6 / envelopes.Length,
            others * 1e6 / envelopes.Length, states.GetValueOrDefault('S'), states.GetValueOrDefault('D'), threads.MachineBusy());
        await sending;
        await call.RequestStream.CompleteAsync();
        // Let the hub end the exchange itself: disposing a live call resets the stream, which the hub logs as an error.
        if (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException($"the hub sent acknowledgement {call.ResponseStream.Current.BatchId} after the last batch was acknowledged");
        }

        return pass;
    }

    private static void RequireResults(Batch batch, BatchAck ack, DeliveryOutcome expected)
    {
        if (ack.BatchId != batch.BatchId || ack.Results.Count != batch.Envelopes.Count)
        {
            throw new InvalidOperationException(
                $"the hub acknowledged batch {ack.BatchId} with {ack.Results.Count} results for batch {batch.BatchId} of {batch.Envelopes.Count}: the relay figures would be wrong");
        }

        for (var i = 0; i < ack.Results.Count; i++)
        {
            var result = ack.Results[i];
            if (result.Outcome != expected || result.ItemId != batch.Envelopes[i].ItemId)
            {
                throw new InvalidOperationException(
                    $"the hub answered {result.Outcome} for item {result.ItemId} ({result.Reason}) where {expected} for item {batch.Envelopes[i].ItemId} was due: " +
                    "a valid GREEN item from a configured peer must be accepted once and be a duplicate after; fix the hub (or this benchmark's items) before reading the figures");
            }
        }
    }

    /// <summary>The relay work includes queueing: every absent secretariat holds each item, the sender a receipt per batch.</summary>
    internal static async Task RequireOutboxesAsync(RunningNode hub, int expected, IEnumerable<string> peers, string what = "items")
    {
        foreach (var peer in peers)
        {
            var depth = await OutboxDepthAsync(hub, peer);
            if (depth != (ulong)expected)
            {
                throw new InvalidOperationException($"the hub's outbox for {peer} holds {depth} entries after relaying; it should hold {expected} ({what})");
            }
        }
    }

    internal static async Task<ulong> OutboxDepthAsync(RunningNode hub, string peer)
    {
        var listed = await hub.Admin.ListPeersAsync(new ListPeersRequest());
        return listed.Peers.SingleOrDefault(p => p.NodeId == peer)?.State?.OutboxDepth ?? 0;
    }

    /// <summary>What the hub checks per item before any storage (envelope verify, parse, schema), on all cores, for the same items.</summary>
    private static double ChecksPerSecond(PlayedSecretariat sender, RelayedEnvelope[] envelopes)
    {
        var verifier = new EnvelopeVerifier(new InMemorySignerKeyResolver(sender.Credentials.CreateEnvelopeSigner().AsSignerKey()),
            new HashSet<string> { PayloadTypes.Item }, 2 * 1024 * 1024);
        var validator = new ItemValidator(Vocabulary.Default, new ItemLimits());
        var stopwatch = Stopwatch.StartNew();
        Parallel.For(0, envelopes.Length, i =>
        {
            var (verified, result) = ItemEnvelope.Open(verifier, envelopes[i].Envelope);
            if (verified is null || validator.ValidateItem(verified.Item).Count > 0)
            {
                throw new InvalidOperationException($"a benchmark item does not pass the hub's checks: {result.Failure} {result.Reason}");
            }
        });
        return envelopes.Length / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>An https endpoint where nothing listens (a port the OS just handed out and took back): links there fail fast.</summary>
    internal static string ClosedEndpoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"https://127.0.0.1:{port}";
    }
}
