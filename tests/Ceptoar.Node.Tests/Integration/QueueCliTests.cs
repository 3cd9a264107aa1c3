using System.Text.Json;
using Ceptoar.AdminCli;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>`ceptoar-admin queue …` against a real node: a rule holds a member's report, the secretariat edits and decides.</summary>
public sealed class QueueCliTests : OneNodeTest
{
    [Fact]
    public async Task Queue_HeldReportsEditedApprovedAndRejected_TheMemberSeesEachOutcome()
    {
        var member = Node.Member(await Node.AddMemberWithKeyAsync("mizuho-bank"));
        await ApplyRulesAsync("""
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        var toApprove = await member.SubmitAsync(Drafts.Request(Named("Unusual logins at internet banking")));
        var toReject = await member.SubmitAsync(Drafts.Request(Named("Customer named in a ticket")));
        Assert.Equal("held", toApprove.Status);

        var list = await RunAsync("queue", "list");
        Assert.True(list.Code == 0, list.Error);
        Assert.Contains(toApprove.ItemId, list.Output);
        Assert.Contains(toReject.ItemId, list.Output);
        Assert.Contains("secretariat-checks-incidents", list.Output);
        Assert.Contains("2 items waiting for approval.", list.Output);

        var edit = await RunAsync("queue", "edit", toApprove.ItemId, "--strip-attribution", "--remove", "what");
        Assert.True(edit.Code == 0, edit.Error);
        Assert.Contains("attribution stripped: the item no longer names mizuho-bank", edit.Output);
        Assert.Contains("removed what (", edit.Output);
        Assert.Contains("It is still waiting for approval", edit.Output);

        var show = await RunAsync("queue", "show", toApprove.ItemId);
        Assert.True(show.Code == 0, show.Error);
        Assert.Contains("held: waiting for approval", show.Output);
        Assert.Contains("secretariat-checks-incidents", show.Output);
        Assert.Contains("no (attribution stripped or not allowed)", show.Output);
        Assert.DoesNotContain(Drafts.Incident(Tlp.Green).Body.What, show.Output);
        using (var detail = JsonDocument.Parse((await RunAsync("queue", "show", toApprove.ItemId, "--json")).Output))
        {
            var item = detail.RootElement.GetProperty("item");
            Assert.False(item.TryGetProperty("submittedBy", out _));
            Assert.Equal(string.Empty, item.GetProperty("body").GetProperty("what").GetString());
            Assert.Equal("ATTRIBUTION_MUST_NOT", item.GetProperty("handling").GetProperty("attribution").GetString());
            Assert.NotEmpty(detail.RootElement.GetProperty("explanation").GetString()!);
        }

        var approve = await RunAsync("queue", "approve", toApprove.ItemId, "--note", "checked by phone");
        Assert.True(approve.Code == 0, approve.Error);
        Assert.Contains($"item {toApprove.ItemId} approved", approve.Output);
        var approved = await member.GetAsync(new GetItemRequest { ItemId = toApprove.ItemId });
        Assert.Equal("approved", approved.SubmissionStatus);
        Assert.Equal(string.Empty, approved.Item.Body.What);
        Assert.Null(approved.Item.SubmittedBy);

        var again = await RunAsync("queue", "approve", toApprove.ItemId);
        Assert.Equal(ExitCodes.Refused, again.Code);
        Assert.Contains("was already approved", again.Error);

        var withoutReason = await RunAsync("queue", "reject", toReject.ItemId);
        Assert.Equal(ExitCodes.Usage, withoutReason.Code);
        Assert.Contains("--reason", withoutReason.Error);
        Assert.Equal("held", (await member.GetAsync(new GetItemRequest { ItemId = toReject.ItemId })).SubmissionStatus);

        var reject = await RunAsync("queue", "reject", toReject.ItemId, "--reason", "names a customer; resubmit without it");
        Assert.True(reject.Code == 0, reject.Error);
        Assert.Contains("mizuho-bank sees its report as rejected", reject.Output);
        var rejected = await member.GetAsync(new GetItemRequest { ItemId = toReject.ItemId });
        Assert.Equal("rejected", rejected.SubmissionStatus);
        Assert.Equal("names a customer; resubmit without it", rejected.SubmissionReason);

        var all = await RunAsync("queue", "list", "--all");
        Assert.True(all.Code == 0, all.Error);
        Assert.Contains("0 waiting, 1 approved, 1 rejected.", all.Output);
        Assert.Contains("nothing is waiting for approval.", (await RunAsync("queue", "list")).Output);
    }

    [Fact]
    public async Task EditHeld_RaisingAWholeFederationGreenItemToAmber_InvalidArgumentNamingRaiseLabel_ItemUnchanged()
    {
        var member = Node.Member(await Node.AddMemberWithKeyAsync("mizuho-bank"));
        await ApplyRulesAsync("""
            rule secretariat-checks-incidents
              when direction=submitted kind=incident-report
              then hold=yes
            """);
        var draft = Named("Phishing wave");
        draft.Audience = new Audience { WholeFederation = true };
        var held = await member.SubmitAsync(Drafts.Request(draft));

        // AMBER must name its recipients; this item is addressed to the whole federation.
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            Node.Admin.EditHeldAsync(new EditHeldRequest { ItemId = held.ItemId, RaiseLabel = Tlp.Amber }).ResponseAsync);

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("raise_label", error.Status.Detail);
        Assert.Contains("would be refused by every node", error.Status.Detail);
        var detail = await Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = held.ItemId });
        Assert.Equal(Tlp.Green, detail.Item.Tlp);
        Assert.Equal("held", detail.Held.State);
    }

    private async Task ApplyRulesAsync(string text)
    {
        var (rules, errors) = RuleFile.Parse(text);
        Assert.True(rules is not null, string.Join("; ", errors));
        var active = Node.Services.GetRequiredService<ActiveRules>();
        Assert.True(await active.ReplaceAsync(rules, null, "admin", "test rules", CancellationToken.None));
    }

    /// <summary>An incident whose policy lets recipients name the member, so stripping has a name to remove.</summary>
    private static ItemDraft Named(string title)
    {
        var draft = Drafts.Incident(Tlp.Green, title);
        draft.Handling = new HandlingPolicy { Attribution = Attribution.May };
        return draft;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", Node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
