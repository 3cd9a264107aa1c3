using Ceptoar.Core.Policy;
using Ceptoar.Core.Policy.Rules;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

public sealed class EffectiveDeliveryTests
{
    private static readonly MemberDelivery All = new(true, [], []);

    public static TheoryData<string, MemberDelivery, MemberSelection, string?> CompactCases => new()
    {
        { "ceiling none", MemberDelivery.None, MemberSelection.Everyone, "none" },
        { "grant none", All, MemberSelection.Nobody, "none" },
        { "grant all", new MemberDelivery(false, ["gas"], ["x-bank"]), MemberSelection.Everyone, "sectors gas; members x-bank" },
        { "ceiling all, sectors and names", All, MemberSelection.Of(["gas"], null, ["x-bank"]), "sectors gas; members x-bank" },
        { "ceiling all, tags", All, MemberSelection.Of(null, ["region:kanto"]), null },
        { "sector against sector", new MemberDelivery(false, ["gas", "water"], []), MemberSelection.Of(["water", "finance"]), "sectors water; members " },
        { "name against name", new MemberDelivery(false, [], ["a-gas", "b-gas"]), MemberSelection.Of(null, null, ["b-gas", "c-gas"]), "sectors ; members b-gas" },
        { "disjoint sectors", new MemberDelivery(false, ["gas"], []), MemberSelection.Of(["water"]), "none" },
        { "sector against tag", new MemberDelivery(false, ["gas"], []), MemberSelection.Of(null, ["x"]), null },
        { "sector against name", new MemberDelivery(false, ["gas"], []), MemberSelection.Of(null, null, ["a-gas"]), null },
        { "name against sector", new MemberDelivery(false, [], ["a-gas"]), MemberSelection.Of(["gas"]), null },
    };

    [Theory]
    [MemberData(nameof(CompactCases))]
    public void Compact_WithoutRoster_ExactOrNull(string name, MemberDelivery ceiling, MemberSelection grant, string? expected)
    {
        var compact = new EffectiveDelivery(ceiling, grant).Compact;

        var shown = compact is null ? null
            : compact.IsNone ? "none"
            : compact.AllMembers ? "all"
            : $"sectors {string.Join(",", compact.Sectors)}; members {string.Join(",", compact.Members)}";
        Assert.True(expected == shown, $"{name}: expected {expected}, got {shown}");
    }

    /// <summary>Over random ceilings, grants and rosters, Resolve reaches exactly the members Admits admits.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2025)]
    [InlineData(987654)]
    public void Resolve_RandomCases_ReachesExactlyWhomAdmitsAdmits(int seed)
    {
        var random = new Random(seed);
        string[] sectors = ["gas", "water", "finance"];
        string[] tags = ["t1", "t2", "region:kanto"];
        string[] ids = ["m1", "m2", "m3", "m4", "m5", "m6"];
        for (var n = 0; n < 3000; n++)
        {
            var roster = ids.Where(_ => random.Next(4) > 0)
                .Select(id => new MemberFacts(id, sectors[random.Next(sectors.Length)], [.. tags.Where(_ => random.Next(3) == 0)]))
                .ToList();
            var ceiling = random.Next(5) == 0 ? All : new MemberDelivery(false, Some(random, sectors), Some(random, ids));
            var grant = random.Next(6) == 0 ? MemberSelection.Everyone : MemberSelection.Of(Some(random, sectors), Some(random, tags), Some(random, ids));
            var delivery = new EffectiveDelivery(ceiling, grant);

            var resolved = delivery.Resolve(roster);

            var context = $"seed {seed}, case {n}: ceiling {EffectiveDelivery.Describe(ceiling)}, grant {grant}";
            Assert.True(Reached(resolved, roster).SequenceEqual(roster.Where(delivery.Admits).Select(m => m.MemberId).Order(StringComparer.Ordinal)), context);
            Assert.Equal(resolved.Members.Count, resolved.Members.Distinct().Count());
        }
    }

    [Fact]
    public void IsNone_DisjointSectors_True()
    {
        Assert.True(new EffectiveDelivery(new MemberDelivery(false, ["gas"], []), MemberSelection.Of(["water"])).IsNone);
        Assert.False(new EffectiveDelivery(new MemberDelivery(false, ["gas"], []), MemberSelection.Of(null, ["x"])).IsNone);
    }

    private static string[] Some(Random random, string[] pool) => [.. pool.Where(_ => random.Next(3) == 0)];
}
