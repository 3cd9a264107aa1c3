using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;
using static Ceptoar.Node.Tests.Modes.ActorsCluster;

namespace Ceptoar.Node.Tests.Modes;

/// <summary>
/// The member door ListStandingCopies (docs/MODES.md §2): what a member system shows before sending, resolved to the nodes
/// the directory knows; nothing about other members or any item; authentication as every member call.
/// </summary>
[Collection("actors")]
public sealed class StandingCopiesDoorTests(ActorsCluster actors)
{
    [Fact]
    public async Task ListStandingCopies_FinanceMember_TheRuleThatCanFireForIt_TargetsAsNodes_AmberNeedsConsent()
    {
        var response = await actors.Members["mizuho-bank"].ListStandingCopiesAsync(new ListStandingCopiesRequest());

        Assert.Equal(["terror-to-cabinet", "report-up"], response.Copies.Select(c => c.Rule));
        Assert.Equal("direction=submitted mode=large-scale terror=yes", response.Copies[0].Conditions);
        Assert.Equal(["nisc => nisc", "role:cabinet-crisis => cas"], response.Copies[0].Targets.Select(t => $"{t.Target} => {string.Join(",", t.Nodes)}"));
        var copy = response.Copies[1];
        Assert.Equal("report-up", copy.Rule);
        Assert.Equal("Reports go up to NISC and the finance ministry", copy.Description);
        Assert.Equal("direction=submitted", copy.Conditions);
        Assert.Equal(["nisc => nisc", "sector-ministry => fsa"], copy.Targets.Select(t => $"{t.Target} => {string.Join(",", t.Nodes)}"));
        Assert.Equal([Tlp.Clear, Tlp.Green, Tlp.Amber], copy.Labels);
        Assert.Equal([Tlp.Amber], copy.ConsentLabels);
    }

    [Fact]
    public async Task ListStandingCopies_MemberARuleNames_SeesThatRuleWithOnlyItselfNamed()
    {
        var response = await actors.Members["mufg-bank"].ListStandingCopiesAsync(new ListStandingCopiesRequest());

        Assert.Equal(["terror-to-cabinet", "mufg-to-cabinet", "report-up"], response.Copies.Select(c => c.Rule));
        Assert.Equal("direction=submitted member=mufg-bank", response.Copies[1].Conditions);
        Assert.Equal(["cas"], response.Copies[1].Targets.Single().Nodes);
    }

    [Fact]
    public async Task ListStandingCopies_OtherMembersRules_NeverNamedToThisMember()
    {
        // Reports of others exist on the node, so a leak of items would show.
        var other = Drafts.Incident(Tlp.Amber, "MUFG secret outage");
        other.Audience = new Audience { Nodes = { Electricity } };
        await actors.Members["mufg-bank"].SubmitAsync(Drafts.Request(other));

        var response = await actors.Members["mizuho-bank"].ListStandingCopiesAsync(new ListStandingCopiesRequest());

        var text = JsonFormatter.Default.Format(response);
        Assert.DoesNotContain("mufg", text, StringComparison.Ordinal);
        Assert.DoesNotContain("needs-check", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mufg-to-cabinet", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret outage", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListStandingCopies_NodeWithoutCopyRules_Empty()
    {
        var response = await actors.Members["tepco"].ListStandingCopiesAsync(new ListStandingCopiesRequest());

        Assert.Empty(response.Copies);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-key")]
    [InlineData("ck_0000000000000000000000000000000000000000000")]
    public async Task ListStandingCopies_MissingOrUnknownKey_Unauthenticated(string? key)
    {
        var client = actors.Cluster[Bank].Member(key);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.ListStandingCopiesAsync(new ListStandingCopiesRequest()).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.DoesNotContain("report-up", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], StatusCode> RawRequests() => new()
    {
        { "empty", [], StatusCode.OK },
        { "unknown field", [0x08, 0x01], StatusCode.OK },
        { "truncated length", [0x0A, 0x05, 0x01], StatusCode.InvalidArgument },
        { "bad wire type", [0x0F], StatusCode.InvalidArgument },
        { "over the limit", new byte[5 * 1024 * 1024], StatusCode.ResourceExhausted },
    };

    [Theory]
    [MemberData(nameof(RawRequests))]
    public async Task ListStandingCopies_RawBytes_ExactStatusAndTheNodeStillAnswers(string what, byte[] bytes, StatusCode expected)
    {
        var bank = actors.Cluster[Bank];
        using var channel = Clients.MemberChannel(bank.Ready.MemberEndpoint!, bank.Root, await bank.AddMemberWithKeyAsync("raw-" + what.Replace(' ', '-'), "finance"));

        var status = StatusCode.OK;
        try
        {
            await channel.CreateCallInvoker().AsyncUnaryCall(RawMethods.MemberListStandingCopies, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), bytes);
        }
        catch (RpcException e)
        {
            status = e.StatusCode;
        }

        Assert.Equal(expected, status);
        Assert.Equal(2, (await actors.Members["mizuho-bank"].ListStandingCopiesAsync(new ListStandingCopiesRequest())).Copies.Count);
    }
}
