using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ceptoar.AdminCli.Demo;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Tests;

/// <summary>Finding the repository and the node program, refusing a used data folder, and reading ready files.</summary>
public sealed class DemoLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("demo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FindRepositoryRoot_FromASubfolder_FindsTheFolderWithTheSolution()
    {
        var nested = Directory.CreateDirectory(Path.Combine(_dir, "admin-cli", "Demo")).FullName;
        File.WriteAllText(Path.Combine(_dir, DemoLayout.SolutionFile), string.Empty);

        Assert.Equal(_dir, DemoLayout.FindRepositoryRoot(nested));
    }

    [Fact]
    public void FindRepositoryRoot_NoSolutionAbove_IsNull()
    {
        Assert.Null(DemoLayout.FindRepositoryRoot(_dir));
    }

    [Fact]
    public void ResolveNodeDll_OptionWinsOverEnvironmentAndDefault()
    {
        var given = Touch("given.dll");
        var fromEnvironment = Touch("env.dll");

        Assert.Equal(given, DemoLayout.ResolveNodeDll(given, fromEnvironment, _dir));
        Assert.Equal(fromEnvironment, DemoLayout.ResolveNodeDll(null, fromEnvironment, _dir));
    }

    [Fact]
    public void ResolveNodeDll_NotBuilt_SaysHowToBuildIt()
    {
        var e = Assert.Throws<DemoException>(() => DemoLayout.ResolveNodeDll(null, "  ", _dir));

        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        Assert.Equal($"ceptoar-node.dll not found at {DemoLayout.DefaultNodeDll(_dir)} (the Release build).", e.Lines[0]);
        Assert.Contains("dotnet build Federation.sln -c Release", e.Lines[1]);
    }

    [Fact]
    public void CheckBaseDir_DataOfAnEarlierRun_IsRefusedWithHowToClear()
    {
        var layout = Layout(_dir);
        Directory.CreateDirectory(Path.Combine(_dir, "council"));
        File.WriteAllText(Path.Combine(_dir, "council", "node.db"), string.Empty);

        var e = Assert.Throws<DemoException>(layout.CheckBaseDir);

        Assert.Equal($"{Path.Combine(_dir, "council")} already holds a node's data from an earlier demo run.", e.Lines[0]);
        Assert.Contains($"rm -rf {_dir}", e.Lines[1]);
    }

    [Fact]
    public void CheckBaseDir_EmptyFolders_AreAccepted()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "council"));

        Layout(_dir).CheckBaseDir();
    }

    [Fact]
    public void CheckBaseDir_SocketPathTooLong_AsksForAShorterBaseDir()
    {
        var e = Assert.Throws<DemoException>(Layout(Path.Combine(_dir, new string('d', 90))).CheckBaseDir);

        Assert.Contains("longer than the 107 bytes Unix sockets allow", e.Lines[0]);
        Assert.Contains("--base-dir", e.Lines[1]);
    }

    [Fact]
    public void BusyPorts_APortSomeoneListensOn_IsNamedWithItsNode()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((IPEndPoint)listener.LocalEndpoint).Port;
        int free;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            free = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var node = new DemoNode("council", NodeRole.Council, [], $"127.0.0.1:{taken}", $"127.0.0.1:{free}", "/repo/council.node.json");

        Assert.Equal([$"127.0.0.1:{taken} (council member API)"], DemoLayout.BusyPorts([node]));
    }

    [Fact]
    public void TryRead_ReadyFileOfThatPid_IsRead_OtherwiseNull()
    {
        File.WriteAllText(Path.Combine(_dir, "node.ready.json"), JsonSerializer.Serialize(new
        {
            nodeId = "council",
            pid = 4242,
            memberEndpoint = "https://127.0.0.1:7446",
            federationEndpoint = "https://127.0.0.1:7304",
            adminSocket = "/tmp/demo/council/admin.sock",
        }));

        var ready = ReadyInfo.TryRead(_dir, 4242);

        Assert.Equal(new ReadyInfo("council", 4242, "https://127.0.0.1:7446", "https://127.0.0.1:7304", "/tmp/demo/council/admin.sock"), ready);
        Assert.Null(ReadyInfo.TryRead(_dir, 4243));
    }

    [Fact]
    public void TryRead_MissingOrHalfWritten_IsNull()
    {
        Assert.Null(ReadyInfo.TryRead(_dir, 1));
        File.WriteAllText(Path.Combine(_dir, "node.ready.json"), "{\"nodeId\": \"coun");

        Assert.Null(ReadyInfo.TryRead(_dir, 1));
    }

    [Fact]
    public async Task RunAsync_DemoWithoutTheNodeProgram_ExitsOneSayingHowToBuildIt()
    {
        var missing = Path.Combine(_dir, "ceptoar-node.dll");

        var result = await CliResult.RunAsync("demo", "--node", missing);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"ceptoar-node.dll not found at {missing} (--node).", result.Error);
        Assert.Contains("dotnet build Federation.sln -c Release", result.Error);
    }

    private string Touch(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Empty);
        return path;
    }

    private static DemoLayout Layout(string baseDir) => new("/repo", "/repo/ceptoar-node.dll", "dotnet", baseDir, DemoTopologyTests.Nodes);
}
