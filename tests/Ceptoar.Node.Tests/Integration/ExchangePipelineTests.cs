using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>A peer keeping several batches in flight on one exchange stream: the receiving node checks the next while it commits the last.</summary>
public sealed class ExchangePipelineTests : IAsyncLifetime
{
    private const int Batches = 6;
    private const int PerBatch = 4;
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    private RunningNode Council => _cluster["council"];

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, processes: false);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Exchange_SeveralBatchesInFlight_AcknowledgedInOrderAndAnItemRepeatedInALaterBatchStoredOnce()
    {
        var bank = NodeCredentials.Load(new NodeKeyFiles(_cluster.Federation.NodeCertificates("bank-ceptoar")), "bank-ceptoar",
            TrustBundle.Load([_cluster.Federation.RootCertificatePath]), DateTimeOffset.UtcNow).CreateEnvelopeSigner();
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("bank-ceptoar")), _cluster.Federation.RootCertificate);
        var envelopes = Enumerable.Range(0, Batches * PerBatch).Select(_ => ItemEnvelope.Sign(bank, RawPeer.Item(Tlp.Green))).ToList();
        var batches = envelopes.Chunk(PerBatch).Select((chunk, i) =>
        {
            var batch = new Batch { BatchId = 100 + (ulong)i };
            batch.Envelopes.AddRange(chunk.Select(e => new RelayedEnvelope { Envelope = e, Hops = { "bank-ceptoar" } }));
            return batch;
        }).ToList();
        // The first batch's first item again at the end, while the first batch may still be committing.
        var repeated = envelopes[0];
        batches[^1].Envelopes.Add(new RelayedEnvelope { Envelope = repeated, Hops = { "bank-ceptoar" } });

        using var call = peer.Client.Exchange(deadline: DateTime.UtcNow.AddSeconds(60));
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        var acks = new List<BatchAck>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            acks.Add(call.ResponseStream.Current);
        }

        Assert.Equal(batches.Select(b => b.BatchId), acks.Select(a => a.BatchId));
        Assert.Equal(batches.Select(b => b.Envelopes.Count), acks.Select(a => a.Results.Count));
        var results = acks.SelectMany(a => a.Results).ToList();
        Assert.Equal(envelopes.Count, results.Count(r => r.Outcome == DeliveryOutcome.Accepted));
        Assert.Equal(DeliveryOutcome.Duplicate, results[^1].Outcome);
        var stored = await Council.Admin.ListItemsAsync(new AdminListItemsRequest { OriginNode = "bank-ceptoar", PageSize = 100 });
        var ids = envelopes.Select(e => Item.Parser.ParseFrom(e.Payload).Id).ToHashSet();
        Assert.Equal(ids.Count, stored.Items.Count(i => ids.Contains(i.ItemId)));
    }
}
