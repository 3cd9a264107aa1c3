using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>Each action on its own, on a GREEN item addressed to the whole federation (the widest ceiling).</summary>
public sealed class RuleActionTests
{
    public static TheoryData<string, string> Deliveries => new()
    {
        { "all", "city-water,example-bank,osaka-gas,saibu-gas,tokyo-gas" },
        { "none", "" },
        { "sector:gas", "osaka-gas,saibu-gas,tokyo-gas" },
        { "tag:region:kanto", "example-bank,tokyo-gas" },
        { "member:osaka-gas", "osaka-gas" },
        { "sector:water,tag:region:kansai,member:example-bank", "city-water,example-bank,osaka-gas" },
    };

    [Theory]
    [MemberData(nameof(Deliveries))]
    public void Evaluate_Deliver_ReachesExactlyTheSelectedMembers(string deliver, string expected)
    {
        var grant = Grant(deliver);

        var decision = Evaluate(Received(), Rule("r", then: new() { Deliver = grant }));

        Assert.Equal(expected, string.Join(",", Admitted(decision.Delivery)));
        Assert.Equal(expected, string.Join(",", Reached(decision.Delivery.Resolve(Roster))));
        Assert.Empty(decision.Clamps);
    }

    [Theory]
    [InlineData(ForwardScope.AsRouted)]
    [InlineData(ForwardScope.OnlyPeers)]
    [InlineData(ForwardScope.None)]
    public void Evaluate_Forward_IsTheRulesRestriction(ForwardScope scope)
    {
        var wish = new ForwardRestriction(scope, scope == ForwardScope.OnlyPeers ? ["nisc"] : []);

        var decision = Evaluate(Received(), Rule("r", then: new() { Forward = wish }));

        Assert.Equal(wish, decision.Forward);
        Assert.Equal(wish, decision.ForwardBeforeApproval);
    }

    [Theory]
    [InlineData(Attribution.Unspecified, null, AttributionAction.Strip, false)]
    [InlineData(Attribution.Unspecified, AttributionAction.Keep, AttributionAction.Strip, true)]
    [InlineData(Attribution.Unspecified, AttributionAction.Strip, AttributionAction.Strip, false)]
    [InlineData(Attribution.MustNot, null, AttributionAction.Strip, false)]
    [InlineData(Attribution.MustNot, AttributionAction.Keep, AttributionAction.Strip, true)]
    [InlineData(Attribution.MustNot, AttributionAction.Strip, AttributionAction.Strip, false)]
    [InlineData(Attribution.May, null, AttributionAction.Keep, false)]
    [InlineData(Attribution.May, AttributionAction.Keep, AttributionAction.Keep, false)]
    [InlineData(Attribution.May, AttributionAction.Strip, AttributionAction.Strip, false)]
    [InlineData(Attribution.Must, null, AttributionAction.Keep, false)]
    [InlineData(Attribution.Must, AttributionAction.Keep, AttributionAction.Keep, false)]
    [InlineData(Attribution.Must, AttributionAction.Strip, AttributionAction.Strip, false)]
    [InlineData((Attribution)9, AttributionAction.Keep, AttributionAction.Strip, true)]
    public void Evaluate_Attribution_KeptOnlyWhenTheOriginAllows(Attribution origin, AttributionAction? wish, AttributionAction expected, bool clamped)
    {
        var decision = Evaluate(Received(Item(attribution: origin)), Rule("r", then: new() { Attribution = wish, RetentionDays = 1 }));

        Assert.Equal(expected, decision.Attribution);
        Assert.Equal(clamped, decision.Clamps.Any(c => c.Action == "attribution"));
    }

    [Theory]
    [InlineData(false, null, false, false)]
    [InlineData(false, false, false, false)]
    [InlineData(false, true, true, false)]
    [InlineData(true, null, true, false)]
    [InlineData(true, false, true, true)]
    [InlineData(true, true, true, false)]
    public void Evaluate_Obfuscate_TheOriginsRequestAlwaysHolds(bool origin, bool? wish, bool expected, bool clamped)
    {
        var decision = Evaluate(Received(Item(obfuscate: origin)), Rule("r", then: new() { Obfuscate = wish, RetentionDays = 1 }));

        Assert.Equal(expected, decision.ObfuscateAffectedParties);
        Assert.Equal(clamped, decision.Clamps.Any(c => c.Action == "obfuscate"));
    }

    [Fact]
    public void Evaluate_Hold_NothingLeavesBeforeApproval()
    {
        var decision = Evaluate(Submitted(), Rule("r", then: new() { Hold = true, Deliver = MemberSelection.Of(["gas"]) }));

        Assert.True(decision.Hold);
        Assert.Equal(ForwardRestriction.Nothing, decision.ForwardBeforeApproval);
        Assert.True(decision.DeliveryBeforeApproval.IsNone);
        Assert.Equal(ForwardRestriction.AsRouted, decision.Forward);
        Assert.Equal(Ids(TokyoGas, OsakaGas, SaibuGas), Admitted(decision.Delivery));
    }

    public static TheoryData<Tlp, Tlp> LabelPairs
    {
        get
        {
            var data = new TheoryData<Tlp, Tlp>();
            foreach (var item in Labels)
            {
                foreach (var raise in Labels)
                {
                    data.Add(item, raise);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(LabelPairs))]
    public void Evaluate_Raise_OnlyEverRaises(Tlp label, Tlp raise)
    {
        var decision = Evaluate(Submitted(Item(label, ToNodes(Local))), Rule("r", then: new() { RaiseLabel = raise }));

        Assert.Equal((Tlp)Math.Max((int)label, (int)raise), decision.Label);
        Assert.Equal(label, decision.OriginalLabel);
        Assert.Equal(raise > label, decision.LabelRaised);
        Assert.Equal(raise < label, decision.Clamps.Any(c => c.Action == "raise"));
    }

    [Theory]
    [InlineData(Tlp.Green, (Tlp)7, Tlp.Green)]
    [InlineData(Tlp.Green, Tlp.Unspecified, Tlp.Green)]
    [InlineData(Tlp.Unspecified, Tlp.Red, Tlp.Unspecified)]
    [InlineData((Tlp)42, Tlp.Amber, (Tlp)42)]
    public void Evaluate_RaiseWithSomethingNotALabel_LabelStaysAndIsClamped(Tlp label, Tlp raise, Tlp expected)
    {
        var decision = Evaluate(Received(Item(label)), Rule("r", then: new() { RaiseLabel = raise }));

        Assert.Equal(expected, decision.Label);
        Assert.Contains(decision.Clamps, c => c.Action == "raise");
    }

    [Theory]
    [InlineData(30, 30, false)]
    [InlineData(1, 1, false)]
    [InlineData(3650, 3650, false)]
    [InlineData(0, 365, true)]
    [InlineData(-5, 365, true)]
    [InlineData(3651, 365, true)]
    public void Evaluate_Retain_InRangeOrTheDefault(int days, int expected, bool clamped)
    {
        var decision = Evaluate(Received(), Rule("r", then: new() { RetentionDays = days }));

        Assert.Equal(expected, decision.RetentionDays);
        Assert.Equal(clamped, decision.Clamps.Any(c => c.Action == "retain"));
    }

    /// <summary>A delivery written as in the file ("all", "none", "sector:gas,tag:x,member:y"), parsed by the file reader.</summary>
    internal static MemberSelection Grant(string deliver)
    {
        var (set, errors) = RuleFile.Parse($"rule r\n  when sector=gas\n  then deliver={deliver}\n");
        Assert.Empty(errors);
        return set!.Rules[0].Then.Deliver!;
    }
}
