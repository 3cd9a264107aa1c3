using System.Net.Security;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A bounded fuzz run against the federation API of a council hub, from its configured peer bank-ceptoar holding the
/// real keys: spoiled envelopes are rejected on a stream that stays usable, nothing is stored, the hub stays healthy. Each
/// batch is sent again gzip-compressed and must be answered alike.
/// </summary>
[Trait("Category", "Fault")]
public sealed class HostileInputFederationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _council = null!;
    private GrpcChannel _channel = null!;
    private EnvelopeSigner _bank = null!;
    private HostileInputEnvelopes _envelopes = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        // Nothing listens there: the hub's own link to bank-ceptoar stays down, so only this test's stream talks to it.
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        var bankFiles = federation.NodeCertificates("bank-ceptoar");
        var bank = NodeCredentials.Load(new NodeKeyFiles(bankFiles), "bank-ceptoar", TrustBundle.Load([federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        _bank = bank.CreateEnvelopeSigner();
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [RawPeer.TlsCertificateOf(bankFiles)],
                RemoteCertificateValidationCallback = (_, certificate, _, _) => Clients.ChainsTo(certificate, federation.RootCertificate),
            },
        };
        _channel = GrpcChannel.ForAddress(_council.Ready.FederationEndpoint!, new GrpcChannelOptions { HttpHandler = handler, MaxSendMessageSize = 64 * 1024 * 1024 });
        var client = new FederationService.FederationServiceClient(_channel);
        await client.HelloAsync(new HelloRequest
        {
            NodeDescriptor = NodeDescriptors.Sign(bank, new NodeDescriptor { Role = NodeRole.Secretariat, ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), Sectors = { "finance" } }),
        });
        var hub = SealRecipient.FromCertificate(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(new NodeKeyFiles(federation.NodeCertificates("council")).EncryptionCertificate)));
        _envelopes = new HostileInputEnvelopes(_bank, hub, _council.Services.GetRequiredService<ItemValidator>());
    }

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Exchange_MutatedEnvelopes_RejectedStreamUsableNothingStoredHubHealthy()
    {
        var seed = HostileInputTally.Seed();
        var rng = new Random(seed);
        var tally = new HostileInputTally("federation Exchange, mutated envelopes");
        var client = new FederationService.FederationServiceClient(_channel);
        var mayBeStored = new HashSet<string>(StringComparer.Ordinal);
        // Every batch goes on a plain stream, then the same on a gzip-compressed one, which must be answered alike.
        using var plain = new ExchangeStream(client, null);
        using var gzip = new ExchangeStream(client, RawMethods.Gzip);
        var cases = HostileInputTally.CaseCount(2_000);
        var previous = new List<HostileEnvelope>();
        for (var sent = 0; sent < cases;)
        {
            var batch = new List<HostileEnvelope>();
            for (var n = 1 + rng.Next(8); n > 0; n--)
            {
                // Now and then the unchanged repeat of an envelope already answered: REJECTED again or DUPLICATE.
                batch.Add(previous.Count > 0 && rng.Next(10) == 0 ? previous[rng.Next(previous.Count)] with { Name = "repeat" } : _envelopes.Next(rng));
            }

            previous = batch;
            sent += batch.Count;
            var envelopes = batch.Select(e => new RelayedEnvelope { Envelope = e.Envelope, Hops = { "bank-ceptoar" } }).ToList();
            var names = "batch " + string.Join(", ", batch.Select(b => b.Name));
            var (ack, ended) = await plain.SendAsync(envelopes);
            var (gzipAck, gzipEnded) = await gzip.SendAsync(envelopes);
            if (ended is not null || gzipEnded is not null)
            {
                // A stream broke: record how; the next batch goes on a fresh one, as a real peer would carry on.
                foreach (var (e, variant) in new[] { (ended, ""), (gzipEnded, "gzip") }.Where(x => x.Item1 is not null))
                {
                    tally.Status(e!.StatusCode, e.Status.Detail, names, variant: variant);
                    output.WriteLine($"{variant} stream ended with {e.StatusCode} \"{e.Status.Detail}\" on a {names}");
                }

                tally.Same("gzip", Describe(gzipEnded), Describe(ended), names);
                continue;
            }

            Assert.Equal(batch.Count, ack!.Results.Count);
            Assert.Equal(batch.Count, gzipAck!.Results.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var (hostile, result, again) = (batch[i], ack.Results[i], gzipAck.Results[i]);
                var input = $"{hostile.Name}: {HostileInputBytes.Describe(hostile.Envelope.ToByteArray())}";
                tally.Count(result.Outcome.ToString());
                tally.Count(again.Outcome.ToString(), "gzip");
                var allowed = result.Outcome == DeliveryOutcome.Rejected
                    || (result.Outcome == DeliveryOutcome.Duplicate && hostile.Name == "repeat")
                    || (result.Outcome == DeliveryOutcome.Retry && hostile.MayBeRetried)
                    || (result.Outcome is DeliveryOutcome.Accepted or DeliveryOutcome.Duplicate && hostile.MayBeAccepted);
                if (!allowed)
                {
                    tally.Finding($"{result.Outcome} \"{result.Reason}\" for {input}");
                }

                // The compressed copy came second: what the plain one stored is a duplicate by then.
                var expected = result.Outcome == DeliveryOutcome.Accepted ? new DeliveryResult { Outcome = DeliveryOutcome.Duplicate } : result;
                tally.Same("gzip", $"{again.Outcome} \"{again.Reason}\"", $"{expected.Outcome} \"{expected.Reason}\"", input);
                if (hostile.ValidItemId is { } id)
                {
                    mayBeStored.Add(id);
                }
            }
        }

        await plain.CompleteAsync();
        await gzip.CompleteAsync();
        output.WriteLine(tally.Summary(seed));
        Assert.Empty(tally.Findings);
        Assert.True(tally.Of(nameof(DeliveryOutcome.Rejected)) > cases / 2, "most hostile envelopes must be answered REJECTED on the stream");
        var stored = await StoredItemIdsAsync();
        Assert.All(stored, id => Assert.Contains(id, mayBeStored));
        await AssertHealthyAsync(client);
    }

    [Fact]
    public async Task Exchange_OversizedEnvelopes_ProperAnswerNothingStored()
    {
        var client = new FederationService.FederationServiceClient(_channel);
        var tally = new HostileInputTally("federation Exchange, oversized envelopes");
        foreach (var size in new[] { 1_048_576, 2_200_000, 8_000_000 })
        {
            var payload = ByteString.CopyFrom(new byte[size]);
            foreach (var envelope in new[] { _bank.Sign(PayloadTypes.Item, payload), _bank.Sign(PayloadTypes.Sealed, payload) })
            {
                using var call = client.Exchange(deadline: DateTime.UtcNow.AddSeconds(60));
                try
                {
                    await call.RequestStream.WriteAsync(new Batch { BatchId = 1, Envelopes = { new RelayedEnvelope { Envelope = envelope, Hops = { "bank-ceptoar" } } } });
                    Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
                    var outcome = call.ResponseStream.Current.Results.Single().Outcome;
                    tally.Count(outcome.ToString());
                    Assert.Equal(DeliveryOutcome.Rejected, outcome);
                }
                catch (RpcException e)
                {
                    tally.Status(e.StatusCode, e.Status.Detail, $"{envelope.PayloadType} envelope of {size:N0} bytes");
                    // Over the message limit the only proper answer is ResourceExhausted (never the sender's own Cancelled).
                    Assert.Equal(StatusCode.ResourceExhausted, e.StatusCode);
                }
            }
        }

        output.WriteLine(tally.Summary(0));
        Assert.Empty(tally.Findings);
        Assert.Empty(await StoredItemIdsAsync());
        await AssertHealthyAsync(client);
    }

    /// <summary>
    /// The sender is still writing when the node refuses the frame: unless the node reads that frame to its end, the
    /// stream reset makes the sender's client report its own write as Cancelled (seen from the second call on a channel).
    /// </summary>
    [Fact]
    public async Task Exchange_BatchFarOverTheMessageLimit_ResourceExhaustedNamingTheLimit()
    {
        var limit = _council.Services.GetRequiredService<LimitsOptions>().MaxRequestBytes;
        var client = new FederationService.FederationServiceClient(_channel);
        foreach (var times in new[] { 2, 8, 8, 40 })
        {
            var envelope = _bank.Sign(PayloadTypes.Item, ByteString.CopyFrom(new byte[limit * times]));
            using var call = client.Exchange(deadline: DateTime.UtcNow.AddSeconds(60));

            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new Batch { BatchId = 1, Envelopes = { new RelayedEnvelope { Envelope = envelope, Hops = { "bank-ceptoar" } } } });
                await call.ResponseStream.MoveNext(CancellationToken.None);
            });

            Assert.True(refused.StatusCode == StatusCode.ResourceExhausted, $"{times} × the limit: {refused.StatusCode} \"{refused.Status.Detail}\"");
            Assert.Contains($"limit of {limit} bytes (Limits:MaxRequestBytes)", refused.Status.Detail, StringComparison.Ordinal);
            Assert.EndsWith("send smaller batches", refused.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Empty(await StoredItemIdsAsync());
        await AssertHealthyAsync(client);
    }

    [Fact]
    public async Task Exchange_RawBatchByteMutations_ProperStatusNothingInvalidStored()
    {
        var seed = HostileInputTally.Seed();
        var rng = new Random(seed);
        var tally = new HostileInputTally("federation Exchange, raw batch bytes");
        var invoker = _channel.CreateCallInvoker();
        var mayBeStored = new HashSet<string>(StringComparer.Ordinal);
        for (var i = HostileInputTally.CaseCount(2_000) / 2; i > 0; i--)
        {
            var item = RawPeer.Item(Tlp.Green);
            item.Body.Title = HostileInputBytes.Sentinel;
            var batch = new Batch { BatchId = (ulong)i, Envelopes = { new RelayedEnvelope { Envelope = ItemEnvelope.Sign(_bank, item), Hops = { "bank-ceptoar" } } } };
            var valid = batch.ToByteArray();
            var (name, bytes) = HostileInputBytes.Mutate(rng, valid);
            var parsed = TryParse(bytes);
            var input = $"{name}: {HostileInputBytes.Describe(bytes)}";
            // The same bytes uncompressed, then gzip-compressed: the node must answer both alike.
            var answers = new List<string>();
            foreach (var variant in new[] { "", "gzip" })
            {
                var outcomes = new List<DeliveryOutcome>();
                using var call = invoker.AsyncDuplexStreamingCall(RawMethods.FederationExchange, null,
                    new CallOptions(variant.Length == 0 ? null : RawMethods.Gzip, DateTime.UtcNow.AddSeconds(30)));
                try
                {
                    await call.RequestStream.WriteAsync(bytes);
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(CancellationToken.None))
                    {
                        foreach (var result in BatchAck.Parser.ParseFrom(call.ResponseStream.Current).Results)
                        {
                            tally.Count(result.Outcome.ToString(), variant);
                            outcomes.Add(result.Outcome);
                            // A mutation may leave the signed item intact (e.g. it only touched hops): then accepting it is right.
                            var intact = parsed?.Envelopes.Select(e => e.Envelope).FirstOrDefault(e => e is not null && e.Equals(batch.Envelopes[0].Envelope));
                            if (result.Outcome == DeliveryOutcome.Accepted && intact is null)
                            {
                                tally.Finding($"ACCEPTED a spoiled envelope from {input}");
                            }

                            mayBeStored.Add(item.Id);
                        }
                    }

                    tally.Count("OK", variant);
                    // The compressed copy came second: what the plain one stored is a duplicate by then.
                    answers.Add("OK " + string.Join(",", outcomes.Select(o => variant.Length == 0 && o == DeliveryOutcome.Accepted ? DeliveryOutcome.Duplicate : o)));
                }
                catch (RpcException e)
                {
                    tally.Status(e.StatusCode, e.Status.Detail, $"{variant} {input}", parsed is not null, variant);
                    answers.Add($"{e.StatusCode} \"{e.Status.Detail}\"");
                }
            }

            tally.Same("gzip", answers[1], answers[0], input);
        }

        output.WriteLine(tally.Summary(seed));
        Assert.Empty(tally.Findings);
        Assert.All(await StoredItemIdsAsync(), id => Assert.Contains(id, mayBeStored));
        await AssertHealthyAsync(new FederationService.FederationServiceClient(_channel));
    }

    private static Batch? TryParse(byte[] bytes)
    {
        try
        {
            return Batch.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private async Task<List<string>> StoredItemIdsAsync()
    {
        var ids = new List<string>();
        var token = "";
        do
        {
            var page = await _council.Admin.ListItemsAsync(new AdminListItemsRequest { PageToken = token, PageSize = 500 });
            ids.AddRange(page.Items.Select(i => i.ItemId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return ids;
    }

    private static string Describe(RpcException? ended) => ended is null ? "an acknowledgement" : $"{ended.StatusCode} \"{ended.Status.Detail}\"";

    /// <summary>The hub answers health checks and still accepts a valid item from its peer on a fresh stream.</summary>
    private async Task AssertHealthyAsync(FederationService.FederationServiceClient client)
    {
        using var memberChannel = Clients.MemberChannel(_council.Ready.MemberEndpoint!, _council.Root, null);
        var health = await new Health.HealthClient(memberChannel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var item = RawPeer.Item(Tlp.Green);
        using var call = client.Exchange(deadline: DateTime.UtcNow.AddSeconds(30));
        await call.RequestStream.WriteAsync(new Batch { BatchId = 1, Envelopes = { new RelayedEnvelope { Envelope = ItemEnvelope.Sign(_bank, item), Hops = { "bank-ceptoar" } } } });
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var result = call.ResponseStream.Current.Results.Single();
        Assert.True(result.Outcome == DeliveryOutcome.Accepted, $"{result.Outcome}: {result.Reason}");
        Assert.Contains(item.Id, await StoredItemIdsAsync());
    }
}

/// <summary>One long-lived exchange stream as a peer keeps it: batches numbered in order, opened again after the hub ends it.</summary>
internal sealed class ExchangeStream(FederationService.FederationServiceClient client, Metadata? headers) : IDisposable
{
    private AsyncDuplexStreamingCall<Batch, BatchAck> _call = client.Exchange(headers);
    private ulong _batchId;

    /// <summary>The batch's acknowledgement, or how the stream ended (then the next batch goes on a fresh stream).</summary>
    public async Task<(BatchAck? Ack, RpcException? Ended)> SendAsync(IEnumerable<RelayedEnvelope> envelopes)
    {
        var batch = new Batch { BatchId = ++_batchId, Envelopes = { envelopes } };
        try
        {
            await _call.RequestStream.WriteAsync(batch);
            Assert.True(await _call.ResponseStream.MoveNext(CancellationToken.None), "the hub ended the stream without answering a batch");
            Assert.Equal(batch.BatchId, _call.ResponseStream.Current.BatchId);
            return (_call.ResponseStream.Current, null);
        }
        catch (RpcException e)
        {
            _call.Dispose();
            _call = client.Exchange(headers);
            return (null, e);
        }
    }

    public Task CompleteAsync() => _call.RequestStream.CompleteAsync();

    public void Dispose() => _call.Dispose();
}
