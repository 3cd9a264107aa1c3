using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

/// <summary>What makes a mode change valid, and who may sign one (docs/MODES.md §4).</summary>
public sealed class ItemValidatorModeTests
{
    public static TheoryData<string, Action<Item>, string> Bad => new()
    {
        { "exercise", i => i.Exercise = true, "item.exercise" },
        { "amber", i => { i.Tlp = Tlp.Amber; i.Audience = new Audience { Nodes = { "bank-ceptoar" } }; }, "item.audience" },
        { "not the whole federation", i => i.Audience = new Audience { Sectors = { "finance" } }, "item.audience" },
        { "no mode_change", i => i.ModeChange = null, "item.mode_change" },
        { "mode unspecified", i => i.ModeChange.Mode = FederationMode.Unspecified, "item.mode_change.mode" },
        { "mode undefined", i => i.ModeChange.Mode = (FederationMode)7, "item.mode_change.mode" },
        { "no reason", i => i.ModeChange.Reason = "", "item.mode_change.reason" },
        { "reason too long", i => i.ModeChange.Reason = new string('a', 2_001), "item.mode_change.reason" },
        { "report every 4", i => i.ModeChange.ReportEveryMinutes = 4, "item.mode_change.report_every_minutes" },
        { "report every 1441", i => i.ModeChange.ReportEveryMinutes = 1_441, "item.mode_change.report_every_minutes" },
        { "unknown scope sector", i => i.ModeChange.ScopeSectors[0] = "banking", "item.mode_change.scope_sectors[0]" },
        { "scope sector twice", i => i.ModeChange.ScopeSectors.Add("finance"), "item.mode_change.scope_sectors[1]" },
        { "large-scale ends a period", i => i.ModeChange.EndsPeriod = "01890000-0000-7000-8000-000000000001", "item.mode_change.ends_period" },
        { "normal with scope", i => i.ModeChange.Mode = FederationMode.Normal, "item.mode_change" },
        { "on another kind", i => i.Kind = ItemKind.EarlyWarning, "item.mode_change" },
    };

    [Fact]
    public void ValidateItem_LargeScaleAndBackToNormal_NoViolations()
    {
        var back = TestItems.ModeChange();
        back.ModeChange = new ModeChange { Mode = FederationMode.Normal, Reason = "復旧 / recovered", EndsPeriod = "01890000-0000-7000-8000-000000000001" };

        Assert.Empty(TestItems.Validator().ValidateItem(TestItems.ModeChange()));
        Assert.Empty(TestItems.Validator().ValidateItem(back));
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public void ValidateItem_BadModeChange_ViolationOnExactField(string caseName, Action<Item> spoil, string field)
    {
        var item = TestItems.ModeChange();
        spoil(item);

        var fields = TestItems.Validator().ValidateItem(item).Select(v => v.Field).ToList();

        Assert.True(fields.Contains(field), $"{caseName}: {string.Join(", ", fields)}");
    }

    [Theory]
    [InlineData("nisc", NodeRole.Nisc, true)]
    [InlineData("council", NodeRole.Council, false)]
    [InlineData("bank-ceptoar", NodeRole.Secretariat, false)]
    [InlineData("fsa", NodeRole.Ministry, false)]
    [InlineData("cas-crisis", NodeRole.CabinetCrisis, false)]
    public void KindRefusal_ModeChange_OnlyFromANodeCertifiedAsNisc(string origin, NodeRole role, bool allowed)
    {
        var view = new FederationView("bank-ceptoar", [new FederationNode(origin, role, [], [])], ["nisc"]);

        var refusal = AcceptancePolicy.KindRefusal(ItemKind.ModeChange, origin, view);

        Assert.Equal(allowed, refusal is null);
        Assert.Null(AcceptancePolicy.KindRefusal(ItemKind.EarlyWarning, origin, view));
    }

    [Fact]
    public void KindRefusal_ModeChangeFromANodeOutOfTheDirectory_Refused()
    {
        var view = new FederationView("bank-ceptoar", [], ["nisc"]);

        Assert.Contains("not certified as NISC", AcceptancePolicy.KindRefusal(ItemKind.ModeChange, "nisc", view), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], NodeRole.Secretariat, new[] { "water" }, true)]
    [InlineData(new[] { "finance" }, NodeRole.Secretariat, new[] { "finance" }, true)]
    [InlineData(new[] { "finance" }, NodeRole.Secretariat, new[] { "water" }, false)]
    [InlineData(new[] { "finance" }, NodeRole.Nisc, new string[0], true)]
    [InlineData(new[] { "finance" }, NodeRole.Ministry, new[] { "electricity" }, true)]
    public void HoldsFor_LargeScale_WholeScopeSectorInScopeOrNotASecretariat(string[] scope, NodeRole role, string[] sectors, bool holds)
    {
        var state = new ModeState(FederationMode.LargeScale, scope, "p", DateTimeOffset.UnixEpoch, 60, "r");

        Assert.Equal(holds, state.HoldsFor(role, sectors));
        Assert.False(ModeState.Normal.HoldsFor(role, sectors));
    }
}
