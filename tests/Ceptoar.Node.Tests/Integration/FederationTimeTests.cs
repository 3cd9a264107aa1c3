using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Descriptors;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Core.Sealing;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Times a peer signs, at a council hub's real federation door, from its configured peer bank-ceptoar holding the real
/// sample keys: items (clear and sealed), receipts, descriptors and queries dated beyond the clock-skew tolerance (the
/// default 300 s) or living too long are refused with the reason and audited; a refused item is not stored and its origin
/// gets a signed REJECTED receipt; times just within the tolerance pass.
/// </summary>
public sealed class FederationTimeTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestNode _council = null!;
    private RawPeer _peer = null!;
    private NodeCredentials _bankCredentials = null!;
    private EnvelopeSigner _bank = null!;
    private SealRecipient _councilRecipient = null!;

    public async Task InitializeAsync()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        _council = await TestNode.StartAsync(federation, "council", _dir.Combine("council"), s =>
        {
            s["Node:Role"] = "council";
            s["Node:FederationListen"] = "127.0.0.1:0";
        });
        // Nothing listens there: what the hub queues for bank-ceptoar stays in its outbox for the test to read.
        await _council.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "bank-ceptoar", Endpoint = "https://127.0.0.1:9" });
        var bankFiles = federation.NodeCertificates("bank-ceptoar");
        _bankCredentials = NodeCredentials.Load(new NodeKeyFiles(bankFiles), "bank-ceptoar", TrustBundle.Load([federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        _bank = _bankCredentials.CreateEnvelopeSigner();
        _peer = new RawPeer(_council.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(bankFiles), federation.RootCertificate);
        await _peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = SignedDescriptor(DateTimeOffset.UtcNow, "Bank CEPTOAR") });
        _councilRecipient = SealRecipient.FromCertificate(X509Certificate2.CreateFromPem(File.ReadAllText(new NodeKeyFiles(federation.NodeCertificates("council")).EncryptionCertificate)));
    }

    public async Task DisposeAsync()
    {
        _peer.Dispose();
        await _council.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("created 10 years ahead", false)]
    [InlineData("created 2 days ahead", false)]
    [InlineData("expiring in 200 years", false)]
    [InlineData("created 10 years ahead", true)]
    [InlineData("created 2 days ahead", true)]
    [InlineData("expiring in 200 years", true)]
    public async Task Exchange_ItemSignedByItsOriginWithUntimelyTimes_RejectedWithTheReasonNotStoredAuditedAndTheOriginTold(string times, bool sealedCopy)
    {
        var now = DateTimeOffset.UtcNow;
        var (created, expires, expected) = times switch
        {
            "created 10 years ahead" => (now.AddYears(10), now.AddYears(10).AddDays(1), "ahead of this node's clock, beyond the 300 s tolerated (Federation:MaxClockSkewSeconds)"),
            "created 2 days ahead" => (now.AddDays(2), now.AddDays(3), "ahead of this node's clock, beyond the 300 s tolerated (Federation:MaxClockSkewSeconds)"),
            _ => (now.AddMinutes(-1), now.AddYears(200), "longer than the 3,650 days this node allows (Limits:MaxItemLifetimeDays)"),
        };
        var item = ItemAt(created, expires, sealedCopy);

        var result = (await _peer.SendAsync(SignedOrSealed(item, sealedCopy))).Results.Single();

        Assert.Equal(DeliveryOutcome.Rejected, result.Outcome);
        Assert.Equal(item.Id, result.ItemId);
        Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
        var lookup = await Assert.ThrowsAsync<RpcException>(() => _council.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = item.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, lookup.StatusCode);
        var audit = await _council.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.receive", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Subject == item.Id && e.Outcome == "rejected" && e.Actor == "peer:bank-ceptoar" && e.Detail.Contains(expected, StringComparison.Ordinal));
        var told = Assert.Single(await QueuedReceiptsAsync(), r => r.ItemId == item.Id);
        Assert.Equal(ReceiptKind.Rejected, told.Kind);
        Assert.Equal("council", told.RecipientNode);
        Assert.Contains(expected, told.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Exchange_ItemCreatedJustWithinTheTolerance_AcceptedAndStored(bool sealedCopy)
    {
        // 30 s inside the 300 s tolerance, for the time between this line and the node's check.
        var created = DateTimeOffset.UtcNow.AddSeconds(270);
        var item = ItemAt(created, created.AddDays(3650), sealedCopy);

        var result = (await _peer.SendAsync(SignedOrSealed(item, sealedCopy))).Results.Single();

        Assert.True(result.Outcome == DeliveryOutcome.Accepted, $"{result.Outcome}: {result.Reason}");
        var stored = await _council.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = item.Id });
        Assert.Equal(item.Id, stored.Summary.ItemId);
    }

    [Fact]
    public async Task Hello_DescriptorIssuedTenYearsAhead_InvalidArgumentAuditedAndTheNodeCanStillRenewIt()
    {
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            _peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = SignedDescriptor(DateTimeOffset.UtcNow.AddYears(10), "Bank from the future") }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("the descriptor of node 'bank-ceptoar' is dated", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("(Federation:MaxClockSkewSeconds)", refused.Status.Detail, StringComparison.Ordinal);
        var audit = await _council.Admin.ListAuditAsync(new ListAuditRequest { Action = "descriptor.receive", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Actor == "peer:bank-ceptoar" && e.Outcome == "rejected" && e.Detail.Contains("ahead of this node's clock", StringComparison.Ordinal));

        // Had it been kept, it would have stayed the newest: no descriptor issued now could have replaced it.
        await _peer.Client.HelloAsync(new HelloRequest { NodeDescriptor = SignedDescriptor(DateTimeOffset.UtcNow, "Bank renewed") });
        var directory = await _council.Admin.GetDirectoryAsync(new GetDirectoryRequest());
        Assert.Equal("Bank renewed", directory.Nodes.Single(n => n.NodeId == "bank-ceptoar").NameEn);
    }

    [Fact]
    public async Task Exchange_ReceiptDatedTenYearsAhead_RejectedAndNotRecorded_OneJustWithinTheToleranceRecorded()
    {
        // An item of the council's own, addressed to the whole federation: bank-ceptoar's receipt for it is legitimate but for its time.
        var member = _council.Member(await _council.AddMemberWithKeyAsync("council-member", "finance"));
        var itemId = (await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "for receipts")))).ItemId;

        var future = (await _peer.SendAsync(SignedReceipt(itemId, DateTimeOffset.UtcNow.AddYears(10)))).Results.Single();

        Assert.Equal(DeliveryOutcome.Rejected, future.Outcome);
        Assert.Contains("the receipt is dated", future.Reason, StringComparison.Ordinal);
        Assert.Contains("(Federation:MaxClockSkewSeconds): the clock of bank-ceptoar is wrong", future.Reason, StringComparison.Ordinal);
        Assert.Equal("pending", await BankStateAsync(itemId));
        var audit = await _council.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.receive", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Outcome == "rejected" && e.Detail.Contains("the receipt is dated", StringComparison.Ordinal));

        var justWithin = (await _peer.SendAsync(SignedReceipt(itemId, DateTimeOffset.UtcNow.AddSeconds(270)))).Results.Single();

        Assert.True(justWithin.Outcome == DeliveryOutcome.Accepted, $"{justWithin.Outcome}: {justWithin.Reason}");
        Assert.Equal("delivered", await BankStateAsync(itemId));
    }

    [Theory]
    [InlineData("issued 10 years ahead", "the query is dated")]
    [InlineData("deadline 200 years away", "more than the 60 s a query may run")]
    public async Task Query_UntimelySignedQuery_FailedPreconditionWithTheReasonAndAudited(string times, string expected)
    {
        var now = DateTimeOffset.UtcNow;
        var (issued, deadline) = times == "issued 10 years ahead" ? (now.AddYears(10), now.AddYears(10).AddSeconds(5)) : (now, now.AddYears(200));
        var queryId = Core.Items.UuidV7.NewId();
        var signed = _bank.Sign(PayloadTypes.Query, new SignedQuery
        {
            QueryId = queryId, Asker = "bank-ceptoar", Spec = new QuerySpec(), Scope = QueryScope.Peers,
            IssuedAt = Timestamp.FromDateTimeOffset(issued), Deadline = Timestamp.FromDateTimeOffset(deadline),
        }.ToByteString());

        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            _peer.Client.QueryAsync(new QueryRequest { QueryId = queryId, SignedQuery = signed }, deadline: DateTime.UtcNow.AddSeconds(10)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(expected, refused.Status.Detail, StringComparison.Ordinal);
        var audit = await _council.Admin.ListAuditAsync(new ListAuditRequest { Action = "query.answer", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Subject == queryId && e.Outcome == "refused" && e.Detail.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_DraftExpiringIn200Years_InvalidArgumentNamingTheField()
    {
        var member = _council.Member(await _council.AddMemberWithKeyAsync("long-lived-bank", "finance"));
        var draft = Drafts.Incident(Tlp.Green, "for two centuries");
        draft.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(200));

        var refused = await Assert.ThrowsAsync<RpcException>(() => member.SubmitAsync(Drafts.Request(draft)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("draft.expires_at: The expiry time is more than 3,650 days away", refused.Status.Detail, StringComparison.Ordinal);
    }

    private static Item ItemAt(DateTimeOffset created, DateTimeOffset expires, bool forSealing)
    {
        var item = RawPeer.Item(forSealing ? Tlp.Amber : Tlp.Green);
        item.CreatedAt = Timestamp.FromDateTimeOffset(created);
        item.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        if (forSealing)
        {
            item.Audience = new Audience { Nodes = { "council" } };
        }

        return item;
    }

    /// <summary>Signed by its origin bank-ceptoar; sealed to the council (its header repeats the times) or in clear.</summary>
    private Envelope SignedOrSealed(Item item, bool sealedCopy) =>
        sealedCopy ? ItemSealer.Seal(_bank, item, [_councilRecipient]) : ItemEnvelope.Sign(_bank, item);

    private Envelope SignedDescriptor(DateTimeOffset issued, string nameEn) => NodeDescriptors.Sign(_bankCredentials, new NodeDescriptor
    {
        Role = NodeRole.Secretariat,
        NameEn = nameEn,
        Sectors = { "finance" },
        IssuedAt = Timestamp.FromDateTimeOffset(issued),
        ValidUntil = Timestamp.FromDateTimeOffset(issued.AddDays(1)),
    });

    private Envelope SignedReceipt(string itemId, DateTimeOffset at) => _bank.Sign(PayloadTypes.Receipt, new Receipt
    {
        ItemId = itemId, OriginNode = "council", RecipientNode = "bank-ceptoar", Kind = ReceiptKind.Delivered, At = Timestamp.FromDateTimeOffset(at),
    }.ToByteString());

    private async Task<string> BankStateAsync(string itemId) =>
        (await _council.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = itemId })).Recipients.Single(r => r.NodeId == "bank-ceptoar").State;

    /// <summary>The receipts waiting in the hub's outbox for bank-ceptoar, read from its store as its link would send them.</summary>
    private async Task<List<Receipt>> QueuedReceiptsAsync()
    {
        var store = _council.Services.GetRequiredService<FederationStore>();
        var queued = await store.ReadOutboxAsync("bank-ceptoar", 0, 1000, 64 * 1024 * 1024, CancellationToken.None);
        return [.. queued.Select(e => Envelope.Parser.ParseFrom(e.Envelope))
            .Where(e => e.PayloadType == PayloadTypes.Receipt)
            .Select(e => Receipt.Parser.ParseFrom(e.Payload))];
    }
}
