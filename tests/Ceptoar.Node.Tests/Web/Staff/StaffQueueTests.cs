using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Web.Staff;

/// <summary>
/// The approval queue in the console (docs/CONSOLE.md §4.1): approve, reject with a reason, edit, each as the signed-in
/// person through AdminQueue, refusals next to their fields in the person's language, and a decision made once only.
/// </summary>
public sealed class StaffQueueTests(StaffWebNode staff) : IClassFixture<StaffWebNode>
{
    [Fact]
    public async Task Queue_HeldItem_ListedWithTheRuleThatHeldIt()
    {
        var id = await staff.HeldItemAsync("Listed held report");
        using var client = await staff.StaffAsync();

        var page = await client.GetAsync("/staff/queue");

        var row = Assert.Single(page.Document.QuerySelectorAll("tbody tr"), r => r.QuerySelector($"a[href='/staff/queue/{id}']") is not null);
        Assert.Contains("Listed held report", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("secretariat-checks-incidents", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("waiting for approval", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_HeldItem_ApprovedAsThePersonOnce()
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync();
        await client.GetAsync($"/staff/queue/{id}");

        var approved = await client.PostAsync($"/staff/queue/{id}?handler=Approve", [new("Note", "checked by phone")]);

        Assert.Equal(200, approved.Status);
        Assert.Equal("Approved: the item is now delivered and forwarded as the rules say.", approved.Document.QuerySelector("p.done")!.TextContent);
        Assert.Equal("approved", approved.Document.QuerySelector("#held-state")!.TextContent);
        var held = await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id });
        Assert.Equal("approved", held.Held.State);
        Assert.Equal(StaffWebNode.StaffActor, held.Held.DecidedBy);
        var audit = await staff.Web.Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.approve", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Subject == id && e.Actor == StaffWebNode.StaffActor && e.Detail == "checked by phone");
        // No second decision: the forms are gone.
        Assert.Null(approved.Document.QuerySelector("#approve"));
    }

    [Theory]
    [InlineData("en", "item {0} was already approved by staff:Tanaka_Ichiro")]
    [InlineData("ja", "によってすでに承認されています")]
    public async Task Reject_AfterAnotherPersonApproved_409SaysWhoDecided_StaysApproved(string language, string expected)
    {
        var id = await staff.HeldItemAsync();
        using var first = await staff.StaffAsync();
        using var second = await staff.StaffAsync(language);
        await first.GetAsync($"/staff/queue/{id}");
        await second.GetAsync($"/staff/queue/{id}");
        await first.PostAsync($"/staff/queue/{id}?handler=Approve", []);

        var late = await second.PostAsync($"/staff/queue/{id}?handler=Reject", [new("Reason", "too late")]);

        Assert.Equal(409, late.Status);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, id), late.Document.QuerySelector("p.refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("approved", (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Held.State);
    }

    [Theory]
    [InlineData("en", "", "is required (at most 500 characters): the submitting member sees it")]
    [InlineData("ja", "   ", "必須です（500 文字以内）。提出した構成員にこの理由が表示されます。")]
    public async Task Reject_NoReason_400ErrorNextToReason_StillHeld(string language, string reason, string error)
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync(language);
        await client.GetAsync($"/staff/queue/{id}");

        var page = await client.PostAsync($"/staff/queue/{id}?handler=Reject", [new("Reason", reason)]);

        Assert.Equal(400, page.Status);
        Assert.Equal(error, page.Document.QuerySelector("#reason-error")!.TextContent);
        Assert.Equal("reason-error", page.Document.QuerySelector("#reason")!.GetAttribute("aria-describedby"));
        Assert.Equal("held", (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Held.State);
    }

    [Fact]
    public async Task Reject_WithReason_RejectedReasonShownAndRecorded()
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync("ja");
        await client.GetAsync($"/staff/queue/{id}");

        var page = await client.PostAsync($"/staff/queue/{id}?handler=Reject", [new("Reason", "重複した報告です")]);

        Assert.Equal(200, page.Status);
        Assert.Equal("却下しました。提出した会員には理由が表示されます。", page.Document.QuerySelector("p.done")!.TextContent);
        var held = (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Held;
        Assert.Equal(("rejected", "重複した報告です", StaffWebNode.StaffActor), (held.State, held.Reason, held.DecidedBy));
    }

    [Theory]
    [InlineData("en", "RaiseLabel", "PURPLE", "raise-error", "Choose a label from the list.")]
    [InlineData("ja", "RemoveFields", "summary", "remove-error", "一覧から項目を選んでください。")]
    [InlineData("en", "StripAttribution", "false", "remove-error", "Choose at least one change: strip attribution, raise the label or remove a field.")]
    public async Task Edit_BadChoice_400ErrorNextToField_ItemUnchanged(string language, string field, string value, string errorId, string error)
    {
        var id = await staff.HeldItemAsync();
        var before = (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Item;
        using var client = await staff.StaffAsync(language);
        await client.GetAsync($"/staff/queue/{id}");

        var page = await client.PostAsync($"/staff/queue/{id}?handler=Edit", [new(field, value)]);

        Assert.Equal(400, page.Status);
        Assert.Equal(error, page.Document.QuerySelector("#" + errorId)!.TextContent);
        Assert.Equal(before, (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Item);
    }

    [Fact]
    public async Task Edit_RaiseToAmberWithoutRecipients_400ErrorNextToLabel_ItemUnchanged()
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync();
        await client.GetAsync($"/staff/queue/{id}");

        var page = await client.PostAsync($"/staff/queue/{id}?handler=Edit", [new("RaiseLabel", "AMBER")]);

        Assert.Equal(400, page.Status);
        Assert.StartsWith("the edited item would be refused by every node (item.audience:", page.Document.QuerySelector("#raise-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Tlp.Green, (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Item.Tlp);
    }

    [Fact]
    public async Task Edit_RemoveWhatAndIndicators_ItemEditedAsThePerson()
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync();
        await client.GetAsync($"/staff/queue/{id}");

        var page = await client.PostAsync($"/staff/queue/{id}?handler=Edit", [new("RemoveFields", "what"), new("RemoveFields", "indicators"), new("RaiseLabel", "")]);

        Assert.Equal(200, page.Status);
        Assert.Equal("Edited: the node signed the edited item anew. Approve or reject it.", page.Document.QuerySelector("p.done")!.TextContent);
        var item = (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Item;
        Assert.Equal((Tlp.Green, "", 0), (item.Tlp, item.Body.What, item.Body.Indicators.Count));
        var audit = await staff.Web.Node.Admin.ListAuditAsync(new ListAuditRequest { Action = "item.edit", Limit = 1000 });
        Assert.Contains(audit.Entries, e => e.Subject == id && e.Actor == StaffWebNode.StaffActor);
        Assert.DoesNotContain("About 40,000 failed logins", page.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Approve")]
    [InlineData("Reject")]
    [InlineData("Edit")]
    public async Task Decide_WithoutAntiforgeryToken_400NothingDecided(string handler)
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync();

        var page = await client.PostAsync($"/staff/queue/{id}?handler={handler}", [new("Reason", "forged"), new("StripAttribution", "true")], withToken: false);

        Assert.Equal(400, page.Status);
        var held = await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id });
        Assert.Equal("held", held.Held.State);
    }

    [Fact]
    public async Task HeldPage_HostileTitleAndText_InertText()
    {
        const string title = "<script>alert(1)</script><a href=\"javascript:alert(2)\">x</a>\u202Egnp.exe";
        var id = await staff.HeldItemAsync(title);
        using var client = await staff.StaffAsync();

        var queue = await client.GetAsync("/staff/queue");
        var page = await client.GetAsync($"/staff/queue/{id}");

        foreach (var shown in new[] { queue, page })
        {
            WebAssert.Inert(shown);
            Assert.DoesNotContain("<script>alert", shown.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("\u202E", shown.Body, StringComparison.Ordinal);
            Assert.Contains(shown.Document.QuerySelectorAll("a, dd"), e => e.TextContent.StartsWith("<script>alert(1)</script>", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Reject_HostileReasonEchoed_AsTextOnly()
    {
        var id = await staff.HeldItemAsync();
        using var client = await staff.StaffAsync();
        await client.GetAsync($"/staff/queue/{id}");

        var page = await client.PostAsync($"/staff/queue/{id}?handler=Reject", [new("Reason", "<img src=x onerror=alert(1)>" + new string('r', 600))]);

        Assert.Equal(400, page.Status);
        WebAssert.Inert(page);
        // Too long to show again: the field is empty, the error says why.
        Assert.Equal("", page.Document.QuerySelector("#reason")!.TextContent);
        Assert.Equal("held", (await staff.Web.Node.Admin.GetHeldAsync(new GetHeldRequest { ItemId = id })).Held.State);
    }
}
