namespace Ceptoar.Node.Tests.Integration;

/// <summary>The demo's large-scale run: `demo --scenario large-scale` (docs/MODES.md §7).</summary>
public sealed class LargeScaleDemoRunFixture : DemoRunFixture
{
    protected override IReadOnlyList<string> Scenario => ["--scenario", "large-scale"];
}

/// <summary>
/// `ceptoar-admin demo --scenario large-scale` end to end on the ten sample nodes: the switch and back, reports up by the
/// standing copies, the terror-suspected AMBER report only where entitled, the status board kept as the period's report.
/// </summary>
[Collection(nameof(DemoCollection))]
public sealed class DemoLargeScaleTests(LargeScaleDemoRunFixture run) : IClassFixture<LargeScaleDemoRunFixture>
{
    private static readonly string[] SampleNodes =
        ["nisc", "council", "bank-ceptoar", "electricity-ceptoar", "local-gov-ceptoar", "fsa", "meti", "cas-crisis", "cao-disaster", "npa"];

    // Who may read each report, stated here (not by the demo or the policy): the GREEN damage report of the bank goes to its
    // sector and, by the standing copies, to NISC, the FSA and the disaster-management ministry; the GREEN response status of
    // the electricity company likewise with METI. The AMBER terror-suspected report, with its reporter's consent, goes to
    // NISC, the FSA, the disaster-management ministry and the Cabinet crisis office; the Council may relay it sealed.
    private static readonly Dictionary<string, (string Damage, string Status, string[] Terror)> Expected = new(StringComparer.Ordinal)
    {
        ["nisc"] = ("readable", "readable", ["readable"]),
        ["council"] = ("readable", "readable", ["ciphertext", "-"]),
        ["bank-ceptoar"] = ("readable", "-", ["readable"]),
        ["electricity-ceptoar"] = ("-", "readable", ["-"]),
        ["local-gov-ceptoar"] = ("-", "-", ["-"]),
        ["fsa"] = ("readable", "-", ["readable"]),
        ["meti"] = ("-", "readable", ["-"]),
        ["cas-crisis"] = ("-", "-", ["readable"]),
        ["cao-disaster"] = ("readable", "readable", ["readable"]),
        ["npa"] = ("-", "-", ["-"]),
    };

    [Fact]
    public void Demo_LargeScale_ExitsZeroAndLeavesNoNodeRunning()
    {
        Assert.True(run.ExitCode == 0, run.Diagnostics($"exit code {run.ExitCode}"));
        Assert.Empty(run.LeftRunning);
        Assert.Contains("Large-scale scenario: everything went where it was entitled to, and nowhere else.", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_LargeScale_EveryNodeSwitchesAndSwitchesBack()
    {
        foreach (var node in SampleNodes)
        {
            Assert.True(run.Output.Contains($"  {node}: large-scale after ", StringComparison.Ordinal), run.Diagnostics($"{node} did not switch"));
            Assert.True(run.Output.Contains($"  {node}: normal after ", StringComparison.Ordinal), run.Diagnostics($"{node} did not switch back"));
        }
    }

    [Fact]
    public void Demo_LargeScale_EachReportReadableExactlyWhereEntitled()
    {
        var rows = run.Output.Split('\n')
            .Select(l => l.Trim().Split('│', StringSplitOptions.TrimEntries))
            .Where(cells => cells.Length == 6 && Expected.ContainsKey(cells[1]))
            .ToDictionary(cells => cells[1], cells => (Damage: cells[2], Status: cells[3], Terror: cells[4]), StringComparer.Ordinal);

        Assert.True(rows.Count == SampleNodes.Length, run.Diagnostics($"the where-read table has {rows.Count} node rows"));
        foreach (var (node, expected) in Expected)
        {
            Assert.True(rows[node].Damage == expected.Damage, run.Diagnostics($"{node}: damage report {rows[node].Damage}, expected {expected.Damage}"));
            Assert.True(rows[node].Status == expected.Status, run.Diagnostics($"{node}: response status {rows[node].Status}, expected {expected.Status}"));
            Assert.True(expected.Terror.Contains(rows[node].Terror), run.Diagnostics($"{node}: terror-suspected report {rows[node].Terror}"));
        }
    }

    [Fact]
    public void Demo_LargeScale_SubmitAnswersNameTheCopies()
    {
        Assert.Contains("addressed to cao-disaster, fsa, nisc; standing copies added: nisc, role:disaster-management, sector-ministry", run.Output, StringComparison.Ordinal);
        Assert.Contains("addressed to cao-disaster, meti, nisc; standing copies added: nisc, role:disaster-management, sector-ministry", run.Output, StringComparison.Ordinal);
        Assert.Contains(
            "addressed to cao-disaster, cas-crisis, fsa, nisc; standing copies added: nisc, role:cabinet-crisis, role:disaster-management, sector-ministry",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_LargeScale_BoardShowsTheReportsAndIsKeptAfterTheSwitchBack()
    {
        var kept = run.Output.IndexOf("The period's board is kept as its report", StringComparison.Ordinal);

        Assert.True(kept > 0, run.Diagnostics("no kept board"));
        var after = run.Output[kept..];
        Assert.Contains(", ended ", after, StringComparison.Ordinal);
        Assert.Contains("grid operation continues", after, StringComparison.Ordinal);
        Assert.Contains("terrorism suspected", after, StringComparison.Ordinal);
        Assert.Contains("local-gov-ceptoar (Local Government CEPTOAR)", after, StringComparison.Ordinal);
    }
}
