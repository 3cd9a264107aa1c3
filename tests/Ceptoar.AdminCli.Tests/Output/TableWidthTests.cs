using System.Globalization;
using Ceptoar.AdminCli.Demo;
using Ceptoar.AdminCli.Output;

namespace Ceptoar.AdminCli.Tests.Output;

/// <summary>
/// Tables and padded lines mixing Japanese and ASCII line up in a terminal: a wide (East Asian Wide or Fullwidth) character takes two
/// columns, so cells are padded by display width, not by character count. The widths are stated here, by the Unicode
/// blocks the test text uses, not computed by the code under test.
/// </summary>
public sealed class TableWidthTests
{
    [Fact]
    public void Rows_JapaneseAndAsciiCells_ColumnBordersLineUpByDisplayWidth()
    {
        var writer = new StringWriter();
        var output = new CliOutput(writer);

        output.Rows(["ID", "名前", "経路"], [["ct-1", "佐藤 花子", "メール"], ["ct-22", "John Smith", "Webhook"], ["ct-333", "ＡＢＣ株式会社", "e-mail"]]);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        var rows = lines.Where(l => l.Contains("ct-", StringComparison.Ordinal) || l.Contains("ID", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, rows.Count);
        var borders = rows.Select(BorderColumns).ToList();
        Assert.All(borders, b => Assert.Equal(4, b.Count));
        Assert.All(borders, b => Assert.Equal(borders[0], b));
        Assert.All(lines, l => Assert.Equal(Columns(lines[0]), Columns(l)));
    }

    [Theory]
    [InlineData("事務局当番", 17, "事務局当番       ")]
    [InlineData("tokyo-electric", 17, "tokyo-electric   ")]
    [InlineData("ＡＢＣ", 8, "ＡＢＣ  ")]
    [InlineData("とても長い構成員の名前です", 17, "とても長い構成員の名前です")]
    public void PadRight_MixedText_PadsToDisplayColumns(string text, int columns, string expected)
    {
        Assert.Equal(expected, DisplayWidth.PadRight(text, columns));
    }

    [Fact]
    public void PersonLine_DutyRosterInJapaneseBesideAMember_NamesStartInOneColumn()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");

        var duty = DemoScenario.PersonLine("bank-ceptoar", null, "当番 一郎", "ja", "duty@bank.example");
        var member = DemoScenario.PersonLine("bank-ceptoar", "tokyo-electric", "Alice Smith", "en", "alice@tepco.example");

        Assert.Contains("事務局当番", duty, StringComparison.Ordinal);
        Assert.Equal(Columns(member[..member.IndexOf("Alice", StringComparison.Ordinal)]), Columns(duty[..duty.IndexOf("当番 一郎", StringComparison.Ordinal)]));
    }

    /// <summary>The display columns at which a row's vertical borders stand.</summary>
    private static List<int> BorderColumns(string line)
    {
        var columns = new List<int>();
        var column = 0;
        foreach (var c in line)
        {
            if (c is '│' or '|')
            {
                columns.Add(column);
            }

            column += Width(c);
        }

        return columns;
    }

    private static int Columns(string line) => line.Sum(Width);

    // The test text's wide characters: hiragana, katakana, CJK ideographs and fullwidth Latin letters take two columns.
    private static int Width(char c) => c is (>= '\u3040' and <= '\u30FF') or (>= '\u4E00' and <= '\u9FFF') or (>= '\uFF01' and <= '\uFF60') ? 2 : 1;
}
