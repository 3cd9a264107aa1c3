using Ceptoar.AdminCli.Input;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

public sealed class FriendlyEnumTests
{
    [Theory]
    [InlineData("clear", Tlp.Clear)]
    [InlineData("green", Tlp.Green)]
    [InlineData("GREEN", Tlp.Green)]
    [InlineData("amber", Tlp.Amber)]
    [InlineData("amber+strict", Tlp.AmberStrict)]
    [InlineData("AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("AMBER_STRICT", Tlp.AmberStrict)]
    [InlineData("amber-strict", Tlp.AmberStrict)]
    [InlineData("AmberStrict", Tlp.AmberStrict)]
    [InlineData("TLP:AMBER+STRICT", Tlp.AmberStrict)]
    [InlineData("TLP_AMBER_STRICT", Tlp.AmberStrict)]
    [InlineData("tlp:red", Tlp.Red)]
    [InlineData("  red  ", Tlp.Red)]
    public void TryParse_TlpInFriendlyForms_GivesTheLabel(string text, Tlp expected)
    {
        Assert.True(Vocabulary.Tlp.TryParse(text, out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("incident-report", ItemKind.IncidentReport)]
    [InlineData("INCIDENT_REPORT", ItemKind.IncidentReport)]
    [InlineData("ITEM_KIND_INCIDENT_REPORT", ItemKind.IncidentReport)]
    [InlineData("IncidentReport", ItemKind.IncidentReport)]
    [InlineData("incident report", ItemKind.IncidentReport)]
    [InlineData("vulnerability-information", ItemKind.VulnerabilityInformation)]
    [InlineData("mode-change", ItemKind.ModeChange)]
    [InlineData("drill", ItemKind.Drill)]
    public void TryParse_KindInFriendlyForms_GivesTheKind(string text, ItemKind expected)
    {
        Assert.True(Vocabulary.Kind.TryParse(text, out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("unspecified")]
    [InlineData("TLP_UNSPECIFIED")]
    [InlineData("white")]
    [InlineData("amber+")]
    [InlineData("amber++strict")]
    [InlineData("+red")]
    [InlineData("3")]
    [InlineData("strict")]
    public void TryParse_NotALabel_Fails(string? text)
    {
        Assert.False(Vocabulary.Tlp.TryParse(text, out _));
    }

    [Theory]
    [InlineData("unspecified")]
    [InlineData("incident")]
    [InlineData("report")]
    [InlineData("1")]
    public void TryParse_NotAKind_Fails(string text)
    {
        Assert.False(Vocabulary.Kind.TryParse(text, out _));
    }

    [Fact]
    public void FormatThenTryParse_EveryTlpValue_RoundTrips()
    {
        var values = Enum.GetValues<Tlp>().Where(v => v != Tlp.Unspecified).ToList();

        Assert.Equal(values.Count, Vocabulary.Tlp.Names.Count);
        foreach (var value in values)
        {
            Assert.True(Vocabulary.Tlp.TryParse(Vocabulary.Tlp.Format(value), out var parsed));
            Assert.Equal(value, parsed);
            Assert.True(Vocabulary.Tlp.TryParse(Vocabulary.TlpLabel(value), out parsed));
            Assert.Equal(value, parsed);
        }
    }

    [Fact]
    public void FormatThenTryParse_EveryKind_RoundTrips()
    {
        var values = Enum.GetValues<ItemKind>().Where(v => v != ItemKind.Unspecified).ToList();

        Assert.Equal(values.Count, Vocabulary.Kind.Names.Count);
        foreach (var value in values)
        {
            Assert.True(Vocabulary.Kind.TryParse(Vocabulary.Kind.Format(value), out var parsed));
            Assert.Equal(value, parsed);
        }
    }

    [Fact]
    public void Names_Tlp_AreTheTlp2Spellings()
    {
        Assert.Equal(["clear", "green", "amber", "amber+strict", "red"], Vocabulary.Tlp.Names);
    }

    [Fact]
    public void Format_ValueUnknownToThisCli_ShowsItsNumber()
    {
        Assert.Equal("#99", Vocabulary.Kind.Format((ItemKind)99));
        Assert.Equal("unspecified", Vocabulary.Kind.Format(ItemKind.Unspecified));
        Assert.Equal("TLP:AMBER+STRICT", Vocabulary.TlpLabel(Tlp.AmberStrict));
    }

    [Fact]
    public void Problem_UnknownValue_ListsTheValidOnes()
    {
        var problem = Vocabulary.Kind.Problem("gossip");

        Assert.StartsWith("unknown item kind 'gossip'; valid values: incident-report, early-warning, attack-method,", problem);
        Assert.EndsWith("release, revocation, exercise-scenario, exercise-result.", problem);
    }
}
