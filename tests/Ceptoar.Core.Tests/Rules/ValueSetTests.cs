using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Rules;

public sealed class ValueSetTests
{
    [Fact]
    public void Create_StringsOrdinalOrderWithoutDuplicates()
    {
        ValueSet<string> set = ["b", "B", "a", "b", "á"];

        Assert.Equal(["B", "a", "b", "á"], set);
        Assert.Equal(4, set.Count);
        Assert.True(set.Contains("á"));
        Assert.False(set.Contains("c"));
    }

    [Fact]
    public void Create_EnumsInValueOrder()
    {
        ValueSet<Tlp> set = [Tlp.Red, Tlp.Clear, Tlp.Amber];

        Assert.Equal([Tlp.Clear, Tlp.Amber, Tlp.Red], set);
    }

    [Fact]
    public void Equals_ByContentWhateverTheInputOrder()
    {
        ValueSet<string> a = ["x", "y"];
        ValueSet<string> b = ["y", "x", "x"];
        ValueSet<string> c = ["x"];

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.NotEqual(ValueSet<string>.Empty, c);
        Assert.Equal(new RuleConditions { Sectors = a }, new RuleConditions { Sectors = b });
    }

    [Fact]
    public void Overlaps_IsSubsetOf_Intersect()
    {
        ValueSet<string> set = ["gas", "water"];

        Assert.True(set.Overlaps(["finance", "water"]));
        Assert.False(set.Overlaps([]));
        Assert.True(ValueSet.Of("gas").IsSubsetOf(set));
        Assert.False(ValueSet.Of("gas", "finance").IsSubsetOf(set));
        Assert.Equal(["water"], set.Intersect(["water", "finance"]));
    }
}
