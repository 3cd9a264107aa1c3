using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>A new rule may name only members this node has and nodes it knows: a typo must not quietly reach no one.</summary>
public sealed partial class RulesAdminTests
{
    // This node (bank-ceptoar) gets the member mizuho-bank and the peer council; anything else is unknown to it.
    public static TheoryData<string, string, string> UnknownIds => new()
    {
        { "rule typo\n  when direction=submitted member=mizuho-bnk\n  then hold=yes\n", "mizuho-bnk", "ceptoar-admin members add mizuho-bnk" },
        { "rule typo\n  when label=green\n  then deliver=member:nobody\n", "nobody", "ceptoar-admin members add nobody" },
        { "rule typo\n  when origin=councl\n  then hold=yes\n", "councl", "ceptoar-admin peers add councl" },
        { "rule typo\n  when direction=received from=nisc\n  then hold=yes\n", "nisc", "ceptoar-admin peers add nisc" },
        { "rule typo\n  when label=green\n  then forward=peer:council,peer:nsic\n", "nsic", "ceptoar-admin peers add nsic" },
    };

    [Theory]
    [MemberData(nameof(UnknownIds))]
    public async Task AddRule_NamesAMemberOrNodeThisNodeDoesNotHave_InvalidArgumentAtTheIdNamingTheRuleAndWhatToDo(string text, string id, string whatToDo)
    {
        await KnowMizuhoBankAndCouncilAsync();
        var before = await _node.Admin.ListRulesAsync(new ListRulesRequest());

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest { Text = text }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(Violations(error));
        var lines = text.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains(id, StringComparison.Ordinal));
        Assert.Equal($"line {at + 1}, column {lines[at].IndexOf(id, StringComparison.Ordinal) + 1}", violation.Field);
        Assert.Contains("rule 'typo' names", violation.Description);
        Assert.Contains($"'{id}'", violation.Description);
        Assert.Contains(whatToDo, violation.Description);
        Assert.Equal(before, await _node.Admin.ListRulesAsync(new ListRulesRequest()));
    }

    [Fact]
    public async Task AddRule_MisspeltMember_SuggestsTheMemberItResembles()
    {
        await KnowMizuhoBankAndCouncilAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.AddRuleAsync(new AddRuleRequest
        {
            Text = "rule typo\n  when direction=submitted member=mizuho-bnk\n  then hold=yes\n",
        }).ResponseAsync);

        Assert.Contains("'mizuho-bnk' (did you mean 'mizuho-bank'?)", Assert.Single(Violations(error)).Description);
    }

    [Fact]
    public async Task ImportRules_EveryIdKnown_Accepted_OneUnknownId_NothingImported()
    {
        await KnowMizuhoBankAndCouncilAsync();
        const string Known = "rule known\n  when origin=bank-ceptoar,council member=mizuho-bank\n  then deliver=member:mizuho-bank forward=peer:council\n"
            + "\nrule from-council\n  when from=council\n  then hold=yes\n";

        var imported = await _node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = Known });
        var error = await Assert.ThrowsAsync<RpcException>(() => _node.Admin.ImportRulesAsync(new ImportRulesRequest
        {
            Text = Known.Replace("deliver=member:mizuho-bank", "deliver=member:mizuho-bank,member:nobody", StringComparison.Ordinal),
        }).ResponseAsync);

        Assert.Equal(["known", "from-council"], Names(imported));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(Violations(error));
        Assert.Equal($"line 3, column {"  then deliver=member:mizuho-bank,member:".Length + 1}", violation.Field);
        Assert.Contains("rule 'known' names member 'nobody'", violation.Description);
        Assert.Equal(imported, await _node.Admin.ListRulesAsync(new ListRulesRequest()));
    }

    [Fact]
    public async Task MoveRemoveRule_AStoredRuleNamesAPeerRemovedSince_StillAllowed()
    {
        await KnowMizuhoBankAndCouncilAsync();
        var added = await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = "rule to-council\n  when label=green\n  then forward=peer:council\n" });
        await _node.Admin.AddRuleAsync(new AddRuleRequest { Text = Drills });
        await _node.Admin.RemovePeerAsync(new RemovePeerRequest { NodeId = "council" });

        var moved = await _node.Admin.MoveRuleAsync(new MoveRuleRequest { Name = "drills", Position = 1 });
        var removed = await _node.Admin.RemoveRuleAsync(new RemoveRuleRequest { Name = "drills" });

        Assert.Equal(["to-council", "tlp-default"], Names(added));
        Assert.Equal(["drills", "to-council", "tlp-default"], Names(moved));
        Assert.Equal(["to-council", "tlp-default"], Names(removed));
    }

    [Fact]
    public async Task CliRulesImport_UnknownMember_PrintsFileLineColumnNamingTheIdAndExitsSix()
    {
        var path = _dir.Combine("typo.rules");
        await File.WriteAllTextAsync(path, "rule vip\n  when label=green\n  then deliver=member:nobody\n");

        var import = await RunCliAsync("rules", "import", path);

        Assert.Equal(ExitCodes.Refused, import.Code);
        Assert.StartsWith($"{path}:3:{"  then deliver=member:".Length + 1}: rule 'vip' names member 'nobody', which this node does not have", import.Error);
        Assert.Contains("ceptoar-admin members add nobody", import.Error);
        Assert.Equal(["tlp-default"], Names(await _node.Admin.ListRulesAsync(new ListRulesRequest())));
    }

    private async Task KnowMizuhoBankAndCouncilAsync()
    {
        await _node.AddMemberWithKeyAsync("mizuho-bank");
        // Nothing listens there: a peer is known from the moment it is added, reachable or not.
        await _node.Admin.AddPeerAsync(new AddPeerRequest { NodeId = "council", Endpoint = "https://127.0.0.1:9" });
    }
}
