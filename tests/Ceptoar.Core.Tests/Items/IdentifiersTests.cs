using Ceptoar.Core.Items;

namespace Ceptoar.Core.Tests.Items;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("ab", true)]
    [InlineData("electricity-ceptoar", true)]
    [InlineData("nisc", true)]
    [InlineData("t-ceptoar", true)]
    [InlineData("a1", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("a", false)]
    [InlineData("1ab", false)]
    [InlineData("-ab", false)]
    [InlineData("Ab", false)]
    [InlineData("a_b", false)]
    [InlineData("a.b", false)]
    [InlineData("a b", false)]
    [InlineData("ａb", false)]
    [InlineData("é-node", false)]
    public void IsValidNodeId_Examples(string? id, bool expected)
    {
        Assert.Equal(expected, Identifiers.IsValidNodeId(id));
    }

    [Fact]
    public void IsValidNodeId_LengthBounds()
    {
        Assert.True(Identifiers.IsValidNodeId("a" + new string('b', 62)));
        Assert.False(Identifiers.IsValidNodeId("a" + new string('b', 63)));
    }

    [Fact]
    public void IsValidNodeId_EveryRosterCeptoarId_Valid()
    {
        Assert.All(Vocabulary.Default.Ceptoars, c => Assert.True(Identifiers.IsValidNodeId(c.Id), c.Id));
    }

    [Theory]
    [InlineData("12", true)]
    [InlineData("tokyo-gas", true)]
    [InlineData("0-bank", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("t", false)]
    [InlineData("Tokyo-gas", false)]
    [InlineData("tokyo_gas", false)]
    [InlineData("tokyo gas", false)]
    [InlineData("東京ガス", false)]
    public void IsValidMemberId_Examples(string? id, bool expected)
    {
        Assert.Equal(expected, Identifiers.IsValidMemberId(id));
    }

    [Fact]
    public void IsValidMemberId_LengthBounds()
    {
        Assert.True(Identifiers.IsValidMemberId(new string('m', 64)));
        Assert.False(Identifiers.IsValidMemberId(new string('m', 65)));
    }

    [Theory]
    [InlineData("ja", true)]
    [InlineData("en", true)]
    [InlineData("EN-gb", true)]
    [InlineData("zh-Hant-TW", true)]
    [InlineData("de-CH-1996", true)]
    [InlineData("ja-Latn-hepburn", true)]
    [InlineData("yue-HK", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("j", false)]
    [InlineData("japa", false)]
    [InlineData("ja--JP", false)]
    [InlineData("ja-", false)]
    [InlineData("-ja", false)]
    [InlineData("ja JP", false)]
    [InlineData("ja-abcdefghi", false)]
    [InlineData("ja-JP-x-123456789", false)]
    [InlineData("日本語", false)]
    public void IsPlausibleLanguageTag_Examples(string? tag, bool expected)
    {
        Assert.Equal(expected, Identifiers.IsPlausibleLanguageTag(tag));
    }

    [Fact]
    public void IsPlausibleLanguageTag_LengthBound()
    {
        Assert.True(Identifiers.IsPlausibleLanguageTag("en-" + string.Join("-", Enumerable.Repeat("abcdefg", 4))));
        Assert.False(Identifiers.IsPlausibleLanguageTag("en-" + string.Join("-", Enumerable.Repeat("abcdefgh", 4))));
    }
}
