using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// Staff write items as their secretariat (`items submit`, AdminService.SubmitItem): the same validation, rules,
/// signing, idempotency and audit as a member's report, and the item names the secretariat and the person.
/// </summary>
public sealed class StaffSubmissionTests : OneNodeTest
{
    [Fact]
    public async Task SubmitItem_StaffDraft_SignedByTheNode_NamesSecretariatAndPerson_MembersSeeIt()
    {
        var key = await Node.AddMemberWithKeyAsync("mizuho-bank");

        var draft = Drafts.Incident(Tlp.Green, "Phishing wave against bank customers");
        draft.Handling = new HandlingPolicy { Attribution = Attribution.May };

        var response = await Node.Admin.SubmitItemAsync(new AdminSubmitRequest { ClientRequestId = "warning-1", StaffName = "佐藤", Draft = draft });

        Assert.Equal("accepted", response.Status);
        Assert.False(response.Duplicate);
        var shown = await Node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = response.ItemId });
        Assert.True(shown.Verification.Valid);
        Assert.Equal("bank-ceptoar", shown.Verification.SignerNode);
        Assert.Equal("bank-ceptoar", shown.Item.SubmittedBy.Node);
        Assert.Equal("", shown.Item.SubmittedBy.MemberId);
        Assert.Contains("佐藤", shown.Item.SubmittedBy.DisplayName);
        // A GREEN item for the whole federation reaches every member of the node.
        var feed = await Node.Member(key).ListAsync(new ListItemsRequest());
        var seen = Assert.Single(feed.Items);
        Assert.Equal(response.ItemId, seen.Item.Id);
        Assert.False(seen.OwnSubmission);
        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit" });
        Assert.Contains(audit.Entries, e => e.Actor == "staff:佐藤" && e.Subject == response.ItemId && e.Outcome == "accepted");
    }

    [Fact]
    public async Task SubmitItem_SameRequestAgain_OneItem_SecondAnswerIsTheFirst()
    {
        var request = new AdminSubmitRequest { ClientRequestId = "warning-2", StaffName = "Tanaka", Draft = Drafts.Incident(Tlp.Green) };

        var first = await Node.Admin.SubmitItemAsync(request);
        var again = await Node.Admin.SubmitItemAsync(request);

        Assert.True(again.Duplicate);
        Assert.Equal(first.ItemId, again.ItemId);
        Assert.Single((await Node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Theory]
    [InlineData("", "staff_name")]
    [InlineData("a\u0007b", "staff_name")]
    [InlineData("no-title", "draft.body.title")]
    [InlineData("no-draft", "draft")]
    [InlineData("no-request-id", "client_request_id")]
    public async Task SubmitItem_BadRequest_InvalidArgumentNamingTheField_NothingStored(string staffName, string field)
    {
        var request = new AdminSubmitRequest { ClientRequestId = "r-1", StaffName = staffName, Draft = Drafts.Incident(Tlp.Green) };
        switch (staffName)
        {
            case "no-title": request.Draft.Body.Title = ""; break;
            case "no-draft": request.Draft = null; break;
            case "no-request-id": request.ClientRequestId = ""; break;
        }

        var error = await Assert.ThrowsAsync<RpcException>(() => Node.Admin.SubmitItemAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, error.Status.Detail);
        Assert.Empty((await Node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    [Fact]
    public async Task ItemsSubmit_DraftFileRunTwice_OneItem_AndTheItemCarriesTheDraft()
    {
        var draft = Drafts.Incident(Tlp.Amber, "Ransomware at a regional bank");
        draft.Audience = new Audience { Nodes = { "council" } };
        var file = TestDir.Combine("draft.json");
        await File.WriteAllTextAsync(file, JsonFormatter.Default.Format(draft));

        var first = await RunAsync("items", "submit", "--file", file, "--as", "Suzuki", "--json");
        var again = await RunAsync("items", "submit", "--file", file, "--as", "Suzuki", "--json");

        Assert.Equal(0, first.Code);
        Assert.Equal(0, again.Code);
        var firstAnswer = JsonParser.Default.Parse<SubmitResponse>(first.Output);
        var againAnswer = JsonParser.Default.Parse<SubmitResponse>(again.Output);
        Assert.True(againAnswer.Duplicate);
        Assert.Equal(firstAnswer.ItemId, againAnswer.ItemId);
        var shown = await Node.Admin.GetItemAsync(new AdminGetItemRequest { ItemId = firstAnswer.ItemId });
        Assert.Equal(Tlp.Amber, shown.Item.Tlp);
        Assert.Equal("Ransomware at a regional bank", shown.Item.Body.Title);
        // The draft does not state attribution, read as must-not: the person stays in this node's audit log only.
        Assert.Null(shown.Item.SubmittedBy);
        var audit = await Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.submit" });
        Assert.Contains(audit.Entries, e => e.Actor == "staff:Suzuki" && e.Subject == firstAnswer.ItemId);
    }

    [Fact]
    public async Task ItemsSubmit_AmberWithAStandingCopy_SaysWhereItWentAndWhichCopyWasRefusedAndWhy()
    {
        await Node.Admin.ImportRulesAsync(new ImportRulesRequest { Text = "rule up\n  when direction=submitted\n  then copy=nisc\n" });
        var draft = Drafts.Incident(Tlp.Amber, "Ransomware at a regional bank");
        draft.Audience = new Audience { Nodes = { "council" } };
        var file = TestDir.Combine("amber.json");
        await File.WriteAllTextAsync(file, JsonFormatter.Default.Format(draft));

        var result = await RunAsync("items", "submit", "--file", file, "--as", "Suzuki", "--lang", "en");

        Assert.Equal(0, result.Code);
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("Addressed to: council", lines);
        Assert.Contains("Copy refused: nisc: TLP:AMBER needs your consent to be passed on to nisc: set accept_copies in the draft (ListStandingCopies shows the standing copies)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Standing copies added", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ItemsSubmit_FileNotADraft_UsageErrorNamingTheFile_NothingSent()
    {
        var file = TestDir.Combine("notes.txt");
        await File.WriteAllTextAsync(file, "call the bank back tomorrow");

        var result = await RunAsync("items", "submit", "--file", file, "--lang", "en");

        Assert.Equal(ExitCodes.Usage, result.Code);
        Assert.Contains("notes.txt", result.Error);
        Assert.Empty((await Node.Admin.ListItemsAsync(new AdminListItemsRequest())).Items);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", Node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
