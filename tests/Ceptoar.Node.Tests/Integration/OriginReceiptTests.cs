using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Receipts the origin must not believe: validly signed by a real node of the federation (with its key, as a thief of
/// it would), handed to bank-ceptoar over mutual TLS by its peer the council, each about an item that node may not
/// have, or that never existed, or read by a member the label does not reach. Who is entitled is written out here.
/// </summary>
public sealed class OriginReceiptTests : IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";
    private const string LocalGov = "local-gov-ceptoar";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;
    private MemberService.MemberServiceClient _author = null!;

    private RunningNode Origin => _cluster[Bank];

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: false);
        _author = Origin.Member(await Origin.AddMemberWithKeyAsync("mizuho-bank", "finance"));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Exchange_ReceiptsForItemsNotAddressedToTheirSignerOrNeverSent_RefusedAuditedAndNoRow()
    {
        // AMBER+STRICT for the council alone; GREEN for everyone.
        var strict = await SubmitAsync(Tlp.AmberStrict, "AMBER+STRICT for the council only", new Audience { Nodes = { "council" } });
        var green = await SubmitAsync(Tlp.Green, "GREEN for everyone", new Audience { WholeFederation = true });
        await DeliveredAsync(strict, "council");
        await DeliveredAsync(green, "council", "nisc", Electricity, LocalGov);
        var neverSent = Core.Items.UuidV7.NewId();
        var neverSentEither = Core.Items.UuidV7.NewId();

        using var council = CouncilAtOrigin();
        var ack = await council.SendAsync(
            Receipt(Electricity, ReceiptKind.Delivered, strict),
            Receipt("nisc", ReceiptKind.Acknowledged, strict, "admin"),
            Receipt(Electricity, ReceiptKind.Delivered, neverSent),
            Receipt(Electricity, ReceiptKind.Delivered, green, "", strict, neverSentEither));

        Assert.Equal([DeliveryOutcome.Rejected, DeliveryOutcome.Rejected, DeliveryOutcome.Rejected, DeliveryOutcome.Accepted], ack.Results.Select(r => r.Outcome));
        Assert.Contains($"TLP:AMBER+STRICT item {strict} is not addressed to '{Electricity}'", ack.Results[0].Reason);
        Assert.Contains("is not addressed to 'nisc'", ack.Results[1].Reason);
        Assert.Contains($"{Bank} sent no item '{neverSent}'", ack.Results[2].Reason);
        Assert.Contains("recorded for 1 of 3 items; refused for 2", ack.Results[3].Reason);

        // The council is the only node that may have the AMBER+STRICT item: the origin shows no other.
        var status = await Origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = strict });
        Assert.Equal(["council"], status.Recipients.Select(r => r.NodeId));
        Assert.Equal("delivered", status.Recipients.Single().State);
        Assert.Equal(0, ReceiptRows(neverSent, neverSentEither));
        var audit = await ReceiptAuditAsync();
        Assert.Equal(2, audit.Count(e => e.Subject == strict && e.Detail.Contains($"signed by {Electricity}", StringComparison.Ordinal)));
        Assert.Single(audit, e => e.Subject == strict && e.Detail.StartsWith("acknowledged receipt signed by nisc", StringComparison.Ordinal));
        Assert.Single(audit, e => e.Subject == neverSent && e.Detail.Contains("no item with this id originated here", StringComparison.Ordinal));
        Assert.Single(audit, e => e.Subject == neverSentEither);
        Assert.DoesNotContain(audit, e => e.Subject == green);
        Assert.All(audit, e => Assert.Equal(("peer:council", "rejected"), (e.Actor, e.Outcome)));
    }

    [Fact]
    public async Task Exchange_AcknowledgementsByMembersTheLabelDoesNotReach_RefusedAuditedAndOnlyTheEntitledOneRecorded()
    {
        // RED for one member of electricity-ceptoar, RED for one member of local-gov-ceptoar, AMBER+STRICT for the council.
        var redForKansai = await SubmitAsync(Tlp.Red, "RED for kansai-electric", new Audience { Members = { new MemberRef { Node = Electricity, MemberId = "kansai-electric" } } });
        var redForTokyo = await SubmitAsync(Tlp.Red, "RED for tokyo-metropolis", new Audience { Members = { new MemberRef { Node = LocalGov, MemberId = "tokyo-metropolis" } } });
        var strict = await SubmitAsync(Tlp.AmberStrict, "AMBER+STRICT for the council only", new Audience { Nodes = { "council" } });
        await DeliveredAsync(redForKansai, Electricity);
        await DeliveredAsync(redForTokyo, LocalGov);
        await DeliveredAsync(strict, "council");

        using var council = CouncilAtOrigin();
        // The entitled acknowledgement comes last: the origin keeps the first one, so a wrongly recorded one would show.
        var ack = await council.SendAsync(
            Receipt(Electricity, ReceiptKind.Acknowledged, redForKansai, "member:tepco"),
            Receipt(Electricity, ReceiptKind.Acknowledged, redForTokyo, "member:tepco"),
            Receipt("council", ReceiptKind.Acknowledged, strict, "member:mizuho-bank"),
            Receipt(Electricity, ReceiptKind.Acknowledged, redForKansai, "someone"),
            Receipt(Electricity, ReceiptKind.Acknowledged, redForKansai, "member:kansai-electric"));

        Assert.Equal([DeliveryOutcome.Rejected, DeliveryOutcome.Rejected, DeliveryOutcome.Rejected, DeliveryOutcome.Rejected, DeliveryOutcome.Accepted],
            ack.Results.Select(r => r.Outcome));
        Assert.Contains($"does not name member tepco of {Electricity}", ack.Results[0].Reason);
        Assert.Contains($"is not addressed to '{Electricity}'", ack.Results[1].Reason);
        Assert.Contains("for the recipient organisation only", ack.Results[2].Reason);
        Assert.Contains("'someone', which names nobody", ack.Results[3].Reason);

        // The hubs that carried the sealed RED items are listed as "relayed"; the recipients are the nodes of the named members.
        var atElectricity = Assert.Single((await Origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = redForKansai })).Recipients, r => r.NodeId == Electricity);
        Assert.Equal(("acknowledged", "member:kansai-electric"), (atElectricity.State, atElectricity.AcknowledgedBy));
        var forTokyo = (await Origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = redForTokyo })).Recipients;
        Assert.Equal([LocalGov], forTokyo.Where(r => r.State != "relayed").Select(r => r.NodeId));
        var atCouncil = Assert.Single((await Origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = strict })).Recipients);
        Assert.Equal(("delivered", ""), (atCouncil.State, atCouncil.AcknowledgedBy));
        var audit = await ReceiptAuditAsync();
        Assert.Equal(2, audit.Count(e => e.Subject == redForKansai));
        Assert.Single(audit, e => e.Subject == redForTokyo);
        Assert.Single(audit, e => e.Subject == strict);
    }

    private RawPeer CouncilAtOrigin() =>
        new(Origin.Ready.FederationEndpoint!, RawPeer.TlsCertificateOf(_cluster.Federation.NodeCertificates("council")), _cluster.Federation.RootCertificate);

    private async Task<string> SubmitAsync(Tlp tlp, string title, Audience audience)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Audience = audience;
        return (await _author.SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    /// <summary>The origin shows the item delivered at these nodes (their own, genuine receipts arrived).</summary>
    private Task DeliveredAsync(string itemId, params string[] nodes) =>
        Until.TrueAsync(async () =>
        {
            var status = await Origin.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = itemId });
            return nodes.All(n => status.Recipients.Any(r => r.NodeId == n && r.State == "delivered"));
        }, Deadline, $"{Bank} shows {itemId} delivered at {string.Join(", ", nodes)}");

    /// <summary>A receipt signed with the node's own signing key, speaking for that node.</summary>
    private Envelope Receipt(string signer, ReceiptKind kind, string itemId, string acknowledgedBy = "", params string[] others)
    {
        var credentials = NodeCredentials.Load(new NodeKeyFiles(_cluster.Federation.NodeCertificates(signer)), signer,
            TrustBundle.Load([_cluster.Federation.RootCertificatePath]), DateTimeOffset.UtcNow);
        var receipt = new Receipt
        {
            ItemId = itemId, ItemIds = { others }, OriginNode = Bank, RecipientNode = signer, Kind = kind,
            At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), AcknowledgedBy = acknowledgedBy,
        };
        return credentials.CreateEnvelopeSigner().Sign(PayloadTypes.Receipt, receipt.ToByteString());
    }

    private async Task<IReadOnlyList<AuditEntry>> ReceiptAuditAsync() =>
        (await Origin.Admin.ListAuditAsync(new ListAuditRequest { Action = "receipt.receive", Limit = 1000 })).Entries;

    /// <summary>Rows of the origin's receipts table for these ids, read from its database beside the running node.</summary>
    private long ReceiptRows(params string[] itemIds)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_cluster.DataDir(Bank), "node.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM receipts WHERE item_id IN ({string.Join(", ", itemIds.Select((_, i) => "$id" + i))})";
        for (var i = 0; i < itemIds.Length; i++)
        {
            command.Parameters.AddWithValue("$id" + i, itemIds[i]);
        }

        return (long)command.ExecuteScalar()!;
    }
}
