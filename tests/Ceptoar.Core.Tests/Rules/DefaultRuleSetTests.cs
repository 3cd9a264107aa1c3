using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>The default rule set is the conservative reading of TLP: exactly what the node did before it had rules.</summary>
public sealed class DefaultRuleSetTests
{
    [Theory]
    [InlineData(1, "default")]
    [InlineData(1, "empty")]
    [InlineData(77, "default")]
    [InlineData(20250602, "default")]
    public void Evaluate_RandomItems_DeliveryEqualsTlpMemberPolicy(int seed, string which)
    {
        var rules = which == "default" ? RuleSet.Default : RuleSet.Empty;
        var generator = new RuleGenerator(new Random(seed), validOnly: false);
        for (var n = 0; n < 5000; n++)
        {
            var item = generator.Item();
            var subject = generator.Subject(item);

            var decision = RuleEvaluator.Evaluate(rules, subject);

            var context = $"seed {seed}, item {n}: {item}";
            if (item.Kind == ItemKind.CrimeDamage)
            {
                // The generator's node is a secretariat: a crime-damage report reaches none of its members (docs/MODES.md §3).
                Assert.True(decision.Delivery.Compact is { IsNone: true }, context);
                continue;
            }

            var policy = TlpMemberPolicy.Decide(item, RuleKit.Local);
            var compact = decision.Delivery.Compact;
            Assert.True(compact is not null, context);
            Assert.True(policy.AllMembers == compact.AllMembers, context);
            Assert.True(policy.Sectors.Order().SequenceEqual(compact.Sectors.Order()), context);
            Assert.True(policy.Members.Order().SequenceEqual(compact.Members.Order()), context);

            Assert.True(decision.Label == item.Tlp, context);
            Assert.True(!decision.Hold, context);
            Assert.True(decision.RetentionDays == RuleSet.DefaultRetentionDays, context);
            var known = TlpTransport.IsKnown(item.Tlp);
            Assert.True(decision.Forward == (known ? ForwardRestriction.AsRouted : ForwardRestriction.Nothing), context);
            var attributable = item.Handling?.Attribution is Attribution.May or Attribution.Must;
            Assert.True(decision.Attribution == (attributable ? AttributionAction.Keep : AttributionAction.Strip), context);
            Assert.True(decision.ObfuscateAffectedParties == (item.Handling?.ObfuscateAffectedParties ?? false), context);
            Assert.True(decision.IsBuiltInDefault == (which == "empty"), context);
        }
    }

    [Fact]
    public void Default_IsOneCatchAllRuleAtTheEnd()
    {
        var rule = Assert.Single(RuleSet.Default.Rules);

        Assert.True(rule.When.IsCatchAll);
        Assert.Same(RuleSet.BuiltInDefault, rule);
        Assert.Empty(RuleSetValidator.Validate(RuleSet.Default, Ceptoar.Core.Items.Vocabulary.Default));
    }
}
