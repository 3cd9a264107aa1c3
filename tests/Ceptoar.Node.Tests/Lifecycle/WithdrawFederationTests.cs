using Ceptoar.Federation.V1;
using Ceptoar.Node.Tests.Notifications;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Lifecycle;

/// <summary>
/// Withdraw across the federation on real nodes (docs/LIFECYCLE.md §1): the demo topology (council and nisc hubs, three
/// secretariats) with an SMTP sink. A member of bank-ceptoar revokes its report; every node that holds a copy keeps a
/// tombstone and serves no body, hubs that relayed it sealed learn only the id, the members who had it get the revocation
/// in their feed, and the people told of the original are told of the revocation, within its label.
/// </summary>
public sealed class WithdrawFederationTests(NotifyTestPki pki) : IClassFixture<NotifyTestPki>, IAsyncLifetime
{
    private const string Bank = "bank-ceptoar";
    private const string Electricity = "electricity-ceptoar";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] AllNodes = ["council", "nisc", Bank, Electricity, "local-gov-ceptoar"];

    private readonly TestDirectory _dir = new();
    private SmtpSink _sink = null!;
    private TestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync(pki.ServerCertificate, (NotifyTestPki.User, NotifyTestPki.Password));
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: false, (_, settings) => NotifyNodes.Configure(settings, pki, _sink.Port));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _sink.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public async Task Revoke_OwnReport_TombstoneAtEveryHolder_FeedsAndContactsToldWithinTheLabel(Tlp tlp)
    {
        var bank = _cluster[Bank];
        var electricity = _cluster[Electricity];
        var mufg = bank.Member(await bank.AddMemberWithKeyAsync("mufg-bank"));
        var tepco = electricity.Member(await electricity.AddMemberWithKeyAsync("tepco", "electricity"));
        var water = electricity.Member(await electricity.AddMemberWithKeyAsync("city-water", "water"));
        await NotifyNodes.AddEmailAsync(electricity, "tepco", "Tepco SOC", "soc@tepco.example", "en");
        await NotifyNodes.AddEmailAsync(electricity, "city-water", "Water SOC", "soc@water.example", "en");
        await NotifyNodes.AddEmailAsync(electricity, null, "Duty Officer", "duty@electricity-ceptoar.example", "en");

        // Who is entitled, stated here (docs/TLP.md): GREEN to the electricity sector reaches tepco (electricity) and not
        // city-water (water); AMBER to electricity-ceptoar reaches its secretariat only, no member by default. AMBER is
        // sealed through the hubs (bank-ceptoar is no peer of electricity-ceptoar).
        var entitled = tlp == Tlp.Green
            ? new Dictionary<string, bool> { ["tepco"] = true, ["city-water"] = false }
            : new Dictionary<string, bool> { ["tepco"] = false, ["city-water"] = false };
        var draft = Drafts.Incident(tlp, "Customer name left in a phishing report");
        draft.Audience = tlp == Tlp.Green ? new Audience { Sectors = { "electricity" } } : new Audience { Nodes = { Electricity } };
        var original = (await mufg.SubmitAsync(Drafts.Request(draft))).ItemId;
        await Until.TrueAsync(async () => await HoldsAsync(electricity, original), Deadline, "electricity-ceptoar holds the report");
        var toldOfOriginal = tlp == Tlp.Green ? 2 : 1;
        await NotifyNodes.AllSentAsync(electricity, original, toldOfOriginal);

        var revoked = await mufg.RevokeAsync(new RevokeRequest { ClientRequestId = "r-1", ItemId = original, Reason = "a customer's name was left in" });
        Assert.False(revoked.Duplicate);
        Assert.Equal(original, revoked.ItemId);

        // Every node either never held it, or holds its tombstone and no body; bank, electricity and a hub held it.
        var holders = new List<string>();
        await Until.TrueAsync(async () =>
        {
            holders.Clear();
            foreach (var id in AllNodes)
            {
                var held = await AdminItemOrNullAsync(_cluster[id], original);
                if (held is null)
                {
                    continue;
                }

                if (held.Withdrawn?.State != "revoked")
                {
                    return false;
                }

                holders.Add(id);
            }

            return true;
        }, Deadline, "every holder keeps the tombstone");
        Assert.Contains(Bank, holders);
        Assert.Contains(Electricity, holders);
        Assert.Contains(holders, h => h is "council" or "nisc");
        foreach (var id in holders)
        {
            var held = (await AdminItemOrNullAsync(_cluster[id], original))!;
            Assert.Equal(revoked.RevocationId, held.Withdrawn.ByItemId);
            Assert.Equal(Bank, held.Withdrawn.OriginNode);
            Assert.Null(held.Item.Body);
            Assert.True(held.EnvelopeBytes.IsEmpty);
            Assert.Equal("", held.Summary.Title);
            var isSealedHub = tlp == Tlp.Amber && id is "council" or "nisc";
            // A hub relaying the sealed revocation learns the withdrawn id (it held that already) and nothing of the reason.
            Assert.Equal(isSealedHub ? "" : "a customer's name was left in", held.Withdrawn.Reason);
            if (isSealedHub)
            {
                var revocationAtHub = await AdminItemOrNullAsync(_cluster[id], revoked.RevocationId);
                Assert.True(revocationAtHub is null || revocationAtHub.Summary.Sealed);
            }
        }

        // Members: the one entitled to the original sees its tombstone and the revocation as an event in its feed; the others see neither.
        foreach (var (member, client) in new[] { ("tepco", tepco), ("city-water", water) })
        {
            var feed = await FeedAsync(client);
            if (entitled[member])
            {
                var tombstone = feed.Single(i => i.Item.Id == original);
                Assert.Equal("revoked", tombstone.Withdrawn.State);
                Assert.Null(tombstone.Item.Body);
                Assert.Null(tombstone.Envelope);
                var revocation = feed.Single(i => i.Item.Id == revoked.RevocationId);
                Assert.Equal(ItemKind.Revocation, revocation.Item.Kind);
                Assert.Equal(original, revocation.Item.Revocation.ItemId);
                Assert.Equal("revoked", (await client.GetAsync(new GetItemRequest { ItemId = original })).Withdrawn.State);
            }
            else
            {
                Assert.DoesNotContain(feed, i => i.Item.Id == original || i.Item.Id == revoked.RevocationId);
                var denied = await Assert.ThrowsAsync<RpcException>(() => client.GetAsync(new GetItemRequest { ItemId = revoked.RevocationId }).ResponseAsync);
                Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
            }
        }

        // People: exactly those told of the original are told of its revocation, and the message names the withdrawn item.
        var told = await NotifyNodes.AllSentAsync(electricity, revoked.RevocationId, toldOfOriginal);
        var expected = tlp == Tlp.Green ? new[] { "Duty Officer", "Tepco SOC" } : ["Duty Officer"];
        Assert.Equal(expected, told.Select(r => r.ContactName).Order(StringComparer.Ordinal));
        var mails = _sink.Received.Where(m => Text(m).Contains(revoked.RevocationId, StringComparison.Ordinal)).ToList();
        Assert.Equal(toldOfOriginal, mails.Count);
        Assert.All(mails, m => Assert.Contains($"The origin withdrew item {original}", Text(m), StringComparison.Ordinal));
        Assert.DoesNotContain(_sink.Received, m => m.Recipients.Contains("soc@water.example"));
        if (tlp == Tlp.Amber)
        {
            // AMBER and above: no title in any message, the revocation's included.
            Assert.All(mails, m => Assert.DoesNotContain("Customer name", Text(m) + m.Message.Subject, StringComparison.Ordinal));
        }

        // The origin's status shows the revocation's own reach with its receipts.
        var status = await bank.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = original });
        Assert.Equal(revoked.RevocationId, status.Withdrawn.ByItemId);
        await Until.TrueAsync(async () => (await bank.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = revoked.RevocationId }))
            .Recipients.Any(r => r.NodeId == Electricity && r.State == "delivered"), Deadline, "the revocation's DELIVERED receipt from electricity-ceptoar");

        // A repeat answers with the first revocation and sends nothing new.
        var again = await mufg.RevokeAsync(new RevokeRequest { ClientRequestId = "r-2", ItemId = original, Reason = "again" });
        Assert.True(again.Duplicate);
        Assert.Equal(revoked.RevocationId, again.RevocationId);
    }

    private static string Text(ReceivedMail mail) => mail.Message.TextBody ?? "";

    private static async Task<bool> HoldsAsync(RunningNode node, string itemId) => await AdminItemOrNullAsync(node, itemId) is not null;

    private static async Task<AdminItem?> AdminItemOrNullAsync(RunningNode node, string itemId)
    {
        try
        {
            return await node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = itemId });
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static async Task<List<MemberItem>> FeedAsync(MemberService.MemberServiceClient member) =>
        [.. (await member.ListAsync(new ListItemsRequest { PageSize = 500 })).Items];
}
