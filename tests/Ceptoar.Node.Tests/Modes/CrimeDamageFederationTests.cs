using Ceptoar.Federation.V1;
using Google.Rpc;
using Grpc.Core;
using static Ceptoar.Node.Tests.Modes.ActorsCluster;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// Crime-damage reports (docs/MODES.md §3) on real nodes: voluntary, only to the incident-handling node, never copied,
/// sealed on every link so the hubs hold only ciphertext, and seen by no member but the reporter.
/// </summary>
[Collection("actors")]
public sealed class CrimeDamageFederationTests(ActorsCluster actors)
{
    private static ItemDraft CrimeDamage(Tlp tlp, string title)
    {
        var draft = Drafts.Incident(tlp, title);
        draft.Kind = ItemKind.CrimeDamage;
        draft.Voluntary = true;
        draft.Audience = new Audience { Roles = { "incident-handling" } };
        draft.AcceptCopies = true;
        return draft;
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    public async Task Submit_CrimeDamage_OnlyTheIncidentHandlingNodeReadsIt_HubsHoldCiphertext_NoOtherMemberSeesIt(Tlp tlp)
    {
        var answer = await actors.Members["mizuho-bank"].SubmitAsync(Drafts.Request(CrimeDamage(tlp, $"被害届 {tlp}")));

        Assert.Equal([Police], answer.AddressedNodes);
        Assert.Empty(answer.Copies);
        // bank-ceptoar's rule copies every report up; a crime-damage report is the exception, and the member is told.
        Assert.Equal(["nisc:crime_damage", "sector-ministry:crime_damage"], answer.RefusedCopies.Select(r => $"{r.Target}:{r.Code}"));

        // Who may hold it, stated here: the origin and the police in clear; the hubs only sealed; nobody else.
        await actors.WaitHeldAsync(Police, answer.ItemId, isSealed: false);
        await actors.WaitHeldAsync(Council, answer.ItemId, isSealed: true);
        await actors.WaitHeldAsync(Nisc, answer.ItemId, isSealed: true);
        foreach (var node in new[] { Electricity, Fsa, Meti })
        {
            Assert.False((await actors.StoredAsync(node)).ContainsKey(answer.ItemId), $"{node} holds the crime-damage report");
        }

        Assert.False((await actors.StoredAsync(Bank))[answer.ItemId]);
        var atPolice = await actors.Cluster[Police].Admin.GetItemAsync(new AdminGetItemRequest { ItemId = answer.ItemId });
        Assert.True(atPolice.Item.Voluntary);
        Assert.Equal(["incident-handling"], atPolice.Item.Audience.Roles);

        foreach (var member in MemberNodes.Keys)
        {
            Assert.True((member == "mizuho-bank") == (await actors.FeedAsync(member)).Contains(answer.ItemId), $"{member}'s feed");
        }
    }

    [Fact]
    public async Task Submit_CrimeDamageNotVoluntary_InvalidArgumentOnVoluntaryInJapanese_NothingStored()
    {
        var draft = CrimeDamage(Tlp.Green, "任意でない通報");
        draft.Voluntary = false;

        var error = await Assert.ThrowsAsync<RpcException>(() => actors.Members["mizuho-bank"].SubmitAsync(Drafts.Request(draft), Japanese()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("draft.voluntary", violation.Field);
        Assert.Equal("犯罪被害等の通報は自らの判断で行うものです: voluntary を true にしてください", violation.Description);
    }

    [Theory]
    [InlineData("sectors", "draft.audience.sectors")]
    [InlineData("role nisc", "draft.audience.roles[1]")]
    [InlineData("whole", "draft.audience.whole_federation")]
    public async Task Submit_CrimeDamageAddressedElsewhere_InvalidArgumentNamingTheField(string where, string field)
    {
        var draft = CrimeDamage(Tlp.Green, "宛先の誤り");
        switch (where)
        {
            case "sectors": draft.Audience.Sectors.Add("finance"); break;
            case "role nisc": draft.Audience.Roles.Add("nisc"); break;
            default: draft.Audience.WholeFederation = true; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => actors.Members["mizuho-bank"].SubmitAsync(Drafts.Request(draft)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(error.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == field && v.Description.Contains("incident-handling", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Fsa)]
    [InlineData(Nisc)]
    [InlineData("no-such-node")]
    public async Task Submit_CrimeDamageToANodeNotIncidentHandling_FailedPreconditionNamingTheNode_Audited(string node)
    {
        var draft = CrimeDamage(Tlp.Green, "宛先ノードの誤り");
        draft.Audience = new Audience { Nodes = { node } };
        var before = (await actors.Cluster[Bank].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Count;

        var error = await Assert.ThrowsAsync<RpcException>(() => actors.Members["mizuho-bank"].SubmitAsync(Drafts.Request(draft)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains($"Node '{node}' is not known to this node as an incident-handling node", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, (await actors.Cluster[Bank].Admin.ListItemsAsync(new AdminListItemsRequest { PageSize = 500 })).Items.Count);
        var audit = await actors.Cluster[Bank].Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Outcome == "rejected" && e.Detail == $"crime-damage report names {node}, not an incident-handling node");
    }

    [Fact]
    public async Task Submit_CrimeDamageToTheNamedPoliceNode_Delivered()
    {
        var draft = CrimeDamage(Tlp.Red, "名指しの通報");
        draft.Audience = new Audience { Nodes = { Police } };

        var answer = await actors.Members["mizuho-bank"].SubmitAsync(Drafts.Request(draft));

        Assert.Equal([Police], answer.AddressedNodes);
        await actors.WaitHeldAsync(Police, answer.ItemId, isSealed: false);
    }
}
