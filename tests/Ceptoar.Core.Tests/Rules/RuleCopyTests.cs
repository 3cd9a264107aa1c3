using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>The copy= action: the label × consent gate, what is added to the audience, and what the dry run says (docs/MODES.md §2).</summary>
public sealed class RuleCopyTests
{
    private static readonly HandlingRule CopyUp = Rule("report-up", then: new RuleActions { Copy = ["nisc", "sector-ministry", "role:cabinet-crisis", "node:fsa"] });

    /// <summary>
    /// Who a standing copy reaches, stated here and not by the code under test: CLEAR and GREEN always; AMBER only with the
    /// member's consent; AMBER+STRICT and RED never.
    /// </summary>
    public static TheoryData<Tlp, bool, CopyResult> Gate() => new()
    {
        { Tlp.Clear, false, CopyResult.Applied },
        { Tlp.Clear, true, CopyResult.Applied },
        { Tlp.Green, false, CopyResult.Applied },
        { Tlp.Green, true, CopyResult.Applied },
        { Tlp.Amber, false, CopyResult.ConsentNeeded },
        { Tlp.Amber, true, CopyResult.Applied },
        { Tlp.AmberStrict, false, CopyResult.LabelForbids },
        { Tlp.AmberStrict, true, CopyResult.LabelForbids },
        { Tlp.Red, false, CopyResult.LabelForbids },
        { Tlp.Red, true, CopyResult.LabelForbids },
    };

    [Theory]
    [MemberData(nameof(Gate))]
    public void Evaluate_LabelAndConsent_EveryTargetAsTheTableSays(Tlp tlp, bool consent, CopyResult expected)
    {
        var decision = Evaluate(Consenting(Item(tlp, ToNodes("electricity-ceptoar"), origin: Local), consent), CopyUp);

        Assert.Equal(["nisc", "node:fsa", "role:cabinet-crisis", "sector-ministry"], decision.Copies.Select(c => c.Target));
        Assert.All(decision.Copies, c => Assert.Equal(expected, c.Result));
    }

    [Theory]
    [MemberData(nameof(Gate))]
    public void Apply_LabelAndConsent_AddsOnlyWhatTheTableAllows(Tlp tlp, bool consent, CopyResult expected)
    {
        var item = Item(tlp, ToNodes("electricity-ceptoar"), origin: Local);
        var decision = Evaluate(Consenting(item, consent), CopyUp);

        CopyTargets.Apply(item.Audience, decision.Copies);

        var copied = expected == CopyResult.Applied;
        Assert.Equal(copied ? new[] { "electricity-ceptoar", "fsa" } : new[] { "electricity-ceptoar" }, item.Audience.Nodes);
        Assert.Equal(copied ? new[] { "nisc", "cabinet-crisis" } : [], item.Audience.Roles);
        Assert.Equal(copied ? new[] { "gas" } : [], item.Audience.SectorMinistries);
    }

    [Theory]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void Evaluate_StrictOrRedNamingTheRecipient_CopyIsANoOpNotARefusal(Tlp tlp)
    {
        var audience = ToNodes("fsa");
        audience.Roles.Add("nisc");
        var decision = Evaluate(Consenting(Item(tlp, audience, origin: Local), false), CopyUp);

        Assert.Equal(CopyResult.AlreadyAddressed, decision.Copies.Single(c => c.Target == "nisc").Result);
        Assert.Equal(CopyResult.AlreadyAddressed, decision.Copies.Single(c => c.Target == "node:fsa").Result);
        Assert.Equal(CopyResult.LabelForbids, decision.Copies.Single(c => c.Target == "role:cabinet-crisis").Result);
    }

    [Theory]
    [InlineData(Tlp.Clear)]
    [InlineData(Tlp.Green)]
    public void Apply_CommunityLabelToTheWholeFederation_AudienceStaysTheWholeFederation(Tlp tlp)
    {
        var item = Item(tlp, new Audience(), origin: Local);
        var decision = Evaluate(Consenting(item, false), CopyUp);

        CopyTargets.Apply(item.Audience, decision.Copies);

        // Adding a role to an empty audience would narrow "everyone" to that role: a copy must never do that.
        Assert.All(decision.Copies, c => Assert.Equal(CopyResult.AlreadyAddressed, c.Result));
        Assert.Empty(item.Audience.Roles);
        Assert.Empty(item.Audience.Nodes);
    }

    [Fact]
    public void Evaluate_RuleRaisesGreenToAmber_CopyJudgedUnderAmber()
    {
        var rule = Rule("raise-and-copy", then: new RuleActions { RaiseLabel = Tlp.Amber, Copy = ["nisc"] });

        var decision = Evaluate(Consenting(Item(Tlp.Green, ToSectors("gas"), origin: Local), false), rule);

        Assert.Equal(CopyResult.ConsentNeeded, decision.Copies.Single().Result);
    }

    [Fact]
    public void Evaluate_CrimeDamage_NeverCopied()
    {
        var item = Item(Tlp.Green, new Audience { Roles = { "incident-handling" } }, kind: ItemKind.CrimeDamage, origin: Local);

        var decision = Evaluate(Consenting(item, true), CopyUp);

        Assert.All(decision.Copies, c => Assert.Equal(CopyResult.CrimeDamage, c.Result));
    }

    [Fact]
    public void Evaluate_ReceivedItem_NoCopies()
    {
        var decision = Evaluate(Received(Item(Tlp.Green, ToSectors("gas"))), CopyUp);

        Assert.Empty(decision.Copies);
    }

    [Fact]
    public void Evaluate_SubmitterWithoutSector_SectorMinistryRefused()
    {
        var subject = RuleSubject.Submitted(Item(Tlp.Green, ToSectors("gas"), origin: Local), Local, new MemberFacts("x", "", []));

        var decision = Evaluate(subject, CopyUp);

        Assert.Equal(CopyResult.NoSector, decision.Copies.Single(c => c.Target == "sector-ministry").Result);
        Assert.Equal(CopyResult.Applied, decision.Copies.Single(c => c.Target == "nisc").Result);
    }

    [Fact]
    public void Describe_AmberWithoutConsent_SaysWhichCopiesWereRefusedAndWhy()
    {
        var rule = Rule("report-up", then: new RuleActions { Copy = ["nisc", "sector-ministry"] });

        var lines = Evaluate(Consenting(Item(Tlp.Amber, ToSectors("gas"), origin: Local), false), rule).Describe();

        Assert.Contains("copy refused: nisc: TLP:AMBER needs the member's consent (accept_copies)", lines);
        Assert.Contains("copy refused: sector-ministry (gas): TLP:AMBER needs the member's consent (accept_copies)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("copies:", StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_GreenCopied_ListsTheCopies()
    {
        var rule = Rule("report-up", then: new RuleActions { Copy = ["nisc", "sector-ministry"] });

        var lines = Evaluate(Consenting(Item(Tlp.Green, ToSectors("gas"), origin: Local), false), rule).Describe();

        Assert.Contains("copies: nisc, sector-ministry (gas)", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("copy refused", StringComparison.Ordinal));
    }

    private static RuleSubject Consenting(Item item, bool consent) =>
        Submitted(item).At(NodeRole.Secretariat, ["gas"], ModeState.Normal, consent);
}
