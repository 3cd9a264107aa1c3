using System.Text.Json;
using Ceptoar.AdminCli;
using Ceptoar.Federation.V1;

namespace Ceptoar.Node.Tests.Statistics;

/// <summary>
/// `ceptoar-admin stats sharing` against a real node (bank-ceptoar, finance) after a member shared two GREEN reports and
/// one exercise: the table in each language, the CSV a spreadsheet in Japan opens (UTF-8 with BOM, the header in the
/// chosen language), the JSON for programs. The expected text is written here from those three items.
/// </summary>
public sealed class SharingStatisticsCliTests : IAsyncLifetime
{
    private readonly TestDirectory _dir = new();

    private TestNode Node { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await TestNode.StartAsync(new TestFederation(_dir.Combine("pki")), "bank-ceptoar", _dir.Combine("data"), s => s["Node:Sectors:0"] = "finance");
        var key = await Node.AddMemberWithKeyAsync("kappa-shinkin", "finance");
        var member = Node.Member(key);
        await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "first report")));
        await member.SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Green, "second report")));
        var exercise = Drafts.Incident(Tlp.Green, "exercise report");
        exercise.Exercise = true;
        await member.SubmitAsync(Drafts.Request(exercise));
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task StatsSharing_CsvInJapanese_BomJapaneseHeaderAndEverySector()
    {
        var (code, output, error) = await CliAsync("stats", "sharing", "--format", "csv", "--lang", "ja");

        Assert.True(code == 0, error);
        Assert.StartsWith("\uFEFF分野,名称,発信,受信,取り下げ,月平均,中央値比\r\n", output, StringComparison.Ordinal);
        var lines = output.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        // The header and the thirteen sectors of the roster; 2 items over the default twelve months is 0.17 a month, and
        // with twelve sectors at zero the median sector shares nothing, so the ratio cell is empty.
        Assert.Equal(14, lines.Length);
        Assert.Equal("ict,情報通信,0,0,0,0,", lines[1]);
        Assert.Equal("finance,金融,2,0,0,0.17,", lines[2]);
    }

    [Fact]
    public async Task StatsSharing_CsvInEnglish_EnglishHeader()
    {
        var (code, output, error) = await CliAsync("stats", "sharing", "--format", "csv", "--by", "label", "--lang", "en");

        Assert.True(code == 0, error);
        Assert.Equal("\uFEFFLabel,Sent,Received,Withdrawn\r\nCLEAR,0,0,0\r\nGREEN,2,0,0\r\nAMBER,0,0,0\r\nAMBER+STRICT,0,0,0\r\nRED,0,0,0\r\n", output);
    }

    [Fact]
    public async Task StatsSharing_TableInEachLanguage_HeadingTotalsAndWhatWasLeftOut()
    {
        var english = await CliAsync("stats", "sharing", "--lang", "en");
        var japanese = await CliAsync("stats", "sharing", "--lang", "ja");

        Assert.True(english.Code == 0, english.Error);
        Assert.True(japanese.Code == 0, japanese.Error);
        Assert.StartsWith("Sharing statistics at bank-ceptoar: ", english.Output, StringComparison.Ordinal);
        Assert.Contains("(12 months, Asia/Tokyo), by sector, sent and received.", english.Output, StringComparison.Ordinal);
        Assert.Contains("Finance", english.Output, StringComparison.Ordinal);
        Assert.Contains("In all: 2 sent, 0 received, 0 of them withdrawn by their origin.", english.Output, StringComparison.Ordinal);
        Assert.Contains("Not counted: 1 exercise items, 0 node-made items", english.Output, StringComparison.Ordinal);
        Assert.StartsWith("bank-ceptoar の情報共有の統計: ", japanese.Output, StringComparison.Ordinal);
        Assert.Contains("金融", japanese.Output, StringComparison.Ordinal);
        Assert.Contains("合計: 発信 2 件、受信 0 件（うち発信元が取り下げたもの 0 件）。", japanese.Output, StringComparison.Ordinal);
        Assert.Contains("数えていないもの: 演習 1 件、", japanese.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatsSharing_Json_ProgramsReadTheFigures()
    {
        var (code, output, error) = await CliAsync("stats", "sharing", "--by", "kind", "--direction", "sent", "--format", "json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(("bank-ceptoar", "kind", "sent"), (root.GetProperty("nodeId").GetString(), root.GetProperty("groupBy").GetString(), root.GetProperty("direction").GetString()));
        // proto3 JSON writes 64-bit integers as strings.
        Assert.Equal(("2", "1"), (root.GetProperty("sent").GetString(), root.GetProperty("exercisesLeftOut").GetString()));
        var first = root.GetProperty("rows")[0];
        Assert.Equal(("incident-report", "障害・攻撃情報", "2"), (first.GetProperty("key").GetString(), first.GetProperty("nameJa").GetString(), first.GetProperty("sent").GetString()));
        Assert.Equal(10, root.GetProperty("rows").GetArrayLength());
    }

    private async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--socket", Node.Ready.AdminSocket], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
