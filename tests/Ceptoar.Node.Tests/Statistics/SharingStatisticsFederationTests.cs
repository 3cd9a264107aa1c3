using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Statistics;

/// <summary>
/// Sharing statistics on a real federation (two hubs and three secretariats of different sectors, mutual TLS on loopback):
/// members of three sectors share items of known kinds and labels, one an exercise, one later withdrawn, one AMBER sealed
/// through the hubs. Each node counts what it holds (docs/CONSOLE.md §5); the hubs count the sealed one from its header
/// only. Only counts leave the door: no title and no member name appears in any output format at any node.
/// </summary>
public sealed class SharingStatisticsFederationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // Distinctive words that exist only in the items' titles and the members' names: none may appear in the statistics.
    private static readonly string[] Secrets =
        ["Quokka", "Narwhal", "Mongoose", "Pangolin", "Axolotl", "Capybara", "zeta-trust", "omega-power", "sigma-city"];

    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, processes: false);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task SharingStatistics_ThreeSectorsTwoHubs_EachNodeCountsWhatItHoldsAndNoContentLeaves()
    {
        var (bank, electricity, localGov) = (_cluster["bank-ceptoar"], _cluster["electricity-ceptoar"], _cluster["local-gov-ceptoar"]);
        var bankKey = await bank.AddMemberWithKeyAsync("zeta-trust-bank", "finance");
        var electricityKey = await electricity.AddMemberWithKeyAsync("omega-power-co", "electricity");
        var localGovKey = await localGov.AddMemberWithKeyAsync("sigma-city-hall", "government");
        var whole = new Audience { WholeFederation = true };

        var green = await SubmitAsync(bank, bankKey, ItemKind.IncidentReport, Tlp.Green, whole, "Quokka ledger outage");
        // AMBER to the electricity sector: bank-ceptoar is no peer of electricity-ceptoar, so it goes sealed through both hubs.
        var amber = await SubmitAsync(bank, bankKey, ItemKind.EarlyWarning, Tlp.Amber, new Audience { Sectors = { "electricity" } }, "Narwhal phishing wave");
        var exercise = await SubmitAsync(bank, bankKey, ItemKind.IncidentReport, Tlp.Green, whole, "Mongoose drill only", exercise: true);
        var withdrawn = await SubmitAsync(bank, bankKey, ItemKind.IncidentReport, Tlp.Green, whole, "Pangolin false alarm");
        var vulnerability = await SubmitAsync(electricity, electricityKey, ItemKind.VulnerabilityInformation, Tlp.Green, whole, "Axolotl firmware flaw");
        var notice = await SubmitAsync(localGov, localGovKey, ItemKind.RelatedInformation, Tlp.Clear, whole, "Capybara counter notice");
        foreach (var hub in TestCluster.Hubs)
        {
            await HoldsAsync(_cluster[hub], green, amber, exercise, withdrawn, vulnerability, notice);
        }

        await HoldsAsync(electricity, green, amber, exercise, withdrawn, notice);
        await HoldsAsync(localGov, green, exercise, withdrawn, vulnerability);
        await HoldsAsync(bank, vulnerability, notice);
        await bank.Admin.RevokeItemAsync(new RevokeItemRequest { ClientRequestId = "stats-revoke", ItemId = withdrawn, Reason = "false alarm", StaffName = "sato" });
        foreach (var node in _cluster.Nodes.Values)
        {
            await WithdrawnAsync(node, withdrawn);
        }

        var atBank = await bank.Admin.SharingStatisticsAsync(new SharingStatisticsRequest());
        var atElectricity = await electricity.Admin.SharingStatisticsAsync(new SharingStatisticsRequest());
        var atCouncil = await _cluster["council"].Admin.SharingStatisticsAsync(new SharingStatisticsRequest());
        var atNisc = await _cluster["nisc"].Admin.SharingStatisticsAsync(new SharingStatisticsRequest());

        // (sector, sent, received, withdrawn, sealed only), from the items above, as each node holds them.
        Assert.Equal([("finance", 3ul, 0ul, 1ul, 0ul), ("electricity", 0ul, 1ul, 0ul, 0ul), ("government", 0ul, 1ul, 0ul, 0ul)], Active(atBank));
        Assert.Equal([("finance", 0ul, 3ul, 1ul, 0ul), ("electricity", 1ul, 0ul, 0ul, 0ul), ("government", 0ul, 1ul, 0ul, 0ul)], Active(atElectricity));
        foreach (var hub in new[] { atCouncil, atNisc })
        {
            Assert.Equal([("finance", 0ul, 3ul, 1ul, 1ul), ("electricity", 0ul, 1ul, 0ul, 0ul), ("government", 0ul, 1ul, 0ul, 0ul)], Active(hub));
            Assert.Equal((0ul, 5ul, 1ul, 1ul), (hub.Sent, hub.Received, hub.Withdrawn, hub.SealedOnly));
        }

        // The exercise is left out everywhere it is held; the withdrawal is itself a node-made item where it is held.
        Assert.All(new[] { atBank, atElectricity, atCouncil, atNisc }, s => Assert.Equal((1ul, 1ul, 0ul), (s.ExercisesLeftOut, s.NodeKindsLeftOut, s.HeldLeftOut)));
        Assert.Equal(13, atBank.Gaps.Count);
        Assert.Equal(3ul, atBank.Gaps.Single(g => g.Sector == "finance").Items);

        var byKindAtCouncil = await _cluster["council"].Admin.SharingStatisticsAsync(new SharingStatisticsRequest { GroupBy = "kind" });
        Assert.Equal((0ul, 2ul), Figures(byKindAtCouncil, "incident-report"));
        Assert.Equal((0ul, 1ul), Figures(byKindAtCouncil, "early-warning"));
        var byLabelAtBank = await bank.Admin.SharingStatisticsAsync(new SharingStatisticsRequest { GroupBy = "label", Direction = "sent" });
        Assert.Equal([("CLEAR", 0ul, 0ul), ("GREEN", 2ul, 0ul), ("AMBER", 1ul, 0ul), ("AMBER+STRICT", 0ul, 0ul), ("RED", 0ul, 0ul)],
            byLabelAtBank.Rows.Select(r => (r.Key, r.Sent, r.Received)));
        var byNodeAtElectricity = await electricity.Admin.SharingStatisticsAsync(new SharingStatisticsRequest { GroupBy = "ceptoar", Direction = "received" });
        Assert.Equal([("bank-ceptoar", 3ul), ("council", 0ul), ("electricity-ceptoar", 0ul), ("local-gov-ceptoar", 1ul), ("nisc", 0ul)],
            byNodeAtElectricity.Rows.Select(r => (r.Key, r.Received)));

        await NoContentLeavesAsync();
    }

    /// <summary>Every output format at every node, in both languages: figures only.</summary>
    private async Task NoContentLeavesAsync()
    {
        foreach (var node in _cluster.Nodes.Values)
        {
            foreach (var by in new[] { "sector", "ceptoar", "kind", "label", "month" })
            {
                var direct = (await node.Admin.SharingStatisticsAsync(new SharingStatisticsRequest { GroupBy = by })).ToString();
                Assert.DoesNotContain(Secrets, s => direct.Contains(s, StringComparison.OrdinalIgnoreCase));
                foreach (var format in new[] { "table", "csv", "json" })
                {
                    foreach (var lang in new[] { "en", "ja" })
                    {
                        var (code, output, error) = await CliAsync(node, "stats", "sharing", "--by", by, "--format", format, "--lang", lang);
                        Assert.True(code == 0, error);
                        Assert.DoesNotContain(Secrets, s => output.Contains(s, StringComparison.OrdinalIgnoreCase));
                    }
                }
            }
        }
    }

    private static IEnumerable<(string, ulong, ulong, ulong, ulong)> Active(SharingStatisticsResponse stats) =>
        stats.Rows.Where(r => r.Sent + r.Received > 0).Select(r => (r.Key, r.Sent, r.Received, r.Withdrawn, r.SealedOnly));

    private static (ulong Sent, ulong Received) Figures(SharingStatisticsResponse stats, string key) =>
        stats.Rows.Single(r => r.Key == key) is var row ? (row.Sent, row.Received) : default;

    private static async Task<string> SubmitAsync(RunningNode node, string key, ItemKind kind, Tlp tlp, Audience audience, string title, bool exercise = false)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Kind = kind;
        draft.Audience = audience;
        draft.Exercise = exercise;
        return (await node.Member(key).SubmitAsync(Drafts.Request(draft))).ItemId;
    }

    private static Task HoldsAsync(RunningNode node, params string[] itemIds) =>
        Until.TrueAsync(async () =>
        {
            var listed = await node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 200 });
            return itemIds.All(id => listed.Items.Any(i => i.ItemId == id));
        }, Deadline, $"{node.Ready.NodeId} holds {string.Join(", ", itemIds)}");

    private static Task WithdrawnAsync(RunningNode node, string itemId) =>
        Until.TrueAsync(async () =>
        {
            var listed = await node.Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 200 });
            return listed.Items.Any(i => i.ItemId == itemId && i.Withdrawn is not null);
        }, Deadline, $"{node.Ready.NodeId} holds {itemId} as withdrawn");

    private static async Task<(int Code, string Output, string Error)> CliAsync(RunningNode node, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
