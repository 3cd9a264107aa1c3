using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Each secretariat's handling rules on real nodes: what leaves the node, when, and who of its members sees what.</summary>
public sealed class RulesFederationTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _dir = new();
    private TestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(_dir.Path, processes: false);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task StripAttributionRule_TheReportingMemberIsNamedNowhereElse_CheckedInTheReceivingDatabase()
    {
        var bank = _cluster["bank-ceptoar"];
        var control = bank.Member(await bank.AddMemberWithKeyAsync("control-bank", "finance"));
        var stripped = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        await ApplyRulesAsync("bank-ceptoar", """
            rule anonymous-mizuho
              when direction=submitted member=mizuho-bank
              then attribution=strip
            """);

        var named = await stripped.SubmitAsync(Drafts.Request(Attributed("named by its origin's policy")));
        var anonymous = (await control.SubmitAsync(Drafts.Request(Attributed("control: attribution allowed")))).ItemId;
        await WaitForAsync("council", anonymous, named.ItemId);

        var atCouncil = await _cluster["council"].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = named.ItemId });
        Assert.Null(atCouncil.Item.SubmittedBy);
        var controlAtCouncil = await _cluster["council"].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = anonymous });
        Assert.Equal("control-bank", controlAtCouncil.Item.SubmittedBy.MemberId);
        Assert.False(FileContains(_cluster.DataDir("council"), "mizuho-bank"), "the council's store names the stripped member");
        Assert.True(FileContains(_cluster.DataDir("council"), "control-bank"), "the control shows the check can see a name");
    }

    [Fact]
    public async Task HoldRule_ItemLeavesOnlyAfterApproval_ARejectedOneNever_TheMemberSeesWhy()
    {
        var bank = _cluster["bank-ceptoar"];
        var author = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var colleague = bank.Member(await bank.AddMemberWithKeyAsync("mufg-bank", "finance"));
        await ApplyRulesAsync("bank-ceptoar", """
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        using var feed = colleague.Subscribe(new SubscribeRequest(), deadline: DateTime.UtcNow.AddMinutes(2));

        var toApprove = await author.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "held then approved")));
        var toReject = await author.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "held then rejected")));
        Assert.Equal("held", toApprove.Status);
        var marker = Warning("not held: passes the held ones on the same link");
        var passing = await author.SubmitAsync(Drafts.Request(marker));
        Assert.Equal("accepted", passing.Status);
        await WaitForAsync("council", passing.ItemId);
        await AssertNotAtAsync("council", toApprove.ItemId, toReject.ItemId);
        Assert.Equal("held", (await author.GetAsync(new GetItemRequest { ItemId = toApprove.ItemId })).SubmissionStatus);

        await bank.Admin.ApproveHeldAsync(new ApproveHeldRequest { ItemId = toApprove.ItemId, Note = "checked" });
        await bank.Admin.RejectHeldAsync(new RejectHeldRequest { ItemId = toReject.ItemId, Reason = "names a customer; resubmit without it" });
        await WaitForAsync("council", toApprove.ItemId);
        var after = await author.SubmitAsync(Drafts.Request(Warning("after the decisions")));
        await WaitForAsync("council", after.ItemId);
        await AssertNotAtAsync("council", toReject.ItemId);

        var rejected = await author.GetAsync(new GetItemRequest { ItemId = toReject.ItemId });
        Assert.Equal("rejected", rejected.SubmissionStatus);
        Assert.Equal("names a customer; resubmit without it", rejected.SubmissionReason);
        Assert.Equal("approved", (await author.GetAsync(new GetItemRequest { ItemId = toApprove.ItemId })).SubmissionStatus);

        // The colleague's live feed got the passing item, then the approved one (published again at the end), never the rejected one.
        var seen = new List<string>();
        while (seen.Count < 3 && await feed.ResponseStream.MoveNext(CancellationToken.None))
        {
            seen.Add(feed.ResponseStream.Current.Item.Id);
        }

        Assert.Equal([passing.ItemId, toApprove.ItemId, after.ItemId], seen);
    }

    [Fact]
    public async Task DeliverByTagRule_AmberReachesOnlyMembersWithTheTag()
    {
        var electricity = _cluster["electricity-ceptoar"];
        var tepco = electricity.Member(await electricity.AddMemberWithKeyAsync("tepco", "electricity", "control-systems"));
        var kansai = electricity.Member(await electricity.AddMemberWithKeyAsync("kansai-electric", "electricity", "region:kansai"));
        await ApplyRulesAsync("electricity-ceptoar", """
            rule amber-to-control-system-operators
              when direction=received label=amber
              then deliver=tag:control-systems
            """);
        var bank = _cluster["bank-ceptoar"];
        var author = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var draft = Drafts.Incident(Tlp.Amber, "Malware aimed at substation controllers");
        draft.Audience = new Audience { Sectors = { "electricity" } };

        var submitted = await author.SubmitAsync(Drafts.Request(draft));

        await Until.TrueAsync(async () => (await tepco.ListAsync(new ListItemsRequest())).Items.Any(i => i.Item.Id == submitted.ItemId), Deadline, "tepco sees the AMBER item");
        Assert.DoesNotContain((await kansai.ListAsync(new ListItemsRequest())).Items, i => i.Item.Id == submitted.ItemId);
    }

    [Fact]
    public async Task RulesTest_DryRunOfADraft_PredictsWhatThenHappensToTheSubmission()
    {
        var bank = _cluster["bank-ceptoar"];
        var author = bank.Member(await bank.AddMemberWithKeyAsync("mizuho-bank", "finance"));
        await ApplyRulesAsync("bank-ceptoar", """
            rule bank-incidents-amber-and-anonymous
              when direction=submitted sector=finance kind=incident-report
              then raise=amber attribution=strip
            """);
        var draft = Attributed("raised and anonymised by the secretariat's rule");
        draft.Audience = new Audience { Nodes = { "council" } };

        var predicted = await bank.Admin.TestRulesAsync(new TestRulesRequest { Draft = draft, MemberId = "mizuho-bank" });
        var submitted = await author.SubmitAsync(Drafts.Request(draft));
        await WaitForAsync("council", submitted.ItemId);
        var atCouncil = await _cluster["council"].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = submitted.ItemId });

        Assert.Equal("bank-incidents-amber-and-anonymous", predicted.FiredRule);
        Assert.Equal(predicted.Label, atCouncil.Item.Tlp);
        Assert.Equal(Tlp.Amber, atCouncil.Item.Tlp);
        Assert.Equal(predicted.AttributionStripped, atCouncil.Item.SubmittedBy is null);
        Assert.True(predicted.AttributionStripped);
        Assert.Equal(predicted.Held ? "held" : "accepted", submitted.Status);
        // AMBER to the council only: no other node may hold it.
        await AssertNotAtAsync("electricity-ceptoar", submitted.ItemId);
    }

    private async Task ApplyRulesAsync(string nodeId, string text)
    {
        var (rules, errors) = RuleFile.Parse(text);
        Assert.True(rules is not null, string.Join("; ", errors));
        var active = ((TestNode)_cluster[nodeId]).Services.GetRequiredService<ActiveRules>();
        Assert.True(await active.ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None));
    }

    private static ItemDraft Attributed(string title)
    {
        var draft = Drafts.Incident(Tlp.Green, title);
        draft.Handling = new HandlingPolicy { Attribution = Attribution.May };
        return draft;
    }

    private static ItemDraft Warning(string title)
    {
        var draft = Drafts.Incident(Tlp.Green, title);
        draft.Kind = ItemKind.EarlyWarning;
        return draft;
    }

    private async Task WaitForAsync(string nodeId, params string[] itemIds) =>
        await Until.TrueAsync(async () =>
        {
            var held = (await _cluster[nodeId].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Select(i => i.ItemId).ToHashSet();
            return itemIds.All(held.Contains);
        }, Deadline, $"{nodeId} holds {string.Join(", ", itemIds)}");

    private async Task AssertNotAtAsync(string nodeId, params string[] itemIds)
    {
        var held = (await _cluster[nodeId].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Select(i => i.ItemId).ToHashSet();
        Assert.DoesNotContain(itemIds, held.Contains);
    }

    private static bool FileContains(string dataDir, string text)
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "node.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(FULL)";
            command.ExecuteNonQuery();
        }

        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        return Directory.GetFiles(dataDir).Where(f => f.Contains("node.db", StringComparison.Ordinal)).Any(file =>
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes.AsSpan().IndexOf(needle) >= 0;
        });
    }
}
