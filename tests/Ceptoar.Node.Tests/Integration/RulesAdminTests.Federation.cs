using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>The dry run on items received from peers: read in clear at a recipient, seen by its routing header alone at a hub.</summary>
public sealed partial class RulesAdminTests
{
    [Fact]
    public async Task TestRules_ReceivedItems_ClearCopyByItsContentAndOriginSector_SealedCopyByItsHeader()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Combine("cluster"), processes: false);
        await cluster["electricity-ceptoar"].Admin.ImportRulesAsync(new ImportRulesRequest
        {
            Text = "rule from-banks\n  when direction=received sector=finance\n  then deliver=sector:electricity\n",
        });
        await cluster["council"].Admin.ImportRulesAsync(new ImportRulesRequest
        {
            Text = "rule incidents\n  when kind=incident-report\n  then hold=yes\n\nrule sealed-amber\n  when direction=received label=amber origin=bank-ceptoar\n  then retain=30d\n",
        });
        var bank = cluster["bank-ceptoar"].Member(await cluster["bank-ceptoar"].AddMemberWithKeyAsync("mizuho-bank", "finance"));
        var greenDraft = Drafts.Incident(Tlp.Green);
        greenDraft.Audience = new Audience { WholeFederation = true };
        var green = await bank.SubmitAsync(Drafts.Request(greenDraft));
        var amberDraft = Drafts.Incident(Tlp.Amber);
        amberDraft.Audience = new Audience { Sectors = { "electricity" } };
        var amber = await bank.SubmitAsync(Drafts.Request(amberDraft));
        await WaitForItemAsync(cluster["electricity-ceptoar"], green.ItemId);
        await WaitForItemAsync(cluster["council"], amber.ItemId);

        var clear = await cluster["electricity-ceptoar"].Admin.TestRulesAsync(new TestRulesRequest { ItemId = green.ItemId, FromPeer = "council" });
        var sealedCopy = await cluster["council"].Admin.TestRulesAsync(new TestRulesRequest { ItemId = amber.ItemId });

        Assert.Equal("from-banks", clear.FiredRule);
        Assert.Contains("direction=received", clear.Explanation);
        Assert.Contains("sector=finance", clear.Explanation);
        Assert.Equal("members of sector electricity", clear.Delivery);
        Assert.Equal("sealed-amber", sealedCopy.FiredRule);
        var lines = sealedCopy.Explanation.Split('\n');
        Assert.StartsWith("sealed: this node relays the item without reading it", lines[0]);
        Assert.StartsWith("rule incidents: no match, kind:", lines[1]);
        Assert.Equal((Tlp.Amber, 30u, false), (sealedCopy.Label, sealedCopy.RetentionDays, sealedCopy.Held));
    }

    [Fact]
    public async Task ImportRules_NodeKnownOnlyByItsVerifiedDescriptor_Accepted_AnUnknownNodeRefused()
    {
        await using var cluster = await TestCluster.StartAsync(_dir.Combine("cluster"), processes: false);
        var electricity = cluster["electricity-ceptoar"];
        // Not a peer of electricity-ceptoar: it knows local-gov-ceptoar only from the descriptor the hubs passed on.
        Assert.DoesNotContain("local-gov-ceptoar", (await electricity.Admin.ListPeersAsync(new ListPeersRequest())).Peers.Select(p => p.NodeId));

        var imported = await electricity.Admin.ImportRulesAsync(new ImportRulesRequest { Text = "rule local-gov\n  when origin=local-gov-ceptoar\n  then hold=yes\n" });
        var error = await Assert.ThrowsAsync<RpcException>(() => electricity.Admin.ImportRulesAsync(new ImportRulesRequest
        {
            Text = "rule local-gov\n  when origin=local-gov-ceptor\n  then hold=yes\n",
        }).ResponseAsync);

        Assert.Equal(["local-gov"], Names(imported));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("rule 'local-gov' names node 'local-gov-ceptor' (did you mean 'local-gov-ceptoar'?)", Assert.Single(Violations(error)).Description);
    }

    private static Task WaitForItemAsync(RunningNode node, string itemId) =>
        Until.TrueAsync(async () => (await node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items.Any(i => i.ItemId == itemId),
            TimeSpan.FromSeconds(30), $"{node.Ready.NodeId} holds item {itemId}");
}
