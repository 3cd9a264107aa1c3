using System.Globalization;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Federation;

/// <summary>
/// Over thousands of random federations, items and starting points, delivery through the whole federation with the real
/// policies keeps TLP (no clear restricted item where it may not be, sealed copies only at recipients and hubs), reaches
/// every addressed node a route exists to, never goes back, and terminates. Each case has its own seed, so a failure
/// names the one number that replays it (<see cref="Deliver_CaseThatOnceFailed_KeepsEveryInvariant"/>).
/// </summary>
public sealed class FederationDeliveryPropertyTests
{
    // CEPTOAR_FEDERATION_CASES raises the count for a long exploratory run; the default keeps the suite quick.
    private static readonly int Cases = int.Parse(Environment.GetEnvironmentVariable("CEPTOAR_FEDERATION_CASES") ?? "5000", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(20140501)]
    [InlineData(1)]
    [InlineData(9_876_543)]
    public void Deliver_RandomFederationsAndItems_KeepEveryInvariant(int seed)
    {
        var seen = new HashSet<(Tlp, bool FromOrigin, bool Sealed)>();
        var checkedRecipients = 0;
        for (var n = 0; n < Cases; n++)
        {
            var caseSeed = unchecked((seed * 100_003) + n);
            var (simulation, item, fromOrigin) = Run(caseSeed);
            seen.Add((item.Tlp, fromOrigin, item.IsSealed));
            checkedRecipients += AssertInvariants(simulation, item, fromOrigin, caseSeed);
        }

        // Every label, valid or not, clear and sealed, was tried from both kinds of starting point, and the reach check ran.
        Assert.Equal(2 * 2 * (Facts.Labels.Length + Facts.Invalid.Length), seen.Count);
        Assert.True(checkedRecipients > Cases / 2, $"only {checkedRecipients} addressed, reachable recipients checked in {Cases} cases");
    }

    /// <summary>Cases the simulation found against the first version of the policies.</summary>
    [Theory]
    // The origin chose to seal a CLEAR item (encryption in transit) and the policy still sent it in clear.
    [InlineData(5)]
    // AMBER+STRICT: NISC, a recipient, got the clear copy first, then dropped as a duplicate the sealed copy the Council
    // passed it for s2-ceptoar, whom only NISC reaches (the origin's copy of NISC's descriptor omitted s2-ceptoar).
    [InlineData(161050)]
    // RED: the Council, a recipient, first got the sealed copy NISC relayed (not sealed to it), so it dropped its own
    // clear copy as a duplicate and never could read the item.
    [InlineData(166646)]
    public void Deliver_CaseThatOnceFailed_KeepsEveryInvariant(int caseSeed)
    {
        var (simulation, item, fromOrigin) = Run(caseSeed);

        AssertInvariants(simulation, item, fromOrigin, caseSeed);
    }

    [Fact]
    public void Run_SameCaseSeed_ReplaysTheSameDelivery()
    {
        for (var caseSeed = 0; caseSeed < 50; caseSeed++)
        {
            var (first, _, _) = Run(caseSeed);
            var (second, _, _) = Run(caseSeed);

            Assert.Equal(first.Messages, second.Messages);
            Assert.Equal(first.ForMe.Keys.Order(StringComparer.Ordinal), second.ForMe.Keys.Order(StringComparer.Ordinal));
        }
    }

    private static (DeliverySimulation Simulation, RoutingFacts Item, bool FromOrigin) Run(int caseSeed)
    {
        var random = new Random(caseSeed);
        var fed = RandomFederation.Build(random);
        if (random.Next(4) != 0)
        {
            var ids = fed.Ids.ToList();
            var item = RandomFederation.Item(random, fed, ids[random.Next(ids.Count)], caseSeed);
            return (DeliverySimulation.FromOrigin(fed, item, random), item, true);
        }

        var (held, hub, path, cameFrom) = RandomFederation.HubPosition(random, fed, caseSeed);
        return (DeliverySimulation.FromHub(fed, held, hub, path, cameFrom, random), held, false);
    }

    /// <returns>How many addressed, reachable recipients were checked to have it.</returns>
    private static int AssertInvariants(DeliverySimulation simulation, RoutingFacts item, bool fromOrigin, int caseSeed)
    {
        var context = $"case seed {caseSeed}: {item.Tlp} from {item.OriginNode} ({(fromOrigin ? "at the origin" : "at a hub")}), "
            + $"audience {item.Audience}, sealed to [{string.Join(",", item.SealedRecipients ?? [])}]\n{simulation.Federation}\n{string.Join("\n", simulation.Trace)}";
        Assert.True(simulation.Violations.Count == 0, $"{context}\n{string.Join("\n", simulation.Violations)}");
        Assert.All(simulation.ForMe, kv => Assert.True(kv.Value == 1, $"{context}\n{kv.Key} accepted it {kv.Value} times"));
        if (simulation.IsRestricted || item.IsSealed)
        {
            IEnumerable<string> allowed = item.IsSealed ? item.SealedRecipients! : simulation.Addressed;
            Assert.All(simulation.ForMe.Keys, node => Assert.True(allowed.Contains(node), $"{context}\n{node} took it for itself but is not addressed"));
        }

        var deliverable = TlpTransport.IsKnown(item.Tlp) && item.ExpiresAt > Facts.Now;
        if (!deliverable)
        {
            Assert.True(simulation.Messages == 0, $"{context}\nan expired or unlabelled item was sent");
            return 0;
        }

        if (!fromOrigin)
        {
            return 0;
        }

        var reachable = simulation.Addressed.Where(simulation.Reachable).ToList();
        Assert.All(reachable, r => Assert.True(simulation.ForMe.ContainsKey(r), $"{context}\n{r} is addressed and reachable but never got it"));
        return reachable.Count;
    }
}
