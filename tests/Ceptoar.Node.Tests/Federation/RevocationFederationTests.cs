using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Federation;

/// <summary>
/// The federation's revocation list on real nodes (docs/LIFECYCLE.md §3): council and nisc (hubs), bank-ceptoar and
/// electricity-ceptoar (secretariats, each peering with both hubs), every link to and from nisc through a TCP proxy the
/// test can close. A list published at one node reaches every node through the hubs, nisc when its links return; an item
/// signed by a revoked key after the revocation is refused everywhere, one signed before is kept and flagged; a peer
/// whose TLS certificate is revoked cannot connect; an older or untrusted list a peer sends is ignored.
/// </summary>
public sealed class RevocationFederationTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";
    private const string Council = "council";
    private const string Nisc = "nisc";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static readonly ClusterNode[] Layout =
    [
        new(Council, NodeRole.Council, []),
        new(Nisc, NodeRole.Nisc, []),
        new(Bank, NodeRole.Secretariat, ["finance"]),
        new(Electricity, NodeRole.Secretariat, ["electricity"]),
    ];

    private readonly TestDirectory _dir = new();
    private readonly Dictionary<(string From, string To), TcpProxy> _niscLinks = [];
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, Layout, processes: false, peerEndpoint: (from, to, endpoint) =>
        {
            if (from != Nisc && to != Nisc)
            {
                return endpoint;
            }

            var proxy = TcpProxy.Start(endpoint);
            lock (_niscLinks)
            {
                _niscLinks[(from, to)] = proxy;
            }

            return proxy.Endpoint;
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        foreach (var proxy in _niscLinks.Values)
        {
            await proxy.DisposeAsync();
        }

        _dir.Dispose();
    }

    [Fact]
    public async Task PublishRevocations_AtASecretariatWhileNiscIsCutOff_ReachesEveryNodeThroughTheHubs_NiscWhenItsLinksReturn()
    {
        foreach (var proxy in _niscLinks.Values)
        {
            await proxy.CutOffAsync();
        }

        var now = DateTimeOffset.UtcNow;

        var view = await _cluster[Bank].Admin.PublishRevocationsAsync(Publish(List(1, now, Key("ghost-node/0123456789abcdef", now))));

        Assert.True(view.Replaced);
        await UntilVersionAsync([Council, Electricity], 1);
        // An idle link notices a closed port when it next sends: council tried to pass the list on, and its link to nisc is down.
        await Until.TrueAsync(async () => (await _cluster[Council].Admin.ListPeersAsync(new ListPeersRequest())).Peers
            .Single(p => p.NodeId == Nisc).State is { Connected: false }, Deadline, "council's link to nisc is down");
        // Cut off, nisc has not heard of it: the path back is what the rest of the test checks.
        Assert.Equal(0UL, await VersionAsync(Nisc));

        foreach (var proxy in _niscLinks.Values)
        {
            proxy.Restore();
        }

        await UntilVersionAsync([Nisc], 1);

        // A newer list published at the hub that was cut off reaches the others the same way.
        await _cluster[Nisc].Admin.PublishRevocationsAsync(Publish(List(2, now.AddSeconds(1), Key("ghost-node/0123456789abcdef", now), Key("other-node/fedcba9876543210", now))));
        await UntilVersionAsync([Council, Bank, Electricity], 2);
    }

    [Fact]
    public async Task Exchange_PeerSendsAnOlderOrUntrustedList_Ignored_Audited_NewerListStays()
    {
        var now = DateTimeOffset.UtcNow;
        var older = RevocationLists.Sign(_cluster.Federation.Ca, List(1, now.AddMinutes(-1), Key("ghost-node/0123456789abcdef", now.AddMinutes(-2))));
        await _cluster[Electricity].Admin.PublishRevocationsAsync(Publish(List(2, now, Key("ghost-node/0123456789abcdef", now.AddMinutes(-2)), Key("other-node/fedcba9876543210", now))));
        await UntilVersionAsync([Council], 2);
        using var rogue = FederationCa.CreateRoot("Test Federation Root", TimeSpan.FromDays(30));
        var untrusted = RevocationLists.Sign(rogue, List(3, now, Key("council/0123456789abcdef", now)));
        using var bankTls = RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates(Bank));
        using var peer = new RawPeer(_cluster[Council].Ready.FederationEndpoint!, bankTls, _cluster.Federation.RootCertificate);

        foreach (var (list, id) in new[] { (older, 1UL), (untrusted, 2UL) })
        {
            using var call = peer.Client.Exchange(deadline: DateTime.UtcNow.AddSeconds(30));
            await call.RequestStream.WriteAsync(new Batch { BatchId = id, RevocationList = list });
            await call.RequestStream.CompleteAsync();
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(id, call.ResponseStream.Current.BatchId);
        }

        var status = await _cluster[Council].Admin.GetStatusAsync(new GetStatusRequest());
        Assert.Equal((2UL, 2U), (status.RevocationListVersion, status.RevocationListEntries));
        var ignored = (await _cluster[Council].Admin.ListAuditAsync(new ListAuditRequest { Action = "revocations.accept", Limit = 100 })).Entries
            .Where(e => e.Actor == "peer:" + Bank && e.Outcome == "ignored").ToList();
        Assert.Contains(ignored, e => e.Detail.Contains("version 1 is older than version 2", StringComparison.Ordinal));
        Assert.Contains(ignored, e => e.Detail.Contains("none of this node's trusted roots", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokedSigningKey_ItemSignedAfterTheRevocation_RefusedEverywhere_ItemSignedBefore_KeptAndFlagged()
    {
        var submitter = _cluster[Bank].Member(await _cluster[Bank].AddMemberWithKeyAsync("mufg-bank", "finance"));
        await _cluster[Electricity].AddMemberWithKeyAsync("tepco", "electricity");
        var before = (await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "Before the key leaked")))).ItemId;
        var red = Drafts.Incident(Tlp.Red, "Before the key leaked, for tepco only");
        red.Audience = new Audience { Members = { new MemberRef { Node = Electricity, MemberId = "tepco" } } };
        var sealedBefore = (await submitter.SubmitAsync(Drafts.Request(red))).ItemId;
        await UntilHeldAsync(before, [Council, Nisc, Electricity]);
        await UntilHeldAsync(sealedBefore, [Electricity]);
        var keyId = (await _cluster[Electricity].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = before })).Verification.KeyId;
        Assert.StartsWith(Bank + "/", keyId, StringComparison.Ordinal);
        var revokedAt = DateTimeOffset.UtcNow;

        await _cluster[Council].Admin.PublishRevocationsAsync(Publish(List(1, revokedAt, Key(keyId, revokedAt, "signing key copied by a departed contractor"))));
        await UntilVersionAsync([Bank, Nisc, Electricity], 1);
        var after = (await submitter.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "After the key leaked")))).ItemId;

        // Both hubs answer bank's links, and refuse it: bank's outboxes drain with one rejection each.
        await Until.TrueAsync(async () => (await _cluster[Bank].Admin.ListPeersAsync(new ListPeersRequest())).Peers
            .All(p => p.State is { OutboxDepth: 0, Rejected: >= 1 }), Deadline, "both hubs refused the item signed after the revocation");
        foreach (var node in new[] { Council, Nisc, Electricity })
        {
            var missing = await Assert.ThrowsAsync<RpcException>(() => _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = after }).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        }

        // electricity-ceptoar itself refuses it too, whoever brings it (here a raw peer with council's certificate).
        var envelope = (await _cluster[Bank].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = after })).Envelope;
        using (var councilTls = RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates(Council)))
        using (var peer = new RawPeer(_cluster[Electricity].Ready.FederationEndpoint!, councilTls, _cluster.Federation.RootCertificate))
        {
            var result = Assert.Single((await peer.SendAsync(envelope)).Results);
            Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
            Assert.Contains($"key '{keyId}' was revoked", result.Reason, StringComparison.Ordinal);
        }

        var atOrigin = await _cluster[Bank].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = after });
        Assert.False(atOrigin.Verification.Valid);
        Assert.StartsWith("KeyRevoked: ", atOrigin.Verification.Problem, StringComparison.Ordinal);

        foreach (var node in new[] { Bank, Council, Nisc, Electricity })
        {
            var kept = await _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = before });
            Assert.True(kept.Verification.Valid, node);
            Assert.Equal(keyId, kept.Verification.RevokedKey.KeyId);
            Assert.Equal(Timestamp.FromDateTimeOffset(revokedAt), kept.Verification.RevokedKey.RevokedAt);
            Assert.Equal("signing key copied by a departed contractor", kept.Verification.RevokedKey.Reason);
            Assert.Equal(1UL, kept.Verification.RevokedKey.ListVersion);
        }

        var status = await _cluster[Bank].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = before });
        Assert.Equal(keyId, status.RevokedKey.KeyId);

        // Who may read the RED report, stated here: bank-ceptoar (its origin) and electricity-ceptoar (tepco's node). A hub
        // relays it sealed: the flag it shows names the key, never the report.
        var readable = await _cluster[Electricity].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = sealedBefore });
        Assert.Equal("Before the key leaked, for tepco only", readable.Item.Body.Title);
        Assert.Equal(keyId, readable.Verification.RevokedKey.KeyId);
        var atHubs = 0;
        foreach (var hub in new[] { Council, Nisc })
        {
            AdminItem relayed;
            try
            {
                relayed = await _cluster[hub].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = sealedBefore });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                continue;
            }

            atHubs++;
            Assert.True(relayed.Summary.Sealed, hub);
            Assert.Null(relayed.Item);
            Assert.DoesNotContain("tepco only", relayed.ToString(), StringComparison.Ordinal);
            Assert.Equal(keyId, relayed.Verification.RevokedKey.KeyId);
        }

        Assert.True(atHubs >= 1, "a hub relayed the sealed report");
    }

    [Fact]
    public async Task RevokedTlsCertificate_ListReachesTheHubs_ThePeerCannotConnect()
    {
        using var electricityTls = RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates(Electricity));
        using var peer = new RawPeer(_cluster[Council].Ready.FederationEndpoint!, electricityTls, _cluster.Federation.RootCertificate);
        // Before: the gate lets electricity-ceptoar in (the Hello itself is refused for carrying no descriptor).
        var admitted = await Assert.ThrowsAsync<RpcException>(() => peer.Client.HelloAsync(new HelloRequest()).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, admitted.StatusCode);
        var thumbprint = Convert.ToHexStringLower(SHA256.HashData(X509Certificate2.CreateFromPem(
            File.ReadAllText(new NodeKeyFiles(_cluster.Federation.NodeCertificates(Electricity)).TlsCertificate)).RawData));
        var now = DateTimeOffset.UtcNow;

        await _cluster[Bank].Admin.PublishRevocationsAsync(Publish(List(1, now, new RevocationEntry
        {
            CertificateThumbprint = thumbprint, RevokedAt = Timestamp.FromDateTimeOffset(now), Reason = "host compromised",
        })));
        await UntilVersionAsync([Council, Nisc], 1);

        var refused = await Assert.ThrowsAsync<RpcException>(() => peer.Client.HelloAsync(new HelloRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);
        await Until.TrueAsync(async () => (await _cluster[Council].Admin.ListPeersAsync(new ListPeersRequest())).Peers
            .Single(p => p.NodeId == Electricity).State is { Connected: false }, Deadline, "council's link to electricity-ceptoar is down");
    }

    private static RevocationList List(ulong version, DateTimeOffset issuedAt, params RevocationEntry[] entries)
    {
        var list = new RevocationList { Version = version, IssuedAt = Timestamp.FromDateTimeOffset(issuedAt) };
        list.Entries.AddRange(entries);
        return list;
    }

    private static RevocationEntry Key(string keyId, DateTimeOffset at, string reason = "key leaked") =>
        new() { SigningKeyId = keyId, RevokedAt = Timestamp.FromDateTimeOffset(at), Reason = reason };

    private PublishRevocationsRequest Publish(RevocationList list) => new() { Envelope = RevocationLists.Sign(_cluster.Federation.Ca, list).ToByteString() };

    private async Task<ulong> VersionAsync(string node) => (await _cluster[node].Admin.GetStatusAsync(new GetStatusRequest())).RevocationListVersion;

    private async Task UntilVersionAsync(IEnumerable<string> nodes, ulong version)
    {
        foreach (var node in nodes)
        {
            await Until.TrueAsync(async () => await VersionAsync(node) == version, Deadline, $"{node} holds revocation list version {version}");
        }
    }

    private async Task UntilHeldAsync(string itemId, IEnumerable<string> nodes)
    {
        foreach (var node in nodes)
        {
            await Until.TrueAsync(async () =>
            {
                try
                {
                    await _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId });
                    return true;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    return false;
                }
            }, Deadline, $"{node} holds {itemId}");
        }
    }
}
