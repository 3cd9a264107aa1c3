using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

public sealed class VocabularyTests : IDisposable
{
    private const string ValidThreats = """
        {"version": "2030", "threat_types": [{"code": "attack.intrusion", "ja": "不正侵入", "en": "Intrusion"}, {"code": "other", "ja": "その他", "en": "Other"}]}
        """;

    private const string ValidRoster = """
        {
          "version": "2030",
          "sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}, {"code": "space", "ja": "宇宙", "en": "Space"}],
          "ceptoars": [{"id": "space-ceptoar", "sector": "space", "name": "Space CEPTOAR", "secretariat_ja": "宇宙協会", "means": ["email"]}]
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("ceptoar-vocabulary-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Default_Embedded_HasThe13SectorsOf2014()
    {
        var vocabulary = Vocabulary.Default;

        Assert.Equal(13, vocabulary.Sectors.Count);
        Assert.Equal(new Sector("finance", "金融", "Finance"), vocabulary.Sectors["finance"]);
        Assert.Equal("ict", vocabulary.Sectors.Keys.First());
        Assert.Equal("2014", vocabulary.Version);
        Assert.Equal("2014", vocabulary.RosterVersion);
        Assert.Equal("2014", vocabulary.ThreatTypesVersion);
    }

    [Fact]
    public void Default_Embedded_HasThe18CeptoarsWithKnownSectors()
    {
        var vocabulary = Vocabulary.Default;

        Assert.Equal(18, vocabulary.Ceptoars.Count);
        Assert.All(vocabulary.Ceptoars, c => Assert.Contains(c.Sector, vocabulary.Sectors.Keys));
        var electricity = vocabulary.Ceptoars.Single(c => c.Id == "electricity-ceptoar");
        Assert.Equal("electricity", electricity.Sector);
        Assert.Contains("tv-conference", electricity.Means);
        Assert.Empty(vocabulary.Ceptoars.Single(c => c.Id == "petroleum-ceptoar").Means);
    }

    [Theory]
    [InlineData("finance", "fsa")]
    [InlineData("ict", "mic")]
    [InlineData("government", "mic")]
    [InlineData("water", "mhlw")]
    [InlineData("electricity", "meti")]
    [InlineData("railway", "mlit")]
    public void Default_Ministries_TheRostersSectorToMinistryMap(string sector, string ministry)
    {
        Assert.Equal([ministry], Vocabulary.Default.MinistriesOf(sector));
    }

    [Fact]
    public void Default_Ministries_FiveAndEverySectorOverseen()
    {
        var vocabulary = Vocabulary.Default;

        Assert.Equal(["fsa", "mic", "mhlw", "meti", "mlit"], vocabulary.Ministries.Select(m => m.Id));
        Assert.Equal("金融庁", vocabulary.Ministry("fsa")!.NameJa);
        Assert.Null(vocabulary.Ministry("npa"));
        Assert.All(vocabulary.Sectors.Keys, sector => Assert.Single(vocabulary.MinistriesOf(sector)));
    }

    [Theory]
    [InlineData("attack.intrusion", "不正侵入")]
    [InlineData("attack.tampering", "データ改ざん・破壊")]
    [InlineData("attack.malware", "ウイルス攻撃（マルウェア感染）")]
    [InlineData("attack.denial-of-service", "サービス不能攻撃")]
    [InlineData("attack.information-theft", "重要情報の窃取")]
    [InlineData("accident.operating-mistake", "操作・設定ミス")]
    [InlineData("accident.bug", "プログラム上の欠陥（バグ）")]
    [InlineData("accident.equipment-failure", "機器等の故障")]
    [InlineData("accident.contractor-mismanagement", "外部委託先の管理不備")]
    [InlineData("environmental.disaster", "災害（地震、水害、落雷、火災等）")]
    [InlineData("environmental.pandemic", "疫病による要員不足")]
    [InlineData("environmental.power-outage", "停電")]
    [InlineData("knock-on.failure-in-another-sector", "他分野の障害からの波及")]
    [InlineData("other", "その他")]
    public void Default_ThreatTypes_ContainThePlanFamilies(string code, string nameJa)
    {
        Assert.True(Vocabulary.Default.ThreatTypes.TryGetValue(code, out var names), code);
        Assert.Equal(nameJa, names.Ja);
        Assert.False(string.IsNullOrWhiteSpace(names.En));
    }

    [Fact]
    public void Default_ThreatTypes_AllInAKnownFamily()
    {
        string[] families = ["attack.", "accident.", "environmental.", "knock-on."];

        Assert.All(Vocabulary.Default.ThreatTypes.Keys, code => Assert.True(code == "other" || families.Any(code.StartsWith), code));
    }

    [Fact]
    public void Default_TwoCalls_SameInstance()
    {
        Assert.Same(Vocabulary.Default, Vocabulary.Default);
    }

    [Fact]
    public void Load_ValidFiles_UsesThem()
    {
        var vocabulary = Vocabulary.Load(Write("roster.json", ValidRoster), Write("threats.json", ValidThreats));

        Assert.Equal(["finance", "space"], vocabulary.Sectors.Keys);
        Assert.Equal(["attack.intrusion", "other"], vocabulary.ThreatTypes.Keys);
        Assert.Equal("2030", vocabulary.Version);
        var space = Assert.Single(vocabulary.Ceptoars);
        Assert.Equal(("space-ceptoar", "space", "Space CEPTOAR", "宇宙協会"), (space.Id, space.Sector, space.Name, space.SecretariatJa));
        Assert.Equal(["email"], space.Means);
    }

    [Fact]
    public void Load_NoThreatFile_UsesEmbeddedThreatTypes()
    {
        var vocabulary = Vocabulary.Load(Write("roster.json", ValidRoster), null);

        Assert.Equal(Vocabulary.Default.ThreatTypes.Keys, vocabulary.ThreatTypes.Keys);
        Assert.Equal("2030+2014", vocabulary.Version);
    }

    [Fact]
    public void Load_RosterWithoutVersion_TakesItFromFileName()
    {
        var roster = """{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}]}""";

        var vocabulary = Vocabulary.Load(Write("ceptoars-2023.json", roster), Write("threats.json", ValidThreats));

        Assert.Equal("2023", vocabulary.RosterVersion);
        Assert.Equal("2023+2030", vocabulary.Version);
        Assert.Empty(vocabulary.Ceptoars);
    }

    [Theory]
    [InlineData("""{"sectors": []}""", "sectors")]
    [InlineData("""{"sectors": "finance"}""", "sectors")]
    [InlineData("""{"ceptoars": []}""", "sectors")]
    [InlineData("""{"sectors": [{"ja": "金融", "en": "Finance"}]}""", "sectors[0].code")]
    [InlineData("""{"sectors": [{"code": "Finance", "ja": "金融", "en": "Finance"}]}""", "sectors[0].code")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}, {"code": "finance", "ja": "金融", "en": "Finance"}]}""", "sectors[1].code")]
    [InlineData("""{"sectors": [{"code": "finance", "en": "Finance"}]}""", "sectors[0].ja")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": 3}]}""", "sectors[0].en")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": " "}]}""", "sectors[0].en")]
    [InlineData("""{"sectors": ["finance"]}""", "sectors[0]")]
    [InlineData("""{"version": 2030, "sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}]}""", "version")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ceptoars": [{"id": "x", "sector": "finance", "name": "X"}]}""", "ceptoars[0].id")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ceptoars": [{"id": "bank-ceptoar", "sector": "banking", "name": "X"}]}""", "ceptoars[0].sector")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ceptoars": [{"id": "bank-ceptoar", "sector": "finance"}]}""", "ceptoars[0].name")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ceptoars": [{"id": "bank-ceptoar", "sector": "finance", "name": "X", "means": "email"}]}""", "ceptoars[0].means")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ceptoars": [{"id": "bank-ceptoar", "sector": "finance", "name": "X", "means": ["email", ""]}]}""", "ceptoars[0].means[1]")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ceptoars": [{"id": "bank-ceptoar", "sector": "finance", "name": "X"}, {"id": "bank-ceptoar", "sector": "finance", "name": "Y"}]}""", "ceptoars[1].id")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ministries": [{"id": "fsa", "sectors": ["banking"]}]}""", "ministries[0].sectors[0]")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ministries": [{"id": "fsa"}]}""", "ministries[0].sectors")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ministries": [{"id": "F", "sectors": ["finance"]}]}""", "ministries[0].id")]
    [InlineData("""{"sectors": [{"code": "finance", "ja": "金融", "en": "Finance"}], "ministries": [{"id": "fsa", "sectors": []}, {"id": "fsa", "sectors": []}]}""", "ministries[1].id")]
    [InlineData("""["finance"]""", "$")]
    public void Load_BadRoster_ThrowsNamingFileAndField(string json, string field)
    {
        var path = Write("bad-roster.json", json);

        var error = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path, Write("threats.json", ValidThreats)));

        Assert.Contains(path, error.Message);
        Assert.Contains($"field {field}:", error.Message);
    }

    [Theory]
    [InlineData("""{"threat_types": [{"code": "other", "ja": "その他", "en": "Other"}]}""", "version")]
    [InlineData("""{"version": "1", "threat_types": []}""", "threat_types")]
    [InlineData("""{"version": "1"}""", "threat_types")]
    [InlineData("""{"version": "1", "threat_types": [{"code": "attack..x", "ja": "a", "en": "b"}]}""", "threat_types[0].code")]
    [InlineData("""{"version": "1", "threat_types": [{"code": "Attack.X", "ja": "a", "en": "b"}]}""", "threat_types[0].code")]
    [InlineData("""{"version": "1", "threat_types": [{"code": "other", "ja": "a", "en": "b"}, {"code": "other", "ja": "a", "en": "b"}]}""", "threat_types[1].code")]
    [InlineData("""{"version": "1", "threat_types": [{"code": "other", "en": "b"}]}""", "threat_types[0].ja")]
    [InlineData("""{"version": "1", "threat_types": [{"code": "other", "ja": "a"}]}""", "threat_types[0].en")]
    public void Load_BadThreatTypes_ThrowsNamingFileAndField(string json, string field)
    {
        var path = Write("bad-threats.json", json);

        var error = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(Write("roster.json", ValidRoster), path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"field {field}:", error.Message);
    }

    [Fact]
    public void Load_NotJson_ThrowsNamingFileAndLine()
    {
        var path = Write("broken.json", "{\n  \"sectors\": [\n    {\"code\": \"finance\",,}\n  ]\n}");

        var error = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(path, null));

        Assert.Contains(path, error.Message);
        Assert.Contains("line 3", error.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFound()
    {
        var path = Path.Combine(_directory, "absent.json");

        var error = Assert.Throws<FileNotFoundException>(() => Vocabulary.Load(path, null));

        Assert.Contains("absent.json", error.Message);
    }

    [Fact]
    public void Load_CustomVocabulary_ValidatorUsesIt()
    {
        var vocabulary = Vocabulary.Load(Write("roster.json", ValidRoster), Write("threats.json", ValidThreats));
        var validator = new ItemValidator(vocabulary, new ItemLimits());
        var draft = TestItems.Draft(Tlp.Amber);
        draft.Audience.Sectors[0] = "space";

        Assert.Empty(validator.ValidateDraft(draft, TestItems.Now));

        draft.Audience.Sectors[0] = "electricity";
        draft.Body.Why.ThreatType = "accident.bug";
        Assert.Equal(["draft.audience.sectors[0]", "draft.body.why.threat_type"], TestItems.Fields(validator.ValidateDraft(draft, TestItems.Now)));
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
