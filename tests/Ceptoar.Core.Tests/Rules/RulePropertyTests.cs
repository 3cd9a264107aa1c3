using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>
/// No rule set can make the node show or send an item wider than its label allows. Over generated rule sets of every
/// shape (deliver all, forward anywhere, keep attribution, raise to anything, labels that are not labels...) and
/// generated items and subjects, every decision stays inside the ceiling checked here independently of the evaluator.
/// </summary>
public sealed class RulePropertyTests
{
    private const int Cases = 6000;

    [Theory]
    [InlineData(1)]
    [InlineData(20140501)]
    [InlineData(424242)]
    [InlineData(8675309)]
    public void Evaluate_GeneratedRulesAndItems_NeverWiderThanTheLabelAllows(int seed)
    {
        var random = new Random(seed);
        var generator = new RuleGenerator(random, validOnly: false);
        var seen = new Dictionary<string, int>();
        for (var n = 0; n < Cases; n++)
        {
            var rules = generator.RuleSet(6);
            var item = generator.Item();
            var subject = generator.Subject(item);
            var roster = Enumerable.Range(0, 8).Select(_ => generator.Member()).DistinctBy(m => m.MemberId).ToList();
            var context = $"seed {seed}, case {n}: item {item}\nrules:\n{RuleFile.Write(rules)}";

            var decision = RuleEvaluator.Evaluate(rules, subject);

            CheckLabel(item, decision, context);
            CheckDelivery(item, decision, roster, context, seen);
            CheckForward(subject, decision, context, seen);
            CheckFirstMatch(rules, subject, decision, context);

            var origin = item.Handling ?? new HandlingPolicy();
            Assert.True(origin.Attribution is Attribution.May or Attribution.Must || decision.Attribution == AttributionAction.Strip, context);
            Assert.True(!origin.ObfuscateAffectedParties || decision.ObfuscateAffectedParties, context);
            Assert.True(decision.RetentionDays is >= 1 and <= RuleSet.MaxRetentionDays, context);
            Assert.True(decision.Hold == (decision.Rule.Then.Hold ?? false), context);
            Assert.NotEmpty(decision.Describe());
            Count(seen, decision.Hold ? "held" : "not held");
            Count(seen, decision.IsBuiltInDefault ? "built-in default" : "a rule fired");
            Count(seen, decision.Clamps.Count > 0 ? "clamped" : "not clamped");
        }

        // The property is only as good as its cases: every interesting outcome must have occurred many times.
        foreach (var outcome in new[]
        {
            "held", "not held", "built-in default", "a rule fired", "clamped", "not clamped", "raised",
            "members GREEN", "members CLEAR", "members AMBER", "members RED", "forward none", "forward only", "forward as routed",
        })
        {
            Assert.True(seen.GetValueOrDefault(outcome) >= 20, $"seed {seed}: outcome '{outcome}' seen {seen.GetValueOrDefault(outcome)} times");
        }
    }

    private static void CheckLabel(Item item, RuleDecision decision, string context)
    {
        Assert.True(decision.OriginalLabel == item.Tlp, context);
        if (TlpTransport.IsKnown(item.Tlp))
        {
            Assert.True(TlpTransport.IsKnown(decision.Label) && (int)decision.Label >= (int)item.Tlp, context);
        }
        else
        {
            Assert.True(decision.Label == item.Tlp, context);
        }
    }

    /// <summary>Every member the decision reaches, by Admits or by the resolved MemberDelivery, is inside the ceiling.</summary>
    private static void CheckDelivery(Item item, RuleDecision decision, List<MemberFacts> roster, string context, Dictionary<string, int> seen)
    {
        var audience = item.Audience ?? new Audience();
        var label = decision.Label;
        bool Allowed(MemberFacts member)
        {
            if (label == Tlp.Amber)
            {
                return audience.Nodes.Contains(RuleKit.Local) || (member.Sector.Length > 0 && audience.Sectors.Contains(member.Sector));
            }

            if (label is not (Tlp.Clear or Tlp.Green or Tlp.Red))
            {
                return false;
            }

            var policy = TlpMemberPolicy.Decide(new Item { Tlp = label, Audience = audience }, RuleKit.Local);
            return policy.AllMembers || policy.Sectors.Contains(member.Sector) || policy.Members.Contains(member.MemberId);
        }

        Assert.True(label != Tlp.Amber || !decision.Delivery.Grant.All, "AMBER is never delivered to all: " + context);
        foreach (var member in roster.Where(decision.Delivery.Admits))
        {
            Assert.True(Allowed(member), $"{member} admitted under {label}: {context}");
        }

        var resolved = decision.Delivery.Resolve(roster);
        var facts = roster.ToDictionary(m => m.MemberId);
        var reached = resolved.Members.Select(id => facts.GetValueOrDefault(id) ?? new MemberFacts(id, "", []))
            .Concat(resolved.Sectors.Select(s => new MemberFacts("someone-new", s, [])))
            .Concat(resolved.AllMembers ? [new MemberFacts("anyone-new", "", [])] : []);
        foreach (var member in reached)
        {
            Assert.True(Allowed(member), $"{member} reached by {EffectiveDelivery.Describe(resolved)} under {label}: {context}");
        }

        Assert.True(decision.DeliveryBeforeApproval.IsNone || !decision.Hold, context);
        if (!decision.Delivery.IsNone && roster.Any(decision.Delivery.Admits))
        {
            Count(seen, "members " + TlpTransport.Name(label));
        }
    }

    /// <summary>Forwarding only narrows: nothing for non-labels or held items, within the rule's peers, never a send routing did not plan.</summary>
    private static void CheckForward(RuleSubject subject, RuleDecision decision, string context, Dictionary<string, int> seen)
    {
        var item = subject.Item;
        var forward = decision.Forward;
        if (!TlpTransport.IsKnown(item.Tlp))
        {
            Assert.True(forward.Scope == ForwardScope.None, context);
        }

        if (decision.LabelRaised)
        {
            Count(seen, "raised");
            if (subject.Direction == RuleDirection.Received && TlpTransport.MustSealBeyondDirectPeers(decision.Label) && !TlpTransport.MustSealBeyondDirectPeers(item.Tlp))
            {
                Assert.True(forward.Scope == ForwardScope.None, context);
            }
        }

        if (decision.Rule.Then.Forward is { } wish)
        {
            Assert.True(wish.Scope != ForwardScope.None || forward.Scope == ForwardScope.None, context);
            Assert.True(wish.Scope != ForwardScope.OnlyPeers || forward.Peers.All(wish.Peers.Contains), context);
        }

        var plan = new ForwardPlan(
            [new Forward("nisc", Transport.Sealed, ["nisc", "water-ceptoar"]), new Forward("bank-ceptoar", Transport.Clear, ["bank-ceptoar"])],
            ["nisc", "water-ceptoar"]);
        var now = decision.ForwardBeforeApproval.Apply(plan);
        Assert.True(now.Forwards.All(plan.Forwards.Contains) && now.SealTo.All(plan.SealTo.Contains), context);
        Assert.True(!decision.Hold || (decision.ForwardBeforeApproval.Scope == ForwardScope.None && now.Forwards.Count == 0), context);
        Count(seen, forward.Scope switch
        {
            ForwardScope.None => "forward none",
            ForwardScope.OnlyPeers => "forward only",
            _ => "forward as routed",
        });
    }

    /// <summary>The fired rule is the first whose conditions all hold; each skipped rule has a failing condition.</summary>
    private static void CheckFirstMatch(RuleSet rules, RuleSubject subject, RuleDecision decision, string context)
    {
        var first = rules.Rules.FirstOrDefault(r => RuleMatcher.Check(r.When, subject).All(c => c.Holds));
        Assert.True(ReferenceEquals(first ?? RuleSet.BuiltInDefault, decision.Rule), context);
        Assert.True(decision.Skipped.Count == (first is null ? rules.Rules.Count : rules.Rules.ToList().IndexOf(first)), context);
        Assert.True(decision.Skipped.All(s => !s.FailedCondition.Holds), context);
    }

    private static void Count(Dictionary<string, int> seen, string outcome) => seen[outcome] = seen.GetValueOrDefault(outcome) + 1;
}
