using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>The resource files of ceptoar-admin: both languages complete, placeholders that agree, TLP labels as TLP 2.0 spells them.</summary>
public sealed partial class ResourceFilesTests
{
    private static readonly string[] TlpLabels = ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"];

    public static TheoryData<string> EnglishFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in NeutralFiles())
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file));
        }

        return data;
    }

    [Fact]
    public void ResourceFiles_EveryCapabilityFolder_HasEnglishAndJapanese()
    {
        var folders = NeutralFiles().Select(f => Path.GetFileName(Path.GetDirectoryName(f)!)).ToHashSet();

        // The folders whose commands print text; a new folder with text needs its own pair (or the Localization one).
        foreach (var folder in new[] { "Audit", "Demo", "Input", "Items", "Keys", "Localization", "Members", "Node", "Peers", "Pki", "Query", "Queue", "Rules" })
        {
            Assert.Contains(folder, folders);
        }

        Assert.All(NeutralFiles(), file => Assert.True(File.Exists(JapaneseOf(file)), $"{JapaneseOf(file)} is missing"));
    }

    [Theory]
    [MemberData(nameof(EnglishFiles))]
    public void ResourceFile_BothLanguages_HaveTheSameKeysAndNoEmptyValue(string englishFile)
    {
        var english = Read(Path.Combine(RepositoryRoot.Path, englishFile));
        var japanese = Read(JapaneseOf(Path.Combine(RepositoryRoot.Path, englishFile)));

        Assert.Empty(english.Keys.Except(japanese.Keys));
        Assert.Empty(japanese.Keys.Except(english.Keys));
        Assert.All(english.Concat(japanese), entry => Assert.False(string.IsNullOrWhiteSpace(entry.Value), $"{entry.Key} is empty"));
    }

    [Theory]
    [MemberData(nameof(EnglishFiles))]
    public void ResourceFile_BothLanguages_UseTheSamePlaceholders(string englishFile)
    {
        var english = Read(Path.Combine(RepositoryRoot.Path, englishFile));
        var japanese = Read(JapaneseOf(Path.Combine(RepositoryRoot.Path, englishFile)));

        var mismatched = english
            .Where(e => japanese.TryGetValue(e.Key, out var ja) && !Placeholders(e.Value).SequenceEqual(Placeholders(ja)))
            .Select(e => $"{e.Key}: en {{{string.Join(',', Placeholders(e.Value))}}} / ja {{{string.Join(',', Placeholders(japanese[e.Key]))}}}")
            .ToList();

        Assert.True(mismatched.Count == 0, string.Join('\n', mismatched));
    }

    [Theory]
    [MemberData(nameof(EnglishFiles))]
    public void ResourceFile_Japanese_IsJapaneseAndKeepsTlpLabelsAsTlp20SpellsThem(string englishFile)
    {
        var english = Read(Path.Combine(RepositoryRoot.Path, englishFile));
        var japanese = Read(JapaneseOf(Path.Combine(RepositoryRoot.Path, englishFile)));

        foreach (var (key, value) in japanese)
        {
            Assert.All(TlpLabel().Matches(value), label => Assert.Contains(label.Value, TlpLabels));
            Assert.All(TlpLabel().Matches(english[key]), label => Assert.Contains(label.Value, TlpLabel().Matches(value).Select(m => m.Value)));
        }

        // A translation that is only a copy of the English is no translation; short technical values and command lines agree.
        var untranslated = japanese
            .Where(j => english[j.Key] == j.Value && Words().Matches(j.Value).Count >= 3 && !CommandLine().IsMatch(j.Value))
            .Select(j => j.Key)
            .ToList();
        Assert.True(untranslated.Count == 0, "not translated: " + string.Join(", ", untranslated));
    }

    [Fact]
    public void ResourceManager_JapaneseCulture_ReadsTheJapaneseSatellite()
    {
        var manager = new ResourceManager("Ceptoar.AdminCli.Members.MembersText", typeof(CliApp).Assembly);

        Assert.Equal("構成員を1件表示します。", manager.GetString("ShowDescription", CultureInfo.GetCultureInfo("ja-JP")));
        Assert.Equal("Show one member.", manager.GetString("ShowDescription", CultureInfo.InvariantCulture));
    }

    private static IEnumerable<string> NeutralFiles() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "admin-cli"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => !Path.GetFileNameWithoutExtension(f).Contains('.', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    private static string JapaneseOf(string neutral) => Path.ChangeExtension(neutral, ".ja.resx");

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty, StringComparer.Ordinal);

    // The numbered holes a format string fills, in order of index; "{{" is a literal brace.
    private static IReadOnlyList<int> Placeholders(string format) =>
        [.. Placeholder().Matches(format.Replace("{{", string.Empty, StringComparison.Ordinal).Replace("}}", string.Empty, StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()];

    [GeneratedRegex(@"\{(\d+)(?:,-?\d+)?(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"TLP:[A-Z+]+")]
    private static partial Regex TlpLabel();

    [GeneratedRegex(@"^\s*(ceptoar-admin|grpcurl) ")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Words();
}
