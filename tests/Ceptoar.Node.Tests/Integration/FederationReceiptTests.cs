using Ceptoar.Federation.V1;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Receipts for items that arrive together: electricity-ceptoar's port is closed while a bank member submits several
/// GREEN items, so the hubs hand them over in one batch once it is back. electricity-ceptoar signs one DELIVERED receipt
/// for that batch, a hub relays it, and the origin still knows, item by item, that electricity-ceptoar has each.
/// </summary>
public sealed class FederationReceiptTests : IAsyncLifetime
{
    private const string Returning = "electricity-ceptoar";
    private const int Items = 12;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await TestCluster.StartBehindProxyAsync(_dir.Path, Returning);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SeveralItemsInOneBatch_OneReceiptRelayedByAHub_OriginShowsEachItemDeliveredAtEveryRecipient()
    {
        var bank = _cluster["bank-ceptoar"];
        var member = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        await _cluster.Proxy!.CutOffAsync();

        var ids = new List<string>();
        for (var i = 0; i < Items; i++)
        {
            var draft = Drafts.Incident(Tlp.Green, $"Batched receipt item {i}");
            draft.Audience = new Audience { WholeFederation = true };
            ids.Add((await member.SubmitAsync(Drafts.Request(draft))).ItemId);
        }

        // Stored at a hub means queued there for electricity-ceptoar (the same transaction): the backlog is complete.
        foreach (var hub in TestCluster.Hubs)
        {
            await Until.TrueAsync(async () =>
            {
                var held = (await _cluster[hub].Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Select(i => i.ItemId).ToHashSet();
                return ids.All(held.Contains);
            }, Deadline, $"{hub} holds all {Items} items");
        }

        _cluster.Proxy!.Restore();
        var recipients = new[] { "council", "nisc", Returning, "local-gov-ceptoar" };
        foreach (var id in ids)
        {
            await Until.TrueAsync(async () =>
            {
                var status = await bank.Admin.GetItemStatusAsync(new GetItemStatusRequest { ItemId = id });
                return recipients.All(n => status.Recipients.Any(r => r.NodeId == n && r.State == "delivered" && r.DeliveredAt is not null));
            }, Deadline, $"the origin shows item {id} delivered at {string.Join(", ", recipients)}");
        }

        // The backlog crossed in batches, so a hub relayed a receipt from electricity-ceptoar naming several of the items.
        var relayed = TestCluster.Hubs.SelectMany(RelayedReceiptKeys)
            .Where(k => k.Contains($":{Returning}:delivered", StringComparison.Ordinal)).Distinct().ToList();
        var batched = relayed.Select(k => k.Split(':')[1].Split('+')).Where(p => p.Length == 2).ToList();
        Assert.Contains(batched, p => ids.Contains(p[0]) && int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(relayed.Count < Items, $"{relayed.Count} receipts from {Returning} for {Items} items: {string.Join(", ", relayed)}");
    }

    /// <summary>The keys of the receipts a hub relayed, read from its database (a second reader beside the running node).</summary>
    private IReadOnlyList<string> RelayedReceiptKeys(string hub)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_cluster.DataDir(hub), "node.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT dedup_key FROM relayed_receipts";
        using var reader = command.ExecuteReader();
        var keys = new List<string>();
        while (reader.Read())
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
