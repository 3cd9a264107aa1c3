using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Ceptoar.AdminCli.Tests.Localization;

namespace Ceptoar.Node.Tests.Localization;

/// <summary>
/// The resource files of what the member API and the admin API say (issue 12 item 5): each folder has English and
/// Japanese, with the same keys and placeholders; the Japanese is a translation that keeps field paths, setting and enum
/// names, and the commands it tells staff to run, as they are.
/// </summary>
public sealed partial class MemberTextResourceTests
{
    /// <summary>The folders whose words reach member systems or staff, each with its pair (README, "Language of the member API").</summary>
    public static TheoryData<string> EnglishFiles() =>
    [
        "node/Ceptoar.Core/Items/ItemsText.resx",
        "node/Ceptoar.Core/Interchange/InterchangeText.resx",
        "node/Ceptoar.Node/Api/ApiText.resx",
        "node/Ceptoar.Node/Members/MembersText.resx",
        "node/Ceptoar.Node/Administration/AdministrationText.resx",
        "node/Ceptoar.Core/Interchange/Misp/MispText.resx",
        "node/Ceptoar.Node/Taxii/TaxiiText.resx",
    ];

    [Theory]
    [MemberData(nameof(EnglishFiles))]
    public void ResourceFile_BothLanguages_HaveTheSameKeysAndNoEmptyValue(string englishFile)
    {
        var (english, japanese) = Pair(englishFile);

        Assert.True(english.Count > 5, $"{englishFile} has only {english.Count} texts");
        Assert.Empty(english.Keys.Except(japanese.Keys));
        Assert.Empty(japanese.Keys.Except(english.Keys));
        Assert.All(english.Concat(japanese), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"{entry.Key} is empty"));
    }

    [Theory]
    [MemberData(nameof(EnglishFiles))]
    public void ResourceFile_BothLanguages_UseTheSamePlaceholders(string englishFile)
    {
        var (english, japanese) = Pair(englishFile);

        var mismatched = english
            .Where(e => !Placeholders(e.Value).SequenceEqual(Placeholders(japanese[e.Key])))
            .Select(e => $"{e.Key}: en {{{string.Join(',', Placeholders(e.Value))}}} / ja {{{string.Join(',', Placeholders(japanese[e.Key]))}}}")
            .ToList();

        Assert.True(mismatched.Count == 0, string.Join('\n', mismatched));
    }

    [Theory]
    [MemberData(nameof(EnglishFiles))]
    public void ResourceFile_Japanese_IsTranslatedAndKeepsNamesAsTheyAre(string englishFile)
    {
        var (english, japanese) = Pair(englishFile);

        var untranslated = japanese.Where(j => !JapaneseScript().IsMatch(j.Value) && Words().Matches(english[j.Key]).Count >= 2).Select(j => j.Key).ToList();
        Assert.True(untranslated.Count == 0, "not translated: " + string.Join(", ", untranslated));

        // Field paths, settings, enum and header names are what a member's engineer searches for: the same in both languages.
        var renamed = english
            .SelectMany(e => Names().Matches(e.Value).Select(m => (e.Key, Name: m.Value)))
            .Where(n => !japanese[n.Key].Contains(n.Name, StringComparison.Ordinal))
            .Select(n => $"{n.Key}: {n.Name}")
            .ToList();
        Assert.True(renamed.Count == 0, "names missing in Japanese: " + string.Join(", ", renamed));

        // A command a text tells staff to run (`items list`, `members show x`) is typed as written, whatever the language.
        var commands = english
            .SelectMany(e => Command().Matches(e.Value).Select(m => (e.Key, Command: m.Value)))
            .Where(c => !japanese[c.Key].Contains(c.Command, StringComparison.Ordinal))
            .Select(c => $"{c.Key}: {c.Command}")
            .ToList();
        Assert.True(commands.Count == 0, "commands changed in Japanese: " + string.Join(", ", commands));
    }

    [Fact]
    public void AdministrationText_IdentifierRules_SayWhatTheCoreChecks()
    {
        // The admin errors state the id rules in both languages; the English must stay the rule Core enforces.
        var (english, _) = Pair("node/Ceptoar.Node/Administration/AdministrationText.resx");

        Assert.Equal("2 to 63 characters of a-z, 0-9 and '-', starting with a letter, e.g. electricity-ceptoar", english["NodeIdRule"]);
        Assert.Equal("2 to 64 characters of a-z, 0-9 and '-', e.g. tokyo-electric", english["MemberIdRule"]);
        Assert.Equal("1 to 64 letters (any script), digits, '.', '_', '-' or '@', e.g. tanaka or 山田.taro", english["StaffNameRule"]);
        Assert.Equal(Core.Items.Identifiers.NodeIdRule, english["NodeIdRule"]);
        Assert.Equal(Core.Items.Identifiers.MemberIdRule, english["MemberIdRule"]);
        Assert.Equal(Core.Items.StaffNames.Rule, english["StaffNameRule"]);
    }

    [Fact]
    public void ResourceManagers_JapaneseCultures_ReadTheJapaneseSatellites()
    {
        var items = new ResourceManager("Ceptoar.Core.Items.ItemsText", typeof(Core.Items.ItemValidator).Assembly);
        var members = new ResourceManager("Ceptoar.Node.Members.MembersText", typeof(Node.Members.MemberApi).Assembly);
        var api = new ResourceManager("Ceptoar.Node.Api.ApiText", typeof(Node.Members.MemberApi).Assembly);
        var admin = new ResourceManager("Ceptoar.Node.Administration.AdministrationText", typeof(Node.Members.MemberApi).Assembly);

        Assert.Equal("件名", items.GetString("LabelTitle", CultureInfo.GetCultureInfo("ja-JP")));
        Assert.Equal("The title", items.GetString("LabelTitle", CultureInfo.InvariantCulture));
        Assert.Equal("1,000 文字を超えています: 短くしてください", members.GetString("NoteTooLong", CultureInfo.GetCultureInfo("ja")));
        Assert.Equal("is longer than 1,000 characters: shorten it", members.GetString("NoteTooLong", CultureInfo.GetCultureInfo("en-US")));
        Assert.Equal("リクエストが正しくありません: {0}", api.GetString("InvalidRequest", CultureInfo.GetCultureInfo("ja-JP")));
        Assert.Equal("必須です。", admin.GetString("TextRequired", CultureInfo.GetCultureInfo("ja-JP")));
        Assert.Equal("is required", admin.GetString("TextRequired", CultureInfo.InvariantCulture));
    }

    private static (Dictionary<string, string> English, Dictionary<string, string> Japanese) Pair(string englishFile)
    {
        var path = Path.Combine(RepositoryRoot.Path, englishFile);
        return (Read(path), Read(Path.ChangeExtension(path, ".ja.resx")));
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);

    // The numbered holes a format string fills, with their format, in order of index; "{{" is a literal brace.
    private static IReadOnlyList<string> Placeholders(string format) =>
        [.. Placeholder().Matches(format.Replace("{{", string.Empty, StringComparison.Ordinal).Replace("}}", string.Empty, StringComparison.Ordinal))
            .Select(m => m.Value)
            .Distinct()
            .Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{\d+(?:,-?\d+)?(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex JapaneseScript();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Words();

    // A command between backticks, as typed: `items list`, `rules remove {0}`.
    [GeneratedRegex(@"`[^`]+`")]
    private static partial Regex Command();

    // snake_case fields and their paths (draft.body.title, audience.nodes), TLP_ enum names, Settings:Names, TLP:LABELS.
    [GeneratedRegex(@"\b[a-z]+(?:_[a-z]+)+\b|\b[a-z]{2,}(?:\.[a-z_]{2,})+(?:\[\d+\])?\b|\bTLP[_:][A-Z_+]+|\b[A-Z][a-z]+:[A-Z][A-Za-z]+\b|grpc-encoding|UuidV7\.NewId|ItemKind")]
    private static partial Regex Names();
}
