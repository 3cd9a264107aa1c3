using Ceptoar.AdminCli.Input;

namespace Ceptoar.AdminCli.Tests;

public sealed class ArgumentRulesTests
{
    [Theory]
    [InlineData("ab", true)]
    [InlineData("mizuho-bank", true)]
    [InlineData("7-eleven", true)]
    [InlineData("a", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Mizuho", false)]
    [InlineData("mizuho_bank", false)]
    [InlineData("mizuho bank", false)]
    [InlineData("みずほ", false)]
    [InlineData("bank.jp", false)]
    public void IsMemberId_Examples_FollowTheRule(string? value, bool expected)
    {
        Assert.Equal(expected, ArgumentRules.IsMemberId(value));
    }

    [Fact]
    public void IsMemberId_LengthBounds_AreTwoToSixtyFour()
    {
        Assert.True(ArgumentRules.IsMemberId(new string('a', 64)));
        Assert.False(ArgumentRules.IsMemberId(new string('a', 65)));
        Assert.True(ArgumentRules.IsMemberId("a1"));
    }

    [Theory]
    [InlineData("soc@example.jp", true)]
    [InlineData("a@b", true)]
    [InlineData("@example.jp", false)]
    [InlineData("soc@", false)]
    [InlineData("soc", false)]
    [InlineData("a@b@c", false)]
    [InlineData("so c@example.jp", false)]
    [InlineData(null, false)]
    public void IsEmail_Examples_FollowTheRule(string? value, bool expected)
    {
        Assert.Equal(expected, ArgumentRules.IsEmail(value));
    }

    [Theory]
    [InlineData("2025-04-01", "2025-04-01T00:00:00+00:00")]
    [InlineData("2025-04-01T09:00:00Z", "2025-04-01T09:00:00+00:00")]
    [InlineData("2025-04-01T09:00:00+09:00", "2025-04-01T00:00:00+00:00")]
    [InlineData("2025-04-01T09:00", "2025-04-01T09:00:00+00:00")]
    public void TryParseTime_IsoForms_AreReadAsUtc(string text, string expected)
    {
        Assert.True(ArgumentRules.TryParseTime(text, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(TimeSpan.Zero, time.Offset);
    }

    [Theory]
    [InlineData("4/1/2025")]
    [InlineData("April 1, 2025")]
    [InlineData("2025-13-01")]
    [InlineData("")]
    public void TryParseTime_NotIso_Fails(string text)
    {
        Assert.False(ArgumentRules.TryParseTime(text, out _));
    }

    [Theory]
    [InlineData("01890a5d-ac96-774b-bcce-b302099a8057", true)]
    [InlineData("01890a5dac96774bbcceb302099a8057", false)]
    [InlineData("item-1", false)]
    public void IsItemId_Examples_AcceptOnlyHyphenatedUuids(string value, bool expected)
    {
        Assert.Equal(expected, ArgumentRules.IsItemId(value));
    }
}
