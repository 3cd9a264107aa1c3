using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// The federation side never speaks the member API's languages: a peer that asks for Japanese still gets the English
/// rejection reason other nodes and operators read, and the same text is what the receiving node audits.
/// </summary>
public sealed class PeerReasonLanguageTests : IAsyncLifetime
{
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
    public async Task Exchange_InvalidItemFromAPeerAskingForJapanese_RejectionReasonInEnglish()
    {
        var federation = _cluster.Federation;
        var bank = NodeCredentials.Load(new NodeKeyFiles(federation.NodeCertificates("bank-ceptoar")), "bank-ceptoar",
            TrustBundle.Load([federation.RootCertificatePath]), DateTimeOffset.UtcNow).CreateEnvelopeSigner();
        var item = RawPeer.Item(Tlp.Green);
        item.Body.Title = "";
        using var peer = new RawPeer(Council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(federation.NodeCertificates("bank-ceptoar")), federation.RootCertificate);

        using var call = peer.Client.Exchange(new Metadata { { "accept-language", "ja" } }, DateTime.UtcNow.AddSeconds(30));
        var batch = new Batch { BatchId = 1 };
        batch.Envelopes.Add(new RelayedEnvelope { Envelope = ItemEnvelope.Sign(bank, item), Hops = { "bank-ceptoar" } });
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the node ended the exchange without acknowledging the batch");

        var result = Assert.Single(call.ResponseStream.Current.Results);
        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Equal("invalid item: item.body.title: The title is missing: write at least one visible character (at most 200)", result.Reason);
        var audit = await Council.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.receive", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Outcome == "rejected" && e.Detail.Contains("item.body.title: The title is missing", StringComparison.Ordinal));
    }
}
