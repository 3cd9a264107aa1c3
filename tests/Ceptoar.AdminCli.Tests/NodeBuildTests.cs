using Ceptoar.AdminCli.Demo;
using Ceptoar.AdminCli.Output;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The demo building the node on first use, with a stand-in `dotnet` script so the test runs in milliseconds.</summary>
public sealed class NodeBuildTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("node-build-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_BuildSucceeds_RunsDotnetBuildOnTheNodeProjectInRelease()
    {
        var arguments = Path.Combine(_dir, "arguments.txt");
        var dotnet = Script($"printf '%s\\n' \"$@\" > '{arguments}'; echo 'Build succeeded.'");
        var output = new StringWriter();

        await NodeBuild.RunAsync(_dir, dotnet, new CliOutput(output), CancellationToken.None);

        Assert.Equal(["build", NodeBuild.Project(_dir), "-c", "Release", "-nologo", "-v", "quiet"], File.ReadAllLines(arguments));
        Assert.Contains("ceptoar-node.dll is not built yet: building it (dotnet build node/Ceptoar.Node/Ceptoar.Node.csproj -c Release)…", output.ToString());
        Assert.Matches(@"built in \d+ s\.", output.ToString());
    }

    [Fact]
    public async Task RunAsync_BuildFails_ThrowsWithTheBuildsLastLinesAndHowToBuildByHand()
    {
        var dotnet = Script("echo 'Program.cs(3,10): error CS1002: ; expected'; echo 'warning on stderr' >&2; exit 1");

        var e = await Assert.ThrowsAsync<DemoException>(() => NodeBuild.RunAsync(_dir, dotnet, new CliOutput(new StringWriter()), CancellationToken.None));

        Assert.Equal(ExitCodes.NodeFailure, e.ExitCode);
        Assert.Equal("building the node failed (dotnet build exited with 1). Its last lines:", e.Lines[0]);
        Assert.Contains("  Program.cs(3,10): error CS1002: ; expected", e.Lines);
        Assert.Contains("  warning on stderr", e.Lines);
        Assert.Equal($"Fix what the build reports, or build it yourself: dotnet build {NodeBuild.Project(_dir)} -c Release", e.Lines[^1]);
    }

    private string Script(string body)
    {
        var path = Path.Combine(_dir, "fake-dotnet");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
