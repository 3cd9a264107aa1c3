using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Federation.Directory;
using Google.Protobuf;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// A node keeps an envelope as the exact bytes its sender sent: it is parsed to be checked, never serialised again to be
/// stored, relayed or served (docs/PROTOCOL.md §10). Shown with bytes no protobuf library writes itself (fields out of
/// order), which a re-serialising node would have turned into other bytes.
/// </summary>
public sealed class EnvelopeBytesTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _council = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        // Both are peers the council cannot reach itself: what it holds it only serves when asked.
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "electricity-ceptoar", Endpoint = "https://127.0.0.1:9" });
    }

    public async Task DisposeAsync()
    {
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Exchange_EnvelopeBytesNotAsProtobufWritesThem_StoredAndServedByteForByte()
    {
        var bank = Credentials("bank-ceptoar");
        using var bankPeer = await HelloAsync("bank-ceptoar", bank, "finance");
        var item = RawPeer.Item(Tlp.Green);
        item.Audience = new Audience { WholeFederation = true };
        var signed = ItemEnvelope.Sign(bank.CreateEnvelopeSigner(), item);
        var sent = FieldsReversed(signed);
        Assert.NotEqual(signed.ToByteArray(), sent);
        Assert.Equal(signed, Envelope.Parser.ParseFrom(sent));

        using var exchange = bankPeer.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(FederationFrames.Exchange, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));
        await exchange.RequestStream.WriteAsync(new BatchFrame { BatchId = 1, Envelopes = { new RelayedEnvelopeFrame { Envelope = ByteString.CopyFrom(sent), ItemId = item.Id, Hops = { "bank-ceptoar" } } } });
        await exchange.RequestStream.CompleteAsync();
        Assert.True(await exchange.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(DeliveryOutcome.Accepted, Assert.Single(exchange.ResponseStream.Current.Results).Outcome);

        // Another peer entitled to the item fetches it: the council hands over the very bytes bank-ceptoar sent.
        using var electricityPeer = await HelloAsync("electricity-ceptoar", Credentials("electricity-ceptoar"), "electricity");
        var fetched = await electricityPeer.Channel.CreateCallInvoker().AsyncUnaryCall(FederationFrames.Fetch, null,
            new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), new FetchRequest { ItemIds = { item.Id } });

        Assert.Equal(sent, Assert.Single(fetched.Envelopes).Envelope.ToByteArray());
    }

    [Fact]
    public async Task Exchange_SameBytesAgain_DuplicateWithoutVerifyingAgain()
    {
        var bank = Credentials("bank-ceptoar");
        using var bankPeer = await HelloAsync("bank-ceptoar", bank, "finance");
        var item = RawPeer.Item(Tlp.Green);
        var sent = FieldsReversed(ItemEnvelope.Sign(bank.CreateEnvelopeSigner(), item));

        var outcomes = new List<DeliveryOutcome>();
        for (var i = 0; i < 2; i++)
        {
            using var exchange = bankPeer.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(FederationFrames.Exchange, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));
            await exchange.RequestStream.WriteAsync(new BatchFrame { BatchId = 1, Envelopes = { new RelayedEnvelopeFrame { Envelope = ByteString.CopyFrom(sent), ItemId = item.Id } } });
            await exchange.RequestStream.CompleteAsync();
            Assert.True(await exchange.ResponseStream.MoveNext(CancellationToken.None));
            var result = Assert.Single(exchange.ResponseStream.Current.Results);
            outcomes.Add(result.Outcome);
            // The byte-exact duplicate is answered before any check: the reason is empty, as for every duplicate.
            Assert.Equal("", result.Reason);
        }

        Assert.Equal([DeliveryOutcome.Accepted, DeliveryOutcome.Duplicate], outcomes);
    }

    [Fact]
    public void BatchFrame_IsABatchOnTheWire()
    {
        var bank = Credentials("bank-ceptoar");
        var envelope = ItemEnvelope.Sign(bank.CreateEnvelopeSigner(), RawPeer.Item(Tlp.Amber));
        var batch = new Batch { BatchId = 7, Envelopes = { new RelayedEnvelope { Envelope = envelope, ItemId = "x", Hops = { "a", "b" } } }, Descriptors = { envelope } };

        var frame = BatchFrame.Parser.ParseFrom(batch.ToByteArray());

        Assert.Equal(envelope.ToByteArray(), frame.Envelopes[0].Envelope.ToByteArray());
        Assert.Equal(batch.ToByteArray(), frame.ToByteArray());
        Assert.Equal(batch, Batch.Parser.ParseFrom(frame.ToByteArray()));
        var fetch = new FetchResponse { Envelopes = { batch.Envelopes }, Missing = { "y" } };
        Assert.Equal(fetch.ToByteArray(), FetchResponseFrame.Parser.ParseFrom(fetch.ToByteArray()).ToByteArray());
    }

    /// <summary>The envelope's fields written last first: valid protobuf that no serialiser of the message produces.</summary>
    private static byte[] FieldsReversed(Envelope envelope)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        foreach (var signature in envelope.Signatures)
        {
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteMessage(signature);
        }

        output.WriteTag(2, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(envelope.Payload);
        output.WriteTag(1, WireFormat.WireType.LengthDelimited);
        output.WriteString(envelope.PayloadType);
        output.Flush();
        return buffer.ToArray();
    }

    private NodeCredentials Credentials(string nodeId) =>
        NodeCredentials.Load(new NodeKeyFiles(_federation.NodeCertificates(nodeId)), nodeId, TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);

    private async Task<RawPeer> HelloAsync(string nodeId, NodeCredentials credentials, string sector)
    {
        var peer = new RawPeer(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_federation.NodeCertificates(nodeId)), _federation.RootCertificate);
        await peer.Client.HelloAsync(new HelloRequest
        {
            NodeDescriptor = NodeDescriptors.Sign(credentials, new NodeDescriptor
            {
                Role = NodeRole.Secretariat, ValidUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), Sectors = { sector },
            }),
        });
        return peer;
    }
}
