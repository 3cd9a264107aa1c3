using Ceptoar.AdminCli.Tests.Localization;

namespace Ceptoar.Node.Tests.Service;

/// <summary>
/// deploy/: the systemd unit passes `systemd-analyze verify` and its security review, carries the hardening
/// docs/OPERATIONS.md §1 lists, and publish.sh refuses to run without its one argument.
/// </summary>
public sealed class DeployFilesTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Unit => Path.Combine(RepositoryRoot.Path, "deploy", "systemd", "ceptoar-node.service");

    [Fact]
    public async Task Unit_SystemdAnalyzeVerify_NoFinding()
    {
        var unit = await UnitWithRunnableExecStartAsync();

        var (code, output) = await RunAsync(SystemdAnalyze(), ["verify", unit]);

        Assert.True(code == 0 && output.Length == 0, $"exit {code}: {output}");
    }

    [Fact]
    public async Task Unit_SystemdAnalyzeVerify_FindsAMisspelledKey()
    {
        // The check above can fail: a key systemd does not know is reported (as a warning, with exit 0).
        var unit = await UnitWithRunnableExecStartAsync();
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(unit)).Replace("ProtectHome=yes", "ProtectHomes=yes", StringComparison.Ordinal));

        var (_, output) = await RunAsync(SystemdAnalyze(), ["verify", unit]);

        Assert.Contains("Unknown key 'ProtectHomes'", output);
    }

    [Fact]
    public async Task Unit_SystemdAnalyzeSecurity_ExposureAtMostTwo()
    {
        var unit = await UnitWithRunnableExecStartAsync();

        // --threshold=20: exit non-zero if the exposure (0.0 best .. 10.0 worst, shown ×10 here) is above 2.0.
        var (code, output) = await RunAsync(SystemdAnalyze(), ["security", "--offline=yes", "--threshold=20", "--no-pager", unit]);

        Assert.True(code == 0, $"exit {code}: {output}");
        Assert.Contains("Overall exposure level for ceptoar-node.service", output);
    }

    [Fact]
    public async Task Unit_Settings_TheHardeningAndServiceShapeOfTheIssue()
    {
        var settings = (await File.ReadAllLinesAsync(Unit))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => (Key: l[..l.IndexOf('=', StringComparison.Ordinal)], Value: l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .ToList();
        string[] Values(string key) => [.. settings.Where(s => s.Key == key).Select(s => s.Value)];

        // What the unit must say, written out here (docs/OPERATIONS.md §1 and §2), not read from the unit.
        var expected = new Dictionary<string, string>
        {
            ["Type"] = "notify",
            ["User"] = "ceptoar",
            ["StateDirectory"] = "ceptoar",
            ["StateDirectoryMode"] = "0700",
            ["NoNewPrivileges"] = "yes",
            ["ProtectSystem"] = "strict",
            ["ProtectHome"] = "yes",
            ["PrivateTmp"] = "yes",
            ["ReadWritePaths"] = "/var/lib/ceptoar",
            ["CapabilityBoundingSet"] = "",
            ["RestrictAddressFamilies"] = "AF_UNIX AF_INET AF_INET6",
            ["MemoryMax"] = "2G",
            ["RestartPreventExitStatus"] = "2 5 6 7 8 9 10",
        };
        foreach (var (key, value) in expected)
        {
            Assert.True(Values(key).SequenceEqual([value]), $"{key}: expected '{value}', found [{string.Join(", ", Values(key))}]");
        }

        Assert.Contains("@system-service", Values("SystemCallFilter"));
        Assert.StartsWith("/opt/ceptoar/ceptoar-node --config /etc/ceptoar/node.json", Assert.Single(Values("ExecStart")));
        // The JIT needs writable, then executable memory.
        Assert.Empty(Values("MemoryDenyWriteExecute"));
    }

    [Fact]
    public async Task PublishScript_NoArguments_ExitOneWithUsage()
    {
        var (code, output) = await RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "deploy", "publish.sh")]);

        Assert.Equal(1, code);
        Assert.StartsWith("Usage: deploy/publish.sh OUTDIR", output);
    }

    /// <summary>
    /// The unit as installed, but starting a program that exists here: verify refuses a unit whose ExecStart is missing,
    /// and /opt/ceptoar is not installed on a build machine. Everything else is the file as shipped.
    /// </summary>
    private async Task<string> UnitWithRunnableExecStartAsync()
    {
        var unit = _dir.Combine("ceptoar-node.service");
        var text = await File.ReadAllTextAsync(Unit);
        Assert.Contains("ExecStart=/opt/ceptoar/ceptoar-node ", text);
        await File.WriteAllTextAsync(unit, text.Replace("ExecStart=/opt/ceptoar/ceptoar-node ", "ExecStart=/bin/true ", StringComparison.Ordinal));
        return unit;
    }

    private static string SystemdAnalyze() =>
        File.Exists("/usr/bin/systemd-analyze")
            ? "/usr/bin/systemd-analyze"
            : throw new InvalidOperationException("systemd-analyze is missing: apt-get install -y systemd (.ci/run installs it)");

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] args)
    {
        await using var command = NodeCommand.Start(program, args, new Dictionary<string, string> { ["SYSTEMD_LOG_COLOR"] = "0", ["LANG"] = "C" });
        var code = await command.ExitCodeAsync(Deadline);
        return (code, (command.Stdout + command.Stderr).Trim());
    }
}
