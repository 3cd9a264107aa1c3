using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// Only the origin withdraws its items (docs/LIFECYCLE.md §1): a revocation signed by electricity-ceptoar naming
/// bank-ceptoar's report is refused at every node, whichever peer brings it, and audited; electricity-ceptoar's own staff
/// and members are refused at its door. The report stays served everywhere.
/// </summary>
public sealed class ForeignRevocationTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] AllNodes = ["council", "nisc", Bank, Electricity, "local-gov-ceptoar"];

    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, processes: false);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Revoke_ByANodeThatIsNotTheOrigin_RefusedAtEveryNodeAndAudited_ReportStillServed()
    {
        var mufg = _cluster[Bank].Member(await _cluster[Bank].AddMemberWithKeyAsync("mufg-bank"));
        var tepco = _cluster[Electricity].Member(await _cluster[Electricity].AddMemberWithKeyAsync("tepco", "electricity"));
        var draft = Drafts.Incident(Tlp.Green, "Report of bank-ceptoar");
        draft.Audience = new Audience { WholeFederation = true };
        var original = (await mufg.SubmitAsync(Drafts.Request(draft))).ItemId;
        foreach (var id in AllNodes)
        {
            await Until.TrueAsync(async () => await HeldAsync(id, original) is not null, Deadline, $"{id} holds the report");
        }

        // At electricity-ceptoar's own doors: its staff and its members may not withdraw bank-ceptoar's report.
        var staff = await Assert.ThrowsAsync<RpcException>(() => _cluster[Electricity].Admin.RevokeItemAsync(
            new RevokeItemRequest { ClientRequestId = "x", ItemId = original, Reason = "not ours", StaffName = "sato" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, staff.StatusCode);
        Assert.Contains($"originated by {Bank}", staff.Status.Detail, StringComparison.Ordinal);
        var member = await Assert.ThrowsAsync<RpcException>(() => tepco.RevokeAsync(new RevokeRequest { ClientRequestId = "x", ItemId = original, Reason = "not ours" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, member.StatusCode);
        var correct = await Assert.ThrowsAsync<RpcException>(() => tepco.CorrectAsync(
            new CorrectRequest { ClientRequestId = "y", ItemId = original, Draft = Drafts.Incident(Tlp.Green) }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, correct.StatusCode);
        var denied = await _cluster[Electricity].Admin.ListAuditAsync(new ListAuditRequest { Limit = 1000 });
        Assert.Equal(2, denied.Entries.Count(e => e.Action == "item.revoke" && e.Outcome == "denied" && e.Subject == original));

        // A revocation electricity-ceptoar signed anyway, brought to every other node by a peer it accepts.
        var forged = Forged(original);
        foreach (var id in AllNodes.Where(n => n != Electricity))
        {
            var asPeer = id is "council" or "nisc" ? Electricity : "council";
            var ack = await SendAsync(_cluster[id], asPeer, forged);
            var result = Assert.Single(ack.Results);
            Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
            Assert.Contains("only the origin may revoke or correct an item", result.Reason, StringComparison.Ordinal);
            var audit = await _cluster[id].Admin.ListAuditAsync(new ListAuditRequest { Action = "item.receive", Limit = 1000 });
            Assert.Contains(audit.Entries, e => e.Outcome == "rejected" && e.Detail.Contains($"may not withdraw item {original}", StringComparison.Ordinal));
        }

        foreach (var id in AllNodes)
        {
            var held = (await HeldAsync(id, original))!;
            Assert.Null(held.Withdrawn);
            Assert.Equal("Report of bank-ceptoar", held.Item.Body.Title);
        }

        Assert.Null((await tepco.GetAsync(new GetItemRequest { ItemId = original })).Withdrawn);
    }

    private Envelope Forged(string original)
    {
        var now = DateTimeOffset.UtcNow;
        var item = new Item
        {
            Id = Core.Items.UuidV7.NewId(),
            OriginNode = Electricity,
            CreatedAt = Timestamp.FromDateTimeOffset(now.AddSeconds(-5)),
            ExpiresAt = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            Tlp = Tlp.Green,
            Kind = ItemKind.Revocation,
            Language = "en",
            Audience = new Audience { WholeFederation = true },
            Handling = new HandlingPolicy(),
            Body = new Body { Title = "Withdrawn", Summary = "not ours" },
            Revocation = new Revocation { ItemId = original, Reason = "not ours" },
        };
        var credentials = NodeCredentials.Load(new NodeKeyFiles(_cluster.Federation.NodeCertificates(Electricity)), Electricity,
            TrustBundle.Load([_cluster.Federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        return ItemEnvelope.Sign(credentials.CreateEnvelopeSigner(), item);
    }

    /// <summary>One batch on a fresh exchange stream, as <paramref name="asPeer"/> (its certificate), with no hops before it.</summary>
    private async Task<BatchAck> SendAsync(RunningNode node, string asPeer, Envelope envelope)
    {
        using var peer = new RawPeer(node.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates(asPeer)), _cluster.Federation.RootCertificate);
        using var call = peer.Client.Exchange(deadline: DateTime.UtcNow.AddSeconds(30));
        var batch = new Batch { BatchId = 1 };
        batch.Envelopes.Add(new RelayedEnvelope { Envelope = envelope });
        await call.RequestStream.WriteAsync(batch);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the node acknowledges the batch");
        return call.ResponseStream.Current;
    }

    private async Task<AdminItem?> HeldAsync(string node, string itemId)
    {
        try
        {
            return await _cluster[node].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }
}
