using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Policy;

/// <summary>The notification texts exist in both languages, with the same placeholders, and are translated.</summary>
public sealed partial class NotificationTextsTests
{
    /// <summary>Keys whose text is the same in both languages on purpose.</summary>
    private static readonly HashSet<string> SameInBothLanguages = ["Body.Digest"];

    private static readonly Dictionary<string, string> English = Read(CultureInfo.InvariantCulture);
    private static readonly Dictionary<string, string> Japanese = Read(CultureInfo.GetCultureInfo("ja"));

    [Fact]
    public void Resources_EveryKeyInBothLanguages()
    {
        Assert.NotEmpty(English);
        Assert.Equal(English.Keys.Order(StringComparer.Ordinal), Japanese.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Resources_NoEmptyText()
    {
        Assert.All(English.Concat(Japanese), p => Assert.False(string.IsNullOrWhiteSpace(p.Value), $"{p.Key} is empty"));
    }

    [Fact]
    public void Resources_SamePlaceholdersInBothLanguages()
    {
        Assert.All(English, p => Assert.Equal(Placeholders(p.Value), Placeholders(Japanese.GetValueOrDefault(p.Key, ""))));
    }

    [Fact]
    public void Resources_JapaneseIsTranslated()
    {
        Assert.All(English.Where(p => !SameInBothLanguages.Contains(p.Key)), p =>
            Assert.True(Japanese.GetValueOrDefault(p.Key) != p.Value, $"{p.Key} is not translated: '{p.Value}'"));
        Assert.Equal("早期警戒情報", Japanese["Kind.EarlyWarning"]);
        Assert.Equal("[訓練]", Japanese["Subject.Exercise"]);
    }

    [Fact]
    public void Resources_EveryKindSeverityAndStatusHasAText()
    {
        var keys = Enum.GetValues<ItemKind>().Where(k => k != ItemKind.Unspecified).Select(k => "Kind." + k)
            .Concat(Enum.GetValues<Severity>().Select(s => "Severity." + s))
            .Concat(Enum.GetValues<HandlingStatus>().Where(s => s != HandlingStatus.Unspecified).Select(s => "Status." + s));

        Assert.All(keys, key => Assert.True(English.ContainsKey(key), $"{key} has no text"));
    }

    [Fact]
    public void Get_MissingKey_ThrowsNamingIt()
    {
        var e = Assert.Throws<InvalidOperationException>(() => NotificationTexts.Get(NotificationLanguage.Japanese, "No.Such.Key"));

        Assert.Contains("'No.Such.Key'", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        // tryParents: false, so a key missing from the Japanese file is not filled in from the English one.
        var set = NotificationTexts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no notification texts for '{culture.Name}'");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!, StringComparer.Ordinal);
    }

    private static List<string> Placeholders(string text) => [.. PlaceholderPattern().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();
}
