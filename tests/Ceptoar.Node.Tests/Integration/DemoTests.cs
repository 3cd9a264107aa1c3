using System.Globalization;
using System.Text;
using Ceptoar.AdminCli;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>
/// The demo is the only test on the sample federation's fixed ports (7443–7447, 7301–7305; every other test listens on
/// port 0), and it starts five node processes: it runs alone, after the parallel tests, so nothing else competes for
/// those ports or for the CPU while its delivery settles.
/// </summary>
[CollectionDefinition(nameof(DemoCollection), DisableParallelization = true)]
public sealed class DemoCollection;

/// <summary>`ceptoar-admin demo` end to end: five real node processes, real mutual TLS, the report a secretariat admin reads.</summary>
[Collection(nameof(DemoCollection))]
public sealed class DemoTests(DemoRunFixture run) : IClassFixture<DemoRunFixture>
{
    [Fact]
    public void Demo_SampleFederation_ExitsZeroSayingEveryReportWentWhereItsLabelAllows()
    {
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Diagnostics($"the demo exited with {run.ExitCode}"));
        Assert.True(
            run.Output.Contains("Every report reached exactly the nodes and members its TLP label allows, and every recipient sent its receipt.", StringComparison.Ordinal),
            run.Diagnostics("no success line"));
        Assert.DoesNotContain("UNEXPECTED", run.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Demo_Green_ReachesEveryNodeAndAllSecretariatsMembersWithReceiptsAndAnAcknowledgement()
    {
        var line = run.SummaryLine("TLP:GREEN ");

        Assert.Contains("readable at every node", line, StringComparison.Ordinal);
        Assert.Contains("every other member of every secretariat sees it: mufg-bank, tepco and tokyo-metropolis", line, StringComparison.Ordinal);
        Assert.Contains("4 of 4 recipients sent a delivered receipt, 1 also acknowledged", line, StringComparison.Ordinal);
        Assert.Contains("(TLP:GREEN): delivered to 4 of 4 nodes, acknowledged by 1, 0 rejected", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Amber_OnlyElectricityReadsItAndTheHubsHoldCiphertextOnly()
    {
        var line = run.SummaryLine("TLP:AMBER ");

        Assert.Contains("readable only at electricity-ceptoar and its origin", line, StringComparison.Ordinal);
        Assert.Contains("the hubs nisc and council hold ciphertext only", line, StringComparison.Ordinal);
        Assert.Contains("no member sees it but its reporter mizuho-bank", line, StringComparison.Ordinal);
        Assert.Contains("1 of 1 recipient sent a delivered receipt", line, StringComparison.Ordinal);
        Assert.Contains(
            "(TLP:AMBER): delivered to 1 of 1 node, acknowledged by 0, 0 rejected; relayed by 2 hubs that are not recipients (council, nisc)",
            run.Output,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_AmberStrict_OnlyTheCouncilReadsItAndNoMemberSeesIt()
    {
        var line = run.SummaryLine("TLP:AMBER+STRICT ");

        Assert.Contains("readable only at council and its origin", line, StringComparison.Ordinal);
        Assert.DoesNotContain("ciphertext", line, StringComparison.Ordinal);
        Assert.Contains("no member sees it but its reporter mizuho-bank", line, StringComparison.Ordinal);
        Assert.Contains("1 of 1 recipient sent a delivered receipt", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_Contacts_TheReporterNodeShowsEveryNodesSampleContactsFromTheirDescriptors()
    {
        const string Heading = "How to reach each node's people, as bank-ceptoar knows it from their signed descriptors";
        var start = run.Output.IndexOf(Heading, StringComparison.Ordinal);
        Assert.True(start >= 0, run.Diagnostics("no contacts table"));
        var table = run.Output[start..];

        // Emergency numbers and addresses of certs-sample/<node>.node.json: the node's own, and those learned through the hubs.
        foreach (var contact in new[] { "03-0000-0199", "090-0000-0299", "emergency@local-gov-ceptoar.example.jp", "03-0000-0499", "03-0000-0599" })
        {
            Assert.Contains(contact, table, StringComparison.Ordinal);
        }

        Assert.Contains("Mobile: 090-0000-0201", table, StringComparison.Ordinal);
        Assert.Contains("Hours: 24/7", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_AfterTheRun_NoNodeProcessIsLeftRunning()
    {
        Assert.True(run.LeftRunning.Count == 0, run.Diagnostics($"node processes still running: {string.Join(", ", run.LeftRunning)}"));
        Assert.Contains("Stopping the nodes…", run.Output, StringComparison.Ordinal);
    }
}

/// <summary>
/// Runs the demo once for <see cref="DemoTests"/>, in a fresh base directory, with the node program built beside the tests.
/// Teardown kills any node process of that directory that is still alive, whatever went wrong, then deletes it.
/// </summary>
public sealed class DemoRunFixture : IAsyncLifetime
{
    private const int LogTailLines = 15;

    private readonly TestDirectory _dir = new();

    public int ExitCode { get; private set; } = -1;

    public string Output { get; private set; } = string.Empty;

    public string Error { get; private set; } = string.Empty;

    /// <summary>Node processes of this run still alive after the demo returned (it should have stopped them all).</summary>
    public IReadOnlyList<int> LeftRunning { get; private set; } = [];

    private string BaseDir => _dir.Combine("demo");

    public async Task InitializeAsync()
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            ExitCode = await CliApp.RunAsync(
                ["demo", "--base-dir", BaseDir, "--node", Path.Combine(AppContext.BaseDirectory, "ceptoar-node.dll")],
                output,
                error);
        }
        finally
        {
            Output = output.ToString();
            Error = error.ToString();
            LeftRunning = NodePids();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var pid in NodePids())
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                await process.WaitForExitAsync();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It exited between the scan and the kill.
            }
        }

        _dir.Dispose();
    }

    /// <summary>The "In short" line of the report for one label.</summary>
    public string SummaryLine(string labelColumn)
    {
        var lines = Output.Split('\n').Select(l => l.TrimEnd('\r'));
        var summary = lines.SkipWhile(l => l != "In short:").Skip(1).FirstOrDefault(l => l.StartsWith("  " + labelColumn, StringComparison.Ordinal));
        Assert.True(summary is not null, Diagnostics($"no summary line for {labelColumn.Trim()}"));
        return summary;
    }

    /// <summary>What to read when an assertion fails: the demo's output and the end of each node's console log.</summary>
    public string Diagnostics(string what)
    {
        var text = new StringBuilder().AppendLine(what).AppendLine("--- stdout").AppendLine(Output).AppendLine("--- stderr").AppendLine(Error);
        if (Directory.Exists(BaseDir))
        {
            foreach (var log in Directory.EnumerateFiles(BaseDir, "*.console.log").Order(StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(log);
                text.AppendLine(CultureInfo.InvariantCulture, $"--- {Path.GetFileName(log)} (last {LogTailLines} lines)");
                foreach (var line in lines[Math.Max(0, lines.Length - LogTailLines)..])
                {
                    text.AppendLine(line);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The live processes started with a data directory under this run's base directory: only this run's nodes can match,
    /// since the base directory is fresh. Found through /proc so that a node whose pid the demo never reported is found too.
    /// </summary>
    private List<int> NodePids()
    {
        var marker = "--Node:DataDir=" + BaseDir + Path.DirectorySeparatorChar;
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                if (arguments.Any(a => a.StartsWith(marker, StringComparison.Ordinal)))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited while being read.
            }
        }

        return pids;
    }
}
