using Ceptoar.Federation.V1;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Five real nodes (two hubs, three secretariats) on loopback with mutual TLS: what travels where, and what does not.</summary>
public sealed class FederationTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;
    private readonly Dictionary<string, MemberService.MemberServiceClient> _members = new();

    public async Task InitializeAsync()
    {
        _cluster = await TestCluster.StartAsync(_dir.Path, processes: true);
        _members["mizuho-bank"] = _cluster["bank-ceptoar"].Member(await _cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank", "finance"));
        _members["tepco"] = _cluster["electricity-ceptoar"].Member(await _cluster["electricity-ceptoar"].AddMemberWithKeyAsync("tepco", "electricity"));
        _members["tokyo-metropolis"] = _cluster["local-gov-ceptoar"].Member(await _cluster["local-gov-ceptoar"].AddMemberWithKeyAsync("tokyo-metropolis", "government"));
        _members["council-observer"] = _cluster["council"].Member(await _cluster["council"].AddMemberWithKeyAsync("council-observer", "government"));
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Green_FromABankMember_ReachesMembersOfEverySecretariatThroughTheHubs_SignatureVerifiedEverywhere()
    {
        var draft = Drafts.Incident(Tlp.Green, "Phishing campaign impersonating the FSA");
        draft.Audience = new Audience { WholeFederation = true };
        var submitted = await _members["mizuho-bank"].SubmitAsync(Drafts.Request(draft));

        foreach (var member in new[] { "tepco", "tokyo-metropolis" })
        {
            await Until.TrueAsync(async () => (await _members[member].ListAsync(new ListItemsRequest())).Items.Any(i => i.Item.Id == submitted.ItemId),
                TimeSpan.FromSeconds(30), $"{member} sees the GREEN item");
        }

        foreach (var nodeId in TestCluster.Secretariats.Concat(TestCluster.Hubs))
        {
            var copy = await _cluster[nodeId].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = submitted.ItemId });
            Assert.True(copy.Verification.Valid, $"{nodeId}: {copy.Verification.Problem}");
            Assert.Equal("bank-ceptoar", copy.Verification.SignerNode);
            Assert.Equal("Phishing campaign impersonating the FSA", copy.Item.Body.Title);
        }

        // Every addressed node reports back to the origin.
        await Until.TrueAsync(async () =>
        {
            var status = await _cluster["bank-ceptoar"].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = submitted.ItemId });
            return new[] { "council", "nisc", "electricity-ceptoar", "local-gov-ceptoar" }
                .All(n => status.Recipients.Any(r => r.NodeId == n && r.State == "delivered"));
        }, TimeSpan.FromSeconds(30), "delivered receipts from all four nodes");

        await _members["tepco"].AcknowledgeAsync(new AcknowledgeRequest { ItemId = submitted.ItemId });
        await Until.TrueAsync(async () =>
        {
            var status = await _cluster["bank-ceptoar"].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = submitted.ItemId });
            // electricity-ceptoar shares counts only (Receipts:ShareMemberIdentity defaults to count): a member, not which.
            return status.Recipients.Any(r => r.NodeId == "electricity-ceptoar" && r.State == "acknowledged" && r.AcknowledgedBy == "member");
        }, TimeSpan.FromSeconds(30), "acknowledged receipt from electricity-ceptoar");
    }

    [Fact]
    public async Task Amber_ToOneSector_OnlyThatNodeReadsIt_HubsHoldOnlyCiphertext_NoMemberSeesIt()
    {
        const string Marker = "AMBER-MARKER-7f3a substation control network";
        var draft = Drafts.Incident(Tlp.Amber, Marker);
        draft.Audience = new Audience { Sectors = { "electricity" } };
        draft.Body.Summary = Marker + " summary";
        var submitted = await _members["mizuho-bank"].SubmitAsync(Drafts.Request(draft));

        await Until.TrueAsync(async () =>
        {
            var status = await _cluster["bank-ceptoar"].Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = submitted.ItemId });
            return status.Recipients.Any(r => r.NodeId == "electricity-ceptoar" && r.State == "delivered");
        }, TimeSpan.FromSeconds(30), "electricity-ceptoar received the AMBER item");

        var atElectricity = await _cluster["electricity-ceptoar"].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = submitted.ItemId });
        Assert.Equal(Marker, atElectricity.Item.Body.Title);
        Assert.True(atElectricity.Verification.Valid, atElectricity.Verification.Problem);
        Assert.DoesNotContain((await _members["tepco"].ListAsync(new ListItemsRequest())).Items, i => i.Item.Id == submitted.ItemId);

        var atLocalGov = await _cluster["local-gov-ceptoar"].Admin.ListItemsAsync(new AdminListItemsRequest());
        Assert.DoesNotContain(atLocalGov.Items, i => i.ItemId == submitted.ItemId);

        foreach (var hub in TestCluster.Hubs)
        {
            await Until.TrueAsync(async () => (await _cluster[hub].Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Any(i => i.ItemId == submitted.ItemId),
                TimeSpan.FromSeconds(30), $"{hub} relayed the sealed item");
            var atHub = await _cluster[hub].Admin.ListItemsAsync(new AdminListItemsRequest());
            // Both hubs list electricity-ceptoar as their peer, so the origin relays through both: each holds the ciphertext.
            var copy = atHub.Items.Single(i => i.ItemId == submitted.ItemId);
            Assert.Equal("", copy.Title);
            Assert.True(copy.Sealed);
            var sealedCopy = await _cluster[hub].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = submitted.ItemId });
            Assert.True(sealedCopy.Verification.Valid, sealedCopy.Verification.Problem);
            Assert.Equal("bank-ceptoar", sealedCopy.Verification.SignerNode);
            Assert.Null(sealedCopy.Item);

            AssertNoPlaintext(hub, "AMBER-MARKER-7f3a");
        }
    }

    [Fact]
    public async Task AmberStrict_ToTheCouncil_StoredThereOnly_ReachesNoMember()
    {
        var draft = Drafts.Incident(Tlp.AmberStrict, "Suspected insider at a clearing house");
        var submitted = await _members["mizuho-bank"].SubmitAsync(Drafts.Request(draft));

        await Until.TrueAsync(async () =>
            (await _cluster["council"].Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Any(i => i.ItemId == submitted.ItemId),
            TimeSpan.FromSeconds(30), "council stored the AMBER+STRICT item");

        foreach (var member in _members.Where(m => m.Key != "mizuho-bank"))
        {
            Assert.DoesNotContain((await member.Value.ListAsync(new ListItemsRequest())).Items, i => i.Item.Id == submitted.ItemId);
        }

        foreach (var nodeId in TestCluster.Secretariats.Where(s => s != "bank-ceptoar").Append("nisc"))
        {
            Assert.DoesNotContain((await _cluster[nodeId].Admin.ListItemsAsync(new AdminListItemsRequest())).Items, i => i.ItemId == submitted.ItemId);
        }
    }

    /// <summary>Reads the hub's database file and logs as bytes: the marker must not be there in any form.</summary>
    private void AssertNoPlaintext(string nodeId, string marker)
    {
        var dataDir = _cluster.DataDir(nodeId);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "node.db")};Pooling=False"))
        {
            // Fold the WAL in so the check reads one file.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(FULL)";
            command.ExecuteNonQuery();
        }

        var needle = System.Text.Encoding.UTF8.GetBytes(marker);
        foreach (var file in Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sock", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal)))
        {
            byte[] bytes;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                bytes = new byte[stream.Length];
                stream.ReadExactly(bytes);
            }

            Assert.True(bytes.AsSpan().IndexOf(needle) < 0, $"{nodeId} holds the plaintext in {Path.GetFileName(file)}");
        }
    }
}
