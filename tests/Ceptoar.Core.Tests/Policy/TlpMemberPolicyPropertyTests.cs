using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Policy;

/// <summary>Over thousands of random items, the decision never grants members more than the label and audience allow.</summary>
public sealed class TlpMemberPolicyPropertyTests
{
    private const string Local = "gas-ceptoar";
    private const int Items = 20_000;

    private static readonly Tlp[] Labels = [Tlp.Unspecified, Tlp.Clear, Tlp.Green, Tlp.Amber, Tlp.AmberStrict, Tlp.Red, (Tlp)6, (Tlp)99, (Tlp)(-1)];
    private static readonly string[] NodePool = [Local, "water-ceptoar", "bank-ceptoar", "", "GAS-CEPTOAR", "gas-ceptoar "];
    private static readonly string[] SectorPool = ["gas", "finance", "water", "", "unknown-sector", "Gas"];
    private static readonly string[] MemberPool = ["tokyo-gas", "osaka-gas", "x-bank", "", "TOKYO-GAS"];

    [Theory]
    [InlineData(20140501)]
    [InlineData(7)]
    [InlineData(424242)]
    public void Decide_RandomItems_NeverGrantsMoreThanTheLabelAllows(int seed)
    {
        var random = new Random(seed);
        var seen = new HashSet<Tlp>();
        for (var n = 0; n < Items; n++)
        {
            var item = RandomItem(random);
            seen.Add(item.Tlp);
            var audience = item.Audience ?? new Audience();
            var namedHere = audience.Members.Where(m => m.Node == Local).Select(m => m.MemberId).ToHashSet();

            var delivery = TlpMemberPolicy.Decide(item, Local);

            var context = $"seed {seed}, item {n}: {item}";
            Assert.True(delivery.Sectors.Distinct().Count() == delivery.Sectors.Count, context);
            Assert.True(delivery.Members.Distinct().Count() == delivery.Members.Count, context);
            switch (item.Tlp)
            {
                case Tlp.Clear or Tlp.Green:
                    var everyone = audience.WholeFederation || audience.Nodes.Contains(Local)
                        || (audience.Nodes.Count == 0 && audience.Sectors.Count == 0 && audience.Members.Count == 0);
                    Assert.True(delivery.AllMembers == everyone, context);
                    Assert.True(delivery.Sectors.All(audience.Sectors.Contains), context);
                    Assert.True(delivery.Members.All(namedHere.Contains), context);
                    break;

                case Tlp.Red:
                    Assert.False(delivery.AllMembers, context);
                    Assert.True(delivery.Sectors.Count == 0, context);
                    Assert.True(delivery.Members.All(namedHere.Contains), context);
                    Assert.True(namedHere.Where(m => m.Length > 0).All(delivery.Members.Contains), context);
                    break;

                default:
                    // AMBER, AMBER+STRICT, unset and unknown labels: no member, ever.
                    Assert.True(delivery.IsNone, context);
                    break;
            }
        }

        Assert.Equal(Labels.Length, seen.Count);
    }

    private static Item RandomItem(Random random)
    {
        var item = new Item { Tlp = Labels[random.Next(Labels.Length)] };
        if (random.Next(10) == 0)
        {
            return item;
        }

        var audience = new Audience { WholeFederation = random.Next(4) == 0 };
        audience.Nodes.Add(Pick(random, NodePool, random.Next(4)));
        audience.Sectors.Add(Pick(random, SectorPool, random.Next(3)));
        for (var i = random.Next(4); i > 0; i--)
        {
            audience.Members.Add(new MemberRef { Node = NodePool[random.Next(NodePool.Length)], MemberId = MemberPool[random.Next(MemberPool.Length)] });
        }

        item.Audience = audience;
        return item;
    }

    private static IEnumerable<string> Pick(Random random, string[] pool, int count) =>
        Enumerable.Range(0, count).Select(_ => pool[random.Next(pool.Length)]).ToList();
}
