using Ceptoar.AdminCli.Queue;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>How held items and edits are described to a person: pure functions over the node's messages.</summary>
public sealed class QueueViewsTests
{
    private const string ItemId = "01890a5d-ac96-774b-bcce-b302099a8057";

    [Fact]
    public void Changes_StripRaiseAndRemove_DescribesEachChange()
    {
        var before = Incident();
        var after = before.Clone();
        after.SubmittedBy = null;
        after.Handling.Attribution = Attribution.MustNot;
        after.Tlp = Tlp.Amber;
        after.Body.What = string.Empty;
        after.Body.Indicators.Clear();

        var changes = EditReport.Changes(before, after, Request(strip: true, raise: Tlp.Amber, "what", "indicators"));

        Assert.Equal(
            [
                "attribution stripped: the item no longer names mizuho-bank; recipients must not name the source.",
                "label raised from TLP:GREEN to TLP:AMBER.",
                "removed what (46 characters).",
                "removed indicators (1 entry).",
            ],
            changes);
    }

    [Fact]
    public void Changes_NothingActuallyChanged_SaysSoForEachRequest()
    {
        var before = Incident();
        before.Tlp = Tlp.Red;
        before.SubmittedBy = null;
        before.Handling.Attribution = Attribution.MustNot;
        before.Body.Affected.Clear();
        before.Body.Where = null;

        var changes = EditReport.Changes(before, before.Clone(), Request(strip: true, raise: Tlp.Amber, "affected", "where"));

        Assert.Equal(
            [
                "attribution unchanged: the item already named no submitter and forbade naming the source.",
                "label unchanged: TLP:RED is already at or above TLP:AMBER (labels are only ever raised).",
                "affected: already empty.",
                "where: already empty.",
            ],
            changes);
    }

    [Fact]
    public void Changes_StripOnAnUnnamedItemThatAllowedNaming_ReportsThePolicyChange()
    {
        var before = Incident();
        before.SubmittedBy = null;
        var after = before.Clone();
        after.Handling.Attribution = Attribution.MustNot;

        var changes = EditReport.Changes(before, after, Request(strip: true, raise: Tlp.Unspecified));

        Assert.Equal(["attribution: the item named no submitter already; it now also tells recipients not to name the source."], changes);
    }

    [Fact]
    public void Changes_NodeLeftAFieldInPlace_SaysItWasNotCleared()
    {
        var before = Incident();

        var changes = EditReport.Changes(before, before.Clone(), Request(strip: true, raise: Tlp.Unspecified, "actions_taken"));

        Assert.Equal(
            [
                "attribution: the item still names mizuho-bank; the node did not strip it.",
                "actions-taken: still present (1 entry); the node did not clear it.",
            ],
            changes);
    }

    [Theory]
    [InlineData("what", "46 characters")]
    [InlineData("affected", "2 entries")]
    [InlineData("where", "2 entries")]
    [InlineData("indicators", "1 entry")]
    [InlineData("actions_taken", "1 entry")]
    [InlineData("cause", "16 characters")]
    public void Content_EveryRemovableField_IsMeasured(string field, string expected)
    {
        Assert.Equal(expected, EditReport.Content(Incident().Body, field));
        Assert.Null(EditReport.Content(new Body(), field));
    }

    [Fact]
    public void Content_EveryRemovableField_IsKnown()
    {
        Assert.All(QueueArguments.RemovableFields, f => EditReport.Content(Incident().Body, f));
        Assert.Throws<ArgumentOutOfRangeException>(() => EditReport.Content(Incident().Body, "title"));
    }

    [Fact]
    public void Summary_WaitingItems_CountsThemAndSaysHowToLook()
    {
        HeldItem[] items = [Held("held"), Held("held")];

        Assert.Equal("2 items waiting for approval. See one with: ceptoar-admin queue show ITEM-ID", HeldViews.Summary(items, all: false));
        Assert.Equal("1 item waiting for approval. See one with: ceptoar-admin queue show ITEM-ID", HeldViews.Summary([Held("held")], all: false));
        Assert.Equal("nothing is waiting for approval.", HeldViews.Summary([], all: false));
    }

    [Fact]
    public void Summary_All_CountsEachState()
    {
        HeldItem[] items = [Held("held"), Held("approved"), Held("approved"), Held("rejected")];

        Assert.Equal("1 waiting, 2 approved, 1 rejected.", HeldViews.Summary(items, all: true));
        Assert.Equal("no item has been held on this node.", HeldViews.Summary([], all: true));
    }

    [Fact]
    public void Row_All_AddsTheDecision()
    {
        var held = Held("rejected");
        held.DecidedBy = "admin";
        held.DecidedAt = FakeAdminService.DecidedAt;
        held.Reason = "names a customer";

        var waiting = HeldViews.Row(held, all: false);
        var all = HeldViews.Row(held, all: true);

        Assert.Equal(HeldViews.WaitingHeaders.Count, waiting.Count);
        Assert.Equal(HeldViews.AllHeaders.Count, all.Count);
        Assert.Equal([ItemId, "2025-04-01 18:30:00 +09:00", "incident-report", "TLP:GREEN", "t", "mizuho-bank", "hold-incidents"], waiting);
        Assert.Equal(waiting.Take(6), all.Take(6));
        Assert.Equal(["rejected by admin", "2025-04-01 20:00:00 +09:00", "names a customer"], all.Skip(6));
    }

    [Fact]
    public void Explanation_MultiLineText_IsIndentedLineByLine()
    {
        Assert.Equal(["  rule 1 fires:", "    kind=incident-report holds", "  hold=yes"], HeldViews.Explanation("rule 1 fires:\r\n  kind=incident-report holds\nhold=yes\n"));
        Assert.Equal(["  (the node recorded no explanation)"], HeldViews.Explanation(string.Empty));
    }

    [Fact]
    public void ItemFields_NamedIncident_ShowsLabelSubmitterAnd5W1H()
    {
        var fields = HeldViews.ItemFields(Incident()).ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal("TLP:GREEN", fields["Label"]);
        Assert.Equal("incident-report", fields["Kind"]);
        Assert.Equal("mizuho-bank (Mizuho Bank, Ltd.) of ceptoar-finance", fields["Names submitter"]);
        Assert.Equal("may", fields["Attribution"]);
        Assert.Equal("the whole federation", fields["Audience"]);
        Assert.Equal("occurred 2025-04-01 18:30:00 +09:00", fields["When"]);
        Assert.Equal("systems internet banking; regions kanto", fields["Where"]);
        Assert.Equal("Example Customer Co., retail customers", fields["Affected"]);
        Assert.Equal("About 40,000 failed logins from 300 addresses.", fields["What"]);
        Assert.Equal("attack.intrusion", fields["Threat type"]);
        Assert.Equal("reused passwords", fields["Cause"]);
        Assert.Equal("investigating", fields["Handling"]);
        Assert.Equal("blocked source addresses", fields["Actions taken"]);
        Assert.Equal("high", fields["Severity"]);
        Assert.Equal("ipv4 203.0.113.7", fields["Indicators"]);
        Assert.False(fields.ContainsKey("Exercise"));
    }

    [Fact]
    public void ItemFields_StrippedAndEmptied_ShowsDashesAndNoSubmitter()
    {
        var item = new Item { Tlp = Tlp.Amber, Kind = ItemKind.IncidentReport, Exercise = true, Body = new Body { Title = "t" } };

        var fields = HeldViews.ItemFields(item).ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal("no (attribution stripped or not allowed)", fields["Names submitter"]);
        Assert.Equal("yes (drill traffic, not a real incident)", fields["Exercise"]);
        Assert.All(new[] { "When", "Where", "Affected", "What", "Cause", "Actions taken", "Indicators" }, name => Assert.Equal("-", fields[name]));
        Assert.Equal("none named", fields["Audience"]);
    }

    [Theory]
    [InlineData(Tlp.Green, "the whole federation (none named)")]
    [InlineData(Tlp.Clear, "the whole federation (none named)")]
    [InlineData(Tlp.Amber, "none named")]
    public void ItemFields_NoAudience_ReadsAsTheLabelImplies(Tlp tlp, string expected)
    {
        var item = new Item { Tlp = tlp, Audience = new Audience() };

        Assert.Equal(expected, HeldViews.ItemFields(item).Single(f => f.Name == "Audience").Value);
    }

    [Fact]
    public void ItemFields_NamedRecipients_ListsEachKind()
    {
        var item = new Item { Tlp = Tlp.Red, Audience = new Audience { Nodes = { "nisc" }, Sectors = { "finance", "electricity" }, Members = { new MemberRef { Node = "bank-ceptoar", MemberId = "mufg-bank" } } } };

        Assert.Equal(
            "nodes nisc; sectors finance, electricity; members mufg-bank@bank-ceptoar",
            HeldViews.ItemFields(item).Single(f => f.Name == "Audience").Value);
    }

    [Fact]
    public void NextSteps_WithAndWithoutEdit_AreCommandsForThatItem()
    {
        var steps = HeldViews.NextSteps(ItemId, withEdit: true).ToList();

        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.StartsWith("  ceptoar-admin queue ", s));
        Assert.All(steps, s => Assert.Contains(ItemId, s));
        Assert.Equal(steps.Take(2), HeldViews.NextSteps(ItemId, withEdit: false));
    }

    [Fact]
    public void ItemFields_ManyIndicators_ShowsTheFirstTenAndTheRest()
    {
        var item = Incident();
        item.Body.Indicators.Clear();
        item.Body.Indicators.Add(Enumerable.Range(1, 25).Select(i => new Indicator { Type = IndicatorType.Domain, Value = $"d{i}.example" }));

        var indicators = HeldViews.ItemFields(item).Single(f => f.Name == "Indicators").Value!;

        Assert.StartsWith("domain d1.example; domain d2.example;", indicators);
        Assert.Contains("domain d10.example; and 15 more (all of them with --json)", indicators);
        Assert.DoesNotContain("d11.example", indicators);
    }

    [Fact]
    public void HeldFields_Decided_ShowsWhoWhenAndTheReasonUnderTheRightName()
    {
        var rejected = FakeAdminService.HeldIncident(ItemId, "t", "rejected").Held;
        var approved = FakeAdminService.HeldIncident(ItemId, "t", "approved").Held;
        var waiting = FakeAdminService.HeldIncident(ItemId, "t").Held;

        var fields = HeldViews.HeldFields(rejected).ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("rejected: it does not leave this node", fields["State"]);
        Assert.Equal("names a customer; resubmit without it", fields["Reason (the member sees it)"]);
        Assert.Equal("2025-04-01 20:00:00 +09:00", fields["Decided at"]);
        Assert.Equal("checked", HeldViews.HeldFields(approved).Single(f => f.Name == "Note").Value);
        Assert.DoesNotContain(HeldViews.HeldFields(waiting), f => f.Name.StartsWith("Decided", StringComparison.Ordinal));
        Assert.Equal("held: waiting for approval", HeldViews.HeldFields(waiting).Single(f => f.Name == "State").Value);
    }

    [Fact]
    public void Submitter_ReceivedFromAPeer_SaysSo()
    {
        Assert.Equal("(received from a peer)", HeldViews.Submitter(new HeldItem()));
        Assert.Equal("mizuho-bank", HeldViews.Submitter(Held("held")));
    }

    private static Item Incident() => FakeAdminService.HeldIncident(ItemId, "Unusual logins").Item;

    private static HeldItem Held(string state) => new()
    {
        ItemId = ItemId,
        Title = "t",
        Tlp = Tlp.Green,
        Kind = ItemKind.IncidentReport,
        SubmittedByMember = "mizuho-bank",
        Rule = "hold-incidents",
        HeldAt = FakeAdminService.CreatedAt,
        State = state,
    };

    private static EditHeldRequest Request(bool strip, Tlp raise, params string[] remove)
    {
        var request = new EditHeldRequest { ItemId = ItemId, StripAttribution = strip, RaiseLabel = raise };
        request.RemoveFields.Add(remove);
        return request;
    }
}
