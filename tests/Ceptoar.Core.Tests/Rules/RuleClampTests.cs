using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>
/// Every wish is clamped against the label (docs/TLP.md §5 and RuleEvaluator's summary), at node gas-ceptoar whose roster is
/// tokyo-gas (gas; region:kanto, size-large), osaka-gas (gas; region:kansai), saibu-gas (gas), example-bank (finance;
/// region:kanto), city-water (water; size-small).
/// </summary>
public sealed class RuleClampTests
{
    private static readonly Dictionary<string, Func<Audience>> Audiences = new()
    {
        ["whole"] = () => new Audience { WholeFederation = true },
        ["this node"] = () => ToNodes(Local),
        ["other node"] = () => ToNodes("water-ceptoar"),
        ["sectors"] = () => ToSectors("finance", "water"),
        ["members"] = () => ToMembers((Local, "tokyo-gas"), (Local, "example-bank"), ("water-ceptoar", "city-water")),
    };

    private const string Everyone = "city-water,example-bank,osaka-gas,saibu-gas,tokyo-gas";
    private const string Gas = "osaka-gas,saibu-gas,tokyo-gas";
    private const string Kanto = "example-bank,tokyo-gas";

    /// <summary>Label, audience, the rule's grant, and who sees the item (worked out by hand from the documented ceilings).</summary>
    public static TheoryData<Tlp, string, string, string> Table => new()
    {
        // CLEAR and GREEN: the audience's reach at this node.
        { Tlp.Green, "whole", "all", Everyone }, { Tlp.Green, "whole", "sector:gas", Gas }, { Tlp.Green, "whole", "tag:region:kanto", Kanto },
        { Tlp.Green, "this node", "all", Everyone }, { Tlp.Green, "this node", "member:city-water", "city-water" },
        { Tlp.Green, "other node", "all", "" }, { Tlp.Green, "other node", "sector:gas", "" },
        { Tlp.Green, "sectors", "all", "city-water,example-bank" }, { Tlp.Green, "sectors", "sector:gas", "" },
        { Tlp.Green, "sectors", "tag:region:kanto", "example-bank" }, { Tlp.Green, "sectors", "member:city-water", "city-water" },
        { Tlp.Green, "members", "all", Kanto }, { Tlp.Green, "members", "sector:gas", "tokyo-gas" },
        { Tlp.Green, "members", "tag:region:kanto", Kanto }, { Tlp.Green, "members", "member:city-water", "" },
        { Tlp.Clear, "whole", "all", Everyone }, { Tlp.Clear, "sectors", "tag:size-small", "city-water" }, { Tlp.Clear, "members", "none", "" },
        // AMBER: need-to-know, never "all"; among this node's members when named, else among the audience's sectors.
        { Tlp.Amber, "whole", "all", "" }, { Tlp.Amber, "whole", "sector:gas", "" },
        { Tlp.Amber, "this node", "all", "" }, { Tlp.Amber, "this node", "sector:gas", Gas },
        { Tlp.Amber, "this node", "tag:region:kanto", Kanto }, { Tlp.Amber, "this node", "member:city-water", "city-water" },
        { Tlp.Amber, "other node", "sector:gas", "" },
        { Tlp.Amber, "sectors", "all", "" }, { Tlp.Amber, "sectors", "sector:gas", "" },
        { Tlp.Amber, "sectors", "tag:region:kanto", "example-bank" }, { Tlp.Amber, "sectors", "sector:water", "city-water" },
        { Tlp.Amber, "members", "member:tokyo-gas", "" },
        // AMBER+STRICT: never a member.
        { Tlp.AmberStrict, "this node", "all", "" }, { Tlp.AmberStrict, "this node", "member:tokyo-gas", "" }, { Tlp.AmberStrict, "members", "all", "" },
        // RED: only members named for this node.
        { Tlp.Red, "whole", "all", "" }, { Tlp.Red, "this node", "all", "" }, { Tlp.Red, "sectors", "sector:finance", "" },
        { Tlp.Red, "members", "all", Kanto }, { Tlp.Red, "members", "sector:gas", "tokyo-gas" },
        { Tlp.Red, "members", "tag:region:kanto", Kanto }, { Tlp.Red, "members", "member:city-water", "" },
        { Tlp.Red, "members", "member:example-bank,member:osaka-gas", "example-bank" },
        // Not a TLP 2.0 label: nobody.
        { Tlp.Unspecified, "whole", "all", "" }, { (Tlp)6, "this node", "sector:gas", "" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Evaluate_Deliver_ClampedToTheLabelsCeiling(Tlp label, string audience, string deliver, string expected)
    {
        var subject = Received(Item(label, Audiences[audience]()));

        var decision = Evaluate(subject, Rule("r", then: new() { Deliver = RuleActionTests.Grant(deliver) }));

        Assert.Equal(expected, string.Join(",", Admitted(decision.Delivery)));
        Assert.Equal(expected, string.Join(",", Reached(decision.Delivery.Resolve(Roster))));
        if (decision.Delivery.Compact is { } compact)
        {
            Assert.Equal(expected, string.Join(",", Reached(compact)));
        }
    }

    [Theory]
    [InlineData(Tlp.Amber, "this node", "all", "need-to-know")]
    [InlineData(Tlp.AmberStrict, "this node", "sector:gas", "never delivered to members")]
    [InlineData(Tlp.Red, "this node", "all", "names none of this node's")]
    [InlineData(Tlp.Red, "members", "sector:gas", "limited to")]
    [InlineData(Tlp.Green, "sectors", "all", "limited to")]
    [InlineData(Tlp.Green, "other node", "all", "does not reach")]
    [InlineData(Tlp.Unspecified, "whole", "all", "not a TLP 2.0 label")]
    public void Evaluate_DeliverNarrowed_DecisionSaysWhy(Tlp label, string audience, string deliver, string reason)
    {
        var decision = Evaluate(Received(Item(label, Audiences[audience]())), Rule("r", then: new() { Deliver = RuleActionTests.Grant(deliver) }));

        Assert.Contains(decision.Clamps, c => c.Action == "deliver" && c.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Tlp.Green, "whole", "all")]
    [InlineData(Tlp.Green, "sectors", "sector:finance")]
    [InlineData(Tlp.Red, "members", "member:tokyo-gas")]
    [InlineData(Tlp.Amber, "this node", "tag:region:kanto")]
    public void Evaluate_DeliverWithinTheCeiling_NotClamped(Tlp label, string audience, string deliver)
    {
        var decision = Evaluate(Received(Item(label, Audiences[audience]())), Rule("r", then: new() { Deliver = RuleActionTests.Grant(deliver) }));

        Assert.Empty(decision.Clamps);
    }

    [Theory]
    [InlineData(Tlp.Amber, "sector:gas", "")]
    [InlineData(Tlp.AmberStrict, "sector:gas", "")]
    [InlineData(Tlp.Red, "all", "")]
    public void Evaluate_RaisedLabel_DeliversAsTheRaisedLabelAllows(Tlp raise, string deliver, string expected)
    {
        // GREEN to the whole federation would reach every member; raised, the whole-federation audience no longer does.
        var decision = Evaluate(Received(Item(Tlp.Green)), Rule("r", then: new() { RaiseLabel = raise, Deliver = RuleActionTests.Grant(deliver) }));

        Assert.Equal(raise, decision.Label);
        Assert.Equal(expected, string.Join(",", Admitted(decision.Delivery)));
    }

    [Fact]
    public void Evaluate_RaisedToAmberForThisNode_NeedToKnowGrantsApply()
    {
        var decision = Evaluate(Received(Item(Tlp.Green, ToNodes(Local))), Rule("r", then: new() { RaiseLabel = Tlp.Amber, Deliver = RuleActionTests.Grant("all") }));

        Assert.Empty(Admitted(decision.Delivery));
        Assert.Contains(decision.Clamps, c => c.Action == "deliver");
    }

    [Theory]
    [InlineData(RuleDirection.Received, Tlp.Green, Tlp.Amber, ForwardScope.None)]
    [InlineData(RuleDirection.Received, Tlp.Clear, Tlp.Red, ForwardScope.None)]
    [InlineData(RuleDirection.Received, Tlp.Clear, Tlp.Green, ForwardScope.AsRouted)]
    [InlineData(RuleDirection.Received, Tlp.Amber, Tlp.Red, ForwardScope.AsRouted)]
    [InlineData(RuleDirection.Submitted, Tlp.Green, Tlp.Amber, ForwardScope.AsRouted)]
    [InlineData(RuleDirection.Submitted, Tlp.Green, Tlp.Red, ForwardScope.AsRouted)]
    public void Evaluate_RaisedLabel_ReceivedItemsThatWouldNeedSealingStayHere(RuleDirection direction, Tlp label, Tlp raise, ForwardScope expected)
    {
        var item = Item(label, ToNodes(Local, "water-ceptoar"), origin: direction == RuleDirection.Submitted ? Local : "bank-ceptoar");
        var subject = direction == RuleDirection.Submitted ? Submitted(item) : Received(item);

        var decision = Evaluate(subject, Rule("r", then: new() { RaiseLabel = raise }));

        Assert.Equal(expected, decision.Forward.Scope);
        Assert.Equal(expected == ForwardScope.None, decision.Clamps.Any(c => c.Action == "forward"));
    }

    [Theory]
    [InlineData(Tlp.Unspecified)]
    [InlineData((Tlp)6)]
    [InlineData((Tlp)(-3))]
    public void Evaluate_NotALabel_NothingDeliveredOrForwarded(Tlp label)
    {
        var decision = Evaluate(Received(Item(label)), Rule("r", then: new() { Deliver = MemberSelection.Everyone, Forward = ForwardRestriction.AsRouted }));

        Assert.True(decision.Delivery.IsNone);
        Assert.Equal(ForwardRestriction.Nothing, decision.Forward);
        Assert.Equal(label, decision.Label);
        Assert.Contains(decision.Clamps, c => c.Action == "forward");
    }
}
