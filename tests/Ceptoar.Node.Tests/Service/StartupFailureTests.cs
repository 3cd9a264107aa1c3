using System.Net;
using System.Net.Sockets;
using Ceptoar.Node.Composition;
using Ceptoar.Node.Hosting;
using Microsoft.Data.Sqlite;

namespace Ceptoar.Node.Tests.Service;

/// <summary>
/// Each class of start-up failure, caused for real in a node process: the exit code of its class and one line on stderr
/// naming the setting or file and what to do, with no stack trace anywhere (docs/OPERATIONS.md §2).
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _dir = new();
    private readonly TestFederation _federation;

    public StartupFailureTests() => _federation = new TestFederation(_dir.Combine("pki"));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Start_MemberPortInUse_ExitThreeNamingMemberListen()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var line = await FailsAsync(3, Settings(s => s["Node:MemberListen"] = $"127.0.0.1:{port}"));

        Assert.Contains($"Node:MemberListen 127.0.0.1:{port} is already in use", line);
        Assert.Contains("set Node:MemberListen to a free port", line);
    }

    [Fact]
    public async Task Start_FederationPortInUse_ExitThreeNamingFederationListen()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var line = await FailsAsync(3, Settings(s => s["Node:FederationListen"] = $"127.0.0.1:{port}"));

        Assert.Contains($"Node:FederationListen 127.0.0.1:{port} is already in use", line);
    }

    [Fact]
    public async Task Start_ListenAddressNotOnThisHost_ExitFourNamingTheSetting()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this host.
        var line = await FailsAsync(4, Settings(s => s["Node:MemberListen"] = "192.0.2.1:7443"));

        Assert.Contains("Node:MemberListen 192.0.2.1:7443 is not an address of this host", line);
    }

    [Fact]
    public async Task Start_AdminSocketDirectoryMissing_ExitTenNamingTheSocket()
    {
        var socket = _dir.Combine("no-such-directory", "admin.sock");

        var line = await FailsAsync(10, Settings(s => s["Node:AdminSocket"] = socket));

        Assert.Contains($"the admin socket {socket} cannot be created", line);
        Assert.Contains("Node:AdminSocket", line);
    }

    [Fact]
    public async Task Start_ConfigFileMissing_ExitTwoNamingTheFile()
    {
        var config = _dir.Combine("nowhere.json");

        var line = await FailsAsync(2, ["--config", config]);

        Assert.Contains($"--config file '{config}' does not exist", line);
    }

    [Fact]
    public async Task Start_ConfigFileNotJson_ExitTwoNamingTheFileAndThePlace()
    {
        var config = _dir.Combine("node.json");
        await File.WriteAllTextAsync(config, "{\n  \"Node\": {\n    \"Id\": \"bank-ceptoar\",,\n  }\n}\n");

        var line = await FailsAsync(2, ["--config", config]);

        Assert.Contains(config, line);
        Assert.Contains("LineNumber: 2", line);
        Assert.Contains("fix the JSON", line);
    }

    [Fact]
    public async Task Start_ConfigArgumentWithoutFile_ExitTwo()
    {
        var line = await FailsAsync(2, ["--config"]);

        Assert.Contains("--config needs a file", line);
    }

    [Fact]
    public async Task Start_SettingMissing_ExitTwoNamingTheSetting()
    {
        var line = await FailsAsync(2, Settings(s => s["Node:Id"] = ""));

        Assert.Contains("Node:Id is missing", line);
    }

    [Fact]
    public async Task Start_CertificatesOfAnotherNode_ExitFiveNamingTheFile()
    {
        var other = _federation.NodeCertificates("tepco");

        var line = await FailsAsync(5, Settings(s => s["Node:CertificatesDir"] = other));

        Assert.Contains(Path.Combine(other, "tls.crt.pem"), line);
        Assert.Contains("is for node 'tepco' but this node is configured as 'bank-ceptoar'", line);
    }

    [Fact]
    public async Task Start_SigningKeyOfAnotherNode_ExitFiveNamingKeyAndCertificate()
    {
        var mine = _dir.Combine("bank-certs");
        Directory.CreateDirectory(mine);
        foreach (var file in Directory.GetFiles(_federation.NodeCertificates("bank-ceptoar")))
        {
            File.Copy(file, Path.Combine(mine, Path.GetFileName(file)));
        }

        File.Copy(Path.Combine(_federation.NodeCertificates("tepco"), "signing.key.pem"), Path.Combine(mine, "signing.key.pem"), overwrite: true);

        var line = await FailsAsync(5, Settings(s => s["Node:CertificatesDir"] = mine));

        Assert.Contains($"{Path.Combine(mine, "signing.key.pem")} does not match {Path.Combine(mine, "signing.crt.pem")}", line);
    }

    [Fact]
    public async Task Start_DataDirectoryInUseByAnotherNode_ExitSix()
    {
        var data = _dir.Combine("data");
        await using var first = await TestNode.StartAsync(_federation, "bank-ceptoar", data);

        var line = await FailsAsync(6, Settings(s => s["Node:DataDir"] = data));

        Assert.Contains($"Node:DataDir '{data}' is in use by another node process", line);
    }

    [Fact]
    public async Task Start_DataDirectoryUnderAFile_ExitSevenNamingTheDirectory()
    {
        var file = _dir.Combine("a-file");
        await File.WriteAllTextAsync(file, "not a directory");
        var data = Path.Combine(file, "data");

        var line = await FailsAsync(7, Settings(s => s["Node:DataDir"] = data));

        Assert.Contains($"Node:DataDir '{data}' cannot be created or written", line);
    }

    [Fact]
    public async Task Start_DatabaseFromNewerVersion_ExitEightAndTheFileUntouched()
    {
        var data = _dir.Combine("data");
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, "node.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // In WAL mode, as the node keeps its database: opening it to read the version then changes no byte of it.
            command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (42); PRAGMA user_version = 9999;";
            command.ExecuteNonQuery();
        }

        var before = await File.ReadAllBytesAsync(database);

        var line = await FailsAsync(8, Settings(s => s["Node:DataDir"] = data));

        Assert.Contains($"{database}: The database schema is version 9999", line);
        Assert.Contains("Run the newer node version, or restore a backup", line);
        Assert.Equal(before, await File.ReadAllBytesAsync(database));
    }

    [Fact]
    public async Task Start_DatabaseNotSqlite_ExitNineAndTheFileUntouched()
    {
        var data = _dir.Combine("data");
        Directory.CreateDirectory(data);
        var database = Path.Combine(data, "node.db");
        var garbage = new byte[8192];
        new Random(17).NextBytes(garbage);
        await File.WriteAllBytesAsync(database, garbage);

        var line = await FailsAsync(9, Settings(s => s["Node:DataDir"] = data));

        Assert.Contains($"{database} cannot be opened as the node's database", line);
        Assert.Contains("ceptoar-admin restore", line);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(database));
    }

    [Fact]
    public void Classify_PortNotPermitted_ExitFourAdvisingAPortOf1024OrAbove()
    {
        // Root (these tests' user) may bind any port, so EACCES is made here, as the socket layer reports it.
        var progress = new StartupProgress { Step = StartupStep.Listen, Node = new NodeOptions { MemberListen = "0.0.0.0:443" }, FailedListener = Listener.Member };

        var failure = StartupFailures.Classify(progress, new SocketException((int)SocketError.AccessDenied));

        Assert.Equal(4, failure.ExitCode);
        Assert.StartsWith("ceptoar-node cannot start (exit 4, port not permitted): Node:MemberListen 0.0.0.0:443 may not be bound by this user", failure.Line);
        Assert.Contains("use a port of 1024 or above", failure.Line);
    }

    private string[] Settings(Action<Dictionary<string, string>> change)
    {
        var settings = NodeArguments.For(_federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Node:FederationListen"] = "127.0.0.1:0";
        change(settings);
        return NodeArguments.ToArgs(settings);
    }

    /// <summary>Runs the node, which must exit with the code; returns its one line on stderr after checking there is nothing else.</summary>
    private static async Task<string> FailsAsync(int exitCode, string[] args)
    {
        await using var node = NodeCommand.StartNode(args);
        var code = await node.ExitCodeAsync(ExitDeadline);
        var output = $"exit {code}\nstdout:\n{node.Stdout}\nstderr:\n{node.Stderr}";

        Assert.True(code == exitCode, output);
        var lines = node.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, output);
        Assert.StartsWith($"ceptoar-node cannot start (exit {exitCode}, ", lines[0]);
        Assert.DoesNotContain("   at ", node.Stdout + node.Stderr);
        Assert.DoesNotContain("Hosting failed to start", node.Stdout);
        Assert.DoesNotContain("Exception", node.Stdout + node.Stderr);
        return lines[0];
    }
}
