using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// The federation doors of tamper evidence and restore (docs/LIFECYCLE.md §4, §5) at a council hub's real mTLS port, from
/// raw peers holding the real keys of bank-ceptoar and electricity-ceptoar: hostile checkpoints are refused with the field
/// and the reason and nothing is kept; a node gets back only its own checkpoints; a catch-up queues only what the hub
/// would send the asking node itself.
/// </summary>
public sealed class LifecycleDoorTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";

    private readonly TestDirectory _dir = new();
    private TestFederation _federation = null!;
    private TestNode _council = null!;
    private RawPeer _bankPeer = null!;
    private NodeCredentials _bankCredentials = null!;
    private EnvelopeSigner _bank = null!;

    public async Task InitializeAsync()
    {
        _federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(_federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        // Nothing listens there: what the hub queues for bank-ceptoar stays in its outbox.
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = Bank, Endpoint = "https://127.0.0.1:9" });
        (_bankPeer, _bankCredentials) = await ConnectAsync(Bank, "finance");
        _bank = _bankCredentials.CreateEnvelopeSigner();
    }

    public async Task DisposeAsync()
    {
        _bankPeer.Dispose();
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("missing", "checkpoint: is missing")]
    [InlineData("names another node", "names node 'electricity-ceptoar' but is signed by 'bank-ceptoar'")]
    [InlineData("seq 0", "has no valid seq")]
    [InlineData("uppercase hash", "has no valid hash: expected 64 lowercase hex characters")]
    [InlineData("short hash", "has no valid hash")]
    [InlineData("receipt payload type", "does not verify")]
    [InlineData("not a checkpoint", "is not an AuditCheckpoint")]
    [InlineData("signature spoiled", "does not verify")]
    [InlineData("no time", "has no signed_at time")]
    [InlineData("a day ahead", "checkpoint.signed_at")]
    public async Task PutCheckpoint_HostileCheckpoint_InvalidArgumentNamingTheProblemAndNothingKept(string spoil, string expected)
    {
        var checkpoint = new AuditCheckpoint { NodeId = Bank, Seq = 7, Hash = new string('a', 64), SignedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) };
        Envelope? envelope = null;
        switch (spoil)
        {
            case "names another node": checkpoint.NodeId = Electricity; break;
            case "seq 0": checkpoint.Seq = 0; break;
            case "uppercase hash": checkpoint.Hash = new string('A', 64); break;
            case "short hash": checkpoint.Hash = new string('a', 63); break;
            case "no time": checkpoint.SignedAt = null; break;
            case "a day ahead": checkpoint.SignedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)); break;
        }

        if (spoil != "missing")
        {
            envelope = spoil switch
            {
                "receipt payload type" => _bank.Sign(PayloadTypes.Receipt, checkpoint.ToByteString()),
                "not a checkpoint" => _bank.Sign(PayloadTypes.AuditCheckpoint, ByteString.CopyFrom(0xff, 0xff, 0xff)),
                _ => _bank.Sign(PayloadTypes.AuditCheckpoint, checkpoint.ToByteString()),
            };
        }

        if (spoil == "signature spoiled")
        {
            var sig = envelope!.Signatures[0].Sig.ToByteArray();
            sig[0] ^= 1;
            envelope.Signatures[0].Sig = ByteString.CopyFrom(sig);
        }

        var refused = await Assert.ThrowsAsync<RpcException>(() => _bankPeer.Client.PutCheckpointAsync(new PutCheckpointRequest { Checkpoint = envelope }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains(expected, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await _bankPeer.Client.ListCheckpointsAsync(new ListCheckpointsRequest())).Checkpoints);
    }

    [Fact]
    public async Task PutCheckpoint_AtANodeThatIsNoHub_FailedPreconditionSayingWhereToSend()
    {
        await using var secretariat = await TestNode.StartAsync(_federation, Electricity, _dir.Combine("electricity"), s => s["Node:FederationListen"] = "127.0.0.1:0");
        await secretariat.Admin.AddPeerAsync(new AddPeerRequest { NodeId = Bank, Endpoint = "https://127.0.0.1:9" });
        using var peer = new RawPeer(secretariat.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_federation.NodeCertificates(Bank)), _federation.RootCertificate);
        await peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = Descriptor(_bankCredentials, "finance") });

        var refused = await Assert.ThrowsAsync<RpcException>(() => peer.Client.PutCheckpointAsync(new PutCheckpointRequest { Checkpoint = Valid(_bank, 3) }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("is not a hub", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCheckpoints_TwoNodesKeptCheckpoints_EachGetsBackOnlyItsOwnAsSigned()
    {
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = Electricity, Endpoint = "https://127.0.0.1:9" });
        var (electricityPeer, electricityCredentials) = await ConnectAsync(Electricity, "electricity");
        using var _ = electricityPeer;
        var electricity = electricityCredentials.CreateEnvelopeSigner();
        var bankFirst = Valid(_bank, 5);
        var bankSecond = Valid(_bank, 9);
        var electricityOwn = Valid(electricity, 4);
        await _bankPeer.Client.PutCheckpointAsync(new PutCheckpointRequest { Checkpoint = bankSecond });
        await _bankPeer.Client.PutCheckpointAsync(new PutCheckpointRequest { Checkpoint = bankFirst });
        await electricityPeer.Client.PutCheckpointAsync(new PutCheckpointRequest { Checkpoint = electricityOwn });
        // The same seq again with another hash: the first one kept stays (a node cannot rewrite what the hub holds).
        await _bankPeer.Client.PutCheckpointAsync(new PutCheckpointRequest { Checkpoint = Valid(_bank, 5, 'b') });

        var bankHeld = (await _bankPeer.Client.ListCheckpointsAsync(new ListCheckpointsRequest())).Checkpoints;
        var electricityHeld = (await electricityPeer.Client.ListCheckpointsAsync(new ListCheckpointsRequest())).Checkpoints;

        Assert.Equal([bankFirst, bankSecond], bankHeld);
        Assert.Equal([electricityOwn], electricityHeld);
    }

    [Fact]
    public async Task CatchUp_ItemsOfFourAudiencesStoredBeforeTheNodeWasAPeer_OnlyThoseTheHubWouldSendItAreQueued()
    {
        // Who is entitled, written out: the hub sends electricity-ceptoar what is for the whole federation, for its own
        // sector or named to it; not what is for finance only or named to another node.
        var items = new (string Name, Audience Audience, bool ForElectricity)[]
        {
            ("whole federation", new Audience { WholeFederation = true }, true),
            ("finance sector", new Audience { Sectors = { "finance" } }, false),
            ("electricity sector", new Audience { Sectors = { "electricity" } }, true),
            ("named electricity-ceptoar", new Audience { Nodes = { Electricity } }, true),
            ("named local-gov-ceptoar", new Audience { Nodes = { "local-gov-ceptoar" } }, false),
        };
        var ids = new Dictionary<string, string>();
        foreach (var (name, audience, _) in items)
        {
            var item = RawPeer.Item(Tlp.Green);
            item.Audience = audience;
            ids[name] = item.Id;
            var result = (await _bankPeer.SendAsync(_bank.Sign(PayloadTypes.Item, item.ToByteString()))).Results.Single();
            Assert.Equal(DeliveryOutcome.Accepted, result.Outcome);
        }

        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = Electricity, Endpoint = "https://127.0.0.1:9" });
        var (electricityPeer, _) = await ConnectAsync(Electricity, "electricity");
        using var peer = electricityPeer;
        Assert.Empty(await QueuedItemIdsAsync(Electricity));

        var answer = await electricityPeer.Client.CatchUpAsync(new CatchUpRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) });
        var again = await electricityPeer.Client.CatchUpAsync(new CatchUpRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(-1)) });
        var later = await electricityPeer.Client.CatchUpAsync(new CatchUpRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(1)) });

        var expected = items.Where(i => i.ForElectricity).Select(i => ids[i.Name]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3u, answer.Queued);
        Assert.Equal(expected, (await QueuedItemIdsAsync(Electricity)).Order(StringComparer.Ordinal));
        // Asked twice, each item is still queued once; nothing stored after `since` means nothing queued.
        Assert.Equal(3u, again.Queued);
        Assert.Equal(0u, later.Queued);
        var audit = await _council.Admin.ListAuditAsync(new ListAuditRequest { Action = "peer.catch_up", Limit = 10 });
        Assert.Equal(3, audit.Entries.Count(e => e.Actor == "peer:" + Electricity));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CatchUp_SinceMissingOrInTheFuture_InvalidArgumentNamingSince(bool future)
    {
        var request = future ? new CatchUpRequest { Since = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)) } : new CatchUpRequest();

        var refused = await Assert.ThrowsAsync<RpcException>(() => _bankPeer.Client.CatchUpAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("since: ", refused.Status.Detail, StringComparison.Ordinal);
    }

    private async Task<(RawPeer Peer, NodeCredentials Credentials)> ConnectAsync(string nodeId, string sector)
    {
        var files = _federation.NodeCertificates(nodeId);
        var credentials = NodeCredentials.Load(new NodeKeyFiles(files), nodeId, TrustBundle.Load([_federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        var peer = new RawPeer(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(files), _federation.RootCertificate);
        await peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = Descriptor(credentials, sector) });
        return (peer, credentials);
    }

    private static Envelope Descriptor(NodeCredentials credentials, string sector) => NodeDescriptors.Sign(credentials, new NodeDescriptor
    {
        Role = NodeRole.Secretariat,
        NameEn = credentials.NodeId,
        Sectors = { sector },
        IssuedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        ValidUntil = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)),
    });

    private static Envelope Valid(EnvelopeSigner signer, ulong seq, char hashDigit = 'a') => signer.Sign(PayloadTypes.AuditCheckpoint, new AuditCheckpoint
    {
        NodeId = signer.NodeId,
        Seq = seq,
        Hash = new string(hashDigit, 64),
        SignedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
    }.ToByteString());

    private async Task<List<string>> QueuedItemIdsAsync(string peer)
    {
        var queued = await _council.Services.GetRequiredService<FederationStore>().ReadOutboxAsync(peer, 0, 1000, 64 * 1024 * 1024, CancellationToken.None);
        return [.. queued.Where(e => Envelope.Parser.ParseFrom(e.Envelope).PayloadType == PayloadTypes.Item).Select(e => e.ItemId)];
    }
}
