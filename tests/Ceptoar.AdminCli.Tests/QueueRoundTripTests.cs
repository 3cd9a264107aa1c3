using System.Text.Json;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>`queue …` against a real gRPC server on a real Unix socket: what the node answers is what the operator sees.</summary>
public sealed class QueueRoundTripTests : IAsyncLifetime
{
    private const string First = "01890a5d-ac96-774b-bcce-b302099a8057";
    private const string Second = "01890a5d-ac96-774b-bcce-b302099a8058";
    private const string Decided = "01890a5d-ac96-774b-bcce-b302099a8059";

    private AdminSocketServer _server = null!;

    public async Task InitializeAsync() => _server = await AdminSocketServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task List_Table_ShowsTheWaitingItemsAndTheCount()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.False(_server.Service.LastListHeld!.All);
        var first = Line(result.Out, First);
        Assert.Contains("Unusual logins at internet banking", first);
        Assert.Contains("incident-report", first);
        Assert.Contains("TLP:GREEN", first);
        Assert.Contains("mizuho-bank", first);
        Assert.Contains("secretariat-checks-incidents", first);
        Assert.Contains("2025-04-01 18:30:00 +09:00", first);
        Assert.DoesNotContain(Decided, result.Out);
        Assert.Contains("2 items waiting for approval.", result.Out);
        Assert.DoesNotContain("\u001b[", result.Out);
    }

    [Fact]
    public async Task ListAll_Table_AddsTheDecidedItemsWithTheirDecision()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "list", "--all");

        Assert.Equal(0, result.ExitCode);
        Assert.True(_server.Service.LastListHeld!.All);
        var decided = Line(result.Out, Decided);
        Assert.Contains("rejected by admin", decided);
        Assert.Contains("2025-04-01 20:00:00 +09:00", decided);

        // At 200 columns the reason wraps: its first words are on the item's line.
        Assert.Contains("names a", decided);
        Assert.Contains("2 waiting, 0 approved, 1 rejected.", result.Out);
    }

    [Fact]
    public async Task List_Empty_SaysNothingIsWaiting()
    {
        var result = await _server.RunAsync("queue", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nothing is waiting for approval.", result.Out.Trim());
    }

    [Fact]
    public async Task List_Json_IsOneDocumentWithTheNodesFields()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "list", "--all", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var items = document.RootElement.GetProperty("items");
        Assert.Equal(3, items.GetArrayLength());
        Assert.Equal(First, items[0].GetProperty("itemId").GetString());
        Assert.Equal("TLP_GREEN", items[0].GetProperty("tlp").GetString());
        Assert.Equal("held", items[0].GetProperty("state").GetString());
        Assert.Equal("rejected", items[2].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Show_PrintsTheEntryTheRuleDecisionAndTheItem()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "show", First.ToUpperInvariant());

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(First, _server.Service.LastGetHeld!.ItemId);
        Assert.Contains("held: waiting for approval", result.Out);
        Assert.Contains("secretariat-checks-incidents", Line(result.Out, "Held by rule"));
        Assert.Contains("┘\n\nRule decision:\n  rule 1 secretariat-checks-incidents fires:\n    direction=submitted holds\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Contains("mizuho-bank (Mizuho Bank, Ltd.) of ceptoar-finance", Line(result.Out, "Names submitter"));
        Assert.Contains("About 40,000 failed logins from 300 addresses.", Line(result.Out, "What"));
        Assert.Contains("ipv4 203.0.113.7", Line(result.Out, "Indicators"));
        Assert.Contains($"Waiting for approval; next, one of:\n  ceptoar-admin queue approve {First} [--note TEXT]\n", result.Out.ReplaceLineEndings("\n"));
        Assert.Contains($"  ceptoar-admin queue edit {First} [--strip-attribution]", result.Out);
        Assert.True(
            result.Out.IndexOf("Held by rule", StringComparison.Ordinal) < result.Out.IndexOf("Rule decision:", StringComparison.Ordinal)
            && result.Out.IndexOf("Rule decision:", StringComparison.Ordinal) < result.Out.IndexOf("Item:", StringComparison.Ordinal),
            result.ToString());
    }

    [Fact]
    public async Task Show_Decided_ShowsTheDecisionAndNoNextSteps()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "show", Decided);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("names a customer; resubmit without it", Line(result.Out, "Reason (the member sees it)"));
        Assert.DoesNotContain("Waiting for approval", result.Out);
        Assert.DoesNotContain("queue approve", result.Out);
    }

    [Fact]
    public async Task Show_Json_IsTheDetailTheNodeReturned()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "show", First, "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("secretariat-checks-incidents", document.RootElement.GetProperty("held").GetProperty("rule").GetString());
        Assert.Equal("mizuho-bank", document.RootElement.GetProperty("item").GetProperty("submittedBy").GetProperty("memberId").GetString());
        Assert.StartsWith("rule 1", document.RootElement.GetProperty("explanation").GetString());
    }

    [Fact]
    public async Task Show_NotInTheQueue_ExitsFourWithTheNodesHint()
    {
        var result = await _server.RunAsync("queue", "show", First);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains($"not found: item {First} is not in the approval queue: see `queue list --all`.", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Edit_SendsTheNodesFieldNames_AndReportsEachChangeAndThatItStillWaits()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "edit", First, "--strip-attribution", "--raise", "amber", "--remove", "what", "actions-taken", "--remove", "cause,what");

        Assert.Equal(0, result.ExitCode);
        var sent = _server.Service.LastEditHeld!;
        Assert.Equal(First, sent.ItemId);
        Assert.True(sent.StripAttribution);
        Assert.Equal(Tlp.Amber, sent.RaiseLabel);
        Assert.Equal(["what", "actions_taken", "cause"], sent.RemoveFields);
        Assert.Contains("attribution stripped: the item no longer names mizuho-bank", result.Out);
        Assert.Contains("label raised from TLP:GREEN to TLP:AMBER.", result.Out);
        Assert.Contains("removed what (46 characters).", result.Out);
        Assert.Contains("removed actions-taken (1 entry).", result.Out);
        Assert.Contains("removed cause (16 characters).", result.Out);
        Assert.Contains($"It is still waiting for approval. Check it with `ceptoar-admin queue show {First}`, then:", result.Out);
        Assert.Contains($"  ceptoar-admin queue reject {First} --reason TEXT", result.Out);
        Assert.Equal("held", _server.Service.Held[0].Held.State);
    }

    [Fact]
    public async Task Edit_RaiseToALowerLabel_SaysTheLabelStayed()
    {
        AddHeld();
        _server.Service.Held[0].Item.Tlp = Tlp.Red;

        var result = await _server.RunAsync("queue", "edit", First, "--raise", "amber");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Tlp.Red, _server.Service.Held[0].Item.Tlp);
        Assert.Contains("label unchanged: TLP:RED is already at or above TLP:AMBER", result.Out);
        Assert.DoesNotContain("raised from", result.Out);
    }

    [Fact]
    public async Task Edit_Json_IsTheEditedDetail()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "edit", First, "--strip-attribution", "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        var item = document.RootElement.GetProperty("item");
        Assert.False(item.TryGetProperty("submittedBy", out _), result.Out);
        Assert.Equal("ATTRIBUTION_MUST_NOT", item.GetProperty("handling").GetProperty("attribution").GetString());
    }

    [Fact]
    public async Task Edit_OtherOrigin_ExitsSixWithTheNodesReason()
    {
        AddHeld();
        _server.Service.Held[1].Item.OriginNode = "electricity-ceptoar";

        var result = await _server.RunAsync("queue", "edit", Second, "--remove", "what");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("the node refused the request: item", result.Error);
        Assert.Contains("only its origin may change it. Approve or reject it.", result.Error);
        Assert.Equal(string.Empty, result.Out);
    }

    [Fact]
    public async Task Approve_SendsTheNote_AndSaysWhatHappensNext()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "approve", First, "--note", "  checked by phone  ");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("checked by phone", _server.Service.LastApproveHeld!.Note);
        Assert.Equal("approved", _server.Service.Held[0].Held.State);
        Assert.Contains($"item {First} approved by admin at 2025-04-01 20:00:00 +09:00", result.Out);
        Assert.Contains("mizuho-bank sees its report as approved.", result.Out);
        Assert.Contains($"ceptoar-admin items status {First}", result.Out);
    }

    [Fact]
    public async Task Approve_AlreadyDecided_ExitsSixWithTheNodesMessage()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "approve", Decided);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains($"the node refused the request: item {Decided} was already rejected by admin", result.Error);
    }

    [Fact]
    public async Task Approve_Json_IsTheDecidedEntry()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "approve", First, "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.Out);
        Assert.Equal("approved", document.RootElement.GetProperty("state").GetString());
        Assert.Equal("admin", document.RootElement.GetProperty("decidedBy").GetString());
    }

    [Fact]
    public async Task Reject_SendsTheTrimmedReason_AndSaysTheMemberSeesIt()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "reject", Second, "--reason", " names a customer; resubmit without it ");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("names a customer; resubmit without it", _server.Service.LastRejectHeld!.Reason);
        Assert.Equal("rejected", _server.Service.Held[1].Held.State);
        Assert.Contains($"item {Second} rejected by admin at 2025-04-01 20:00:00 +09:00: it does not leave this node.", result.Out);
        Assert.Contains("mizuho-bank sees its report as rejected, with the reason: names a customer; resubmit without it", result.Out);
    }

    [Fact]
    public async Task Reject_WithoutReason_NeverReachesTheNode()
    {
        AddHeld();

        var result = await _server.RunAsync("queue", "reject", Second);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal(0, _server.Service.QueueCalls);
        Assert.Equal("held", _server.Service.Held[1].Held.State);
    }

    private void AddHeld()
    {
        _server.Service.Held.Add(FakeAdminService.HeldIncident(First, "Unusual logins at internet banking"));
        _server.Service.Held.Add(FakeAdminService.HeldIncident(Second, "Phishing site imitating a bank"));
        _server.Service.Held.Add(FakeAdminService.HeldIncident(Decided, "Customer data in a ticket", "rejected"));
    }

    private static string Line(string output, string text) =>
        output.Split('\n').First(l => l.Contains(text, StringComparison.Ordinal));
}
