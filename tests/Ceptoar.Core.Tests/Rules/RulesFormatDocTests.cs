using System.Text.RegularExpressions;
using Ceptoar.Core.Policy.Rules;
using Ceptoar.Federation.V1;
using static Ceptoar.Core.Tests.Rules.RuleKit;

namespace Ceptoar.Core.Tests.Rules;

/// <summary>RULES-FORMAT.md stays true: its rule files read without error, its default set and its dry run are what the code produces.</summary>
public sealed partial class RulesFormatDocTests
{
    private static readonly Lazy<string> Doc = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Federation.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return File.ReadAllText(Path.Combine(dir.FullName, "node", "Ceptoar.Core", "Policy", "Rules", "RULES-FORMAT.md"));
    });

    [Fact]
    public void Doc_RuleBlocks_ReadWithoutError()
    {
        var blocks = Blocks("rules");

        Assert.Equal(3, blocks.Count);
        Assert.All(blocks, b => Assert.Empty(RuleFile.Parse(b).Errors));
    }

    [Fact]
    public void Doc_DefaultSet_IsWhatWriteProduces() =>
        Assert.Equal(RuleFile.Write(RuleSet.Default), Blocks("rules")[0]);

    [Fact]
    public void Doc_DryRun_IsWhatDescribeProduces()
    {
        var (examples, _) = RuleFile.Parse(Blocks("rules")[2]);
        var subject = Submitted(Item(Tlp.Green, ToSectors("finance"), origin: Local), new MemberFacts("example-bank", "finance", []));

        var lines = RuleEvaluator.Evaluate(examples!, subject).Describe();

        Assert.Equal(Blocks("text")[0], string.Join('\n', lines) + "\n");
    }

    private static List<string> Blocks(string language) =>
        [.. FencePattern().Matches(Doc.Value).Where(m => m.Groups[1].Value == language).Select(m => m.Groups[2].Value)];

    [GeneratedRegex("^```(\\w+)\\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencePattern();
}
