using Ceptoar.Node.Api;

namespace Ceptoar.Node.Tests.Localization;

/// <summary>How the accept-language header of a member call picks Japanese or English (README, "Language of the member API").</summary>
public sealed class CallLanguageTests
{
    [Theory]
    [InlineData("ja")]
    [InlineData("JA-jp")]
    [InlineData("ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7")]
    [InlineData("fr-CA, ja;q=0.1")]
    [InlineData("en;q=0.4, ja;q=0.6")]
    [InlineData("ja, en")]
    public void Choose_JapaneseIsTheBestSupported_Japanese(string header)
    {
        Assert.Equal("ja", CallLanguage.Choose([header]).Name);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-GB, ja")]
    [InlineData("ja;q=0.5, en;q=0.9")]
    [InlineData("ja;q=0")]
    [InlineData("ja;q=0, fr")]
    [InlineData("*, ja;q=0.5")]
    [InlineData("fr, de")]
    [InlineData("jav")]
    [InlineData("japanese")]
    [InlineData(";;q=abc,")]
    [InlineData("")]
    public void Choose_JapaneseIsNotTheBestSupported_English(string header)
    {
        Assert.Equal("", CallLanguage.Choose([header]).Name);
    }

    [Fact]
    public void Choose_NoHeader_English()
    {
        Assert.Equal("", CallLanguage.Choose(null).Name);
        Assert.Equal("", CallLanguage.Choose([]).Name);
    }

    [Fact]
    public void Choose_HeaderSentTwice_BothValuesRanked()
    {
        Assert.Equal("ja", CallLanguage.Choose(["fr;q=0.9", "ja;q=0.8, en;q=0.2"]).Name);
    }
}
