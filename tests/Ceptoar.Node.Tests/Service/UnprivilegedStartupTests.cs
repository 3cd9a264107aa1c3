using System.Diagnostics;

namespace Ceptoar.Node.Tests.Service;

/// <summary>
/// The start-up failures only an unprivileged user meets (root may read any file and bind any port): the node run as
/// nobody (setpriv), as the service's own user would run it (docs/OPERATIONS.md §2).
/// </summary>
public sealed class UnprivilegedStartupTests : IDisposable
{
    private const string Nobody = "65534";
    private const UnixFileMode WorldReadableDirectory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _dir = new();
    private readonly string _shared;
    private readonly Dictionary<string, string> _settings;

    public UnprivilegedStartupTests()
    {
        // A folder nobody can reach (the test directory is owner-only): the certificates readable, the data directory theirs.
        _shared = Path.Combine(Path.GetTempPath(), $"ceptoar-unprivileged-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_shared, WorldReadableDirectory);
        var federation = new TestFederation(_dir.Combine("pki"));
        var certificates = Path.Combine(_shared, "certs");
        Directory.CreateDirectory(certificates, WorldReadableDirectory);
        foreach (var file in Directory.GetFiles(federation.NodeCertificates("bank-ceptoar")).Append(federation.RootCertificatePath))
        {
            var copy = Path.Combine(certificates, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        var data = Path.Combine(_shared, "data");
        Directory.CreateDirectory(data);
        Run("chown", $"{Nobody}:{Nobody}", data);
        _settings = NodeArguments.For(federation, "bank-ceptoar", data);
        _settings["Node:CertificatesDir"] = certificates;
        _settings["Node:TrustedRoots:0"] = Path.Combine(certificates, "root.crt.pem");
    }

    public void Dispose()
    {
        Directory.Delete(_shared, recursive: true);
        _dir.Dispose();
    }

    [Fact]
    public async Task Start_PortBelow1024AsUnprivilegedUser_ExitFourAdvisingAPortOf1024OrAbove()
    {
        _settings["Node:MemberListen"] = "127.0.0.1:443";

        var line = await FailsAsync(4, NodeArguments.ToArgs(_settings));

        Assert.Contains("Node:MemberListen 127.0.0.1:443 may not be bound by this user (Permission denied)", line);
        Assert.Contains("use a port of 1024 or above", line);
    }

    [Fact]
    public async Task Start_SigningKeyUnreadable_ExitFiveNamingTheKey()
    {
        var key = Path.Combine(_settings["Node:CertificatesDir"], "signing.key.pem");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var line = await FailsAsync(5, NodeArguments.ToArgs(_settings));

        Assert.Contains(key, line);
    }

    [Fact]
    public async Task Start_ConfigUnreadable_ExitTwoNamingTheFile()
    {
        var config = Path.Combine(_shared, "node.json");
        await File.WriteAllTextAsync(config, "{}");
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var line = await FailsAsync(2, ["--config", config, .. NodeArguments.ToArgs(_settings)]);

        Assert.Contains($"Access to the path '{config}' is denied: make the file readable by the user the node runs as", line);
    }

    private static async Task<string> FailsAsync(int exitCode, string[] args)
    {
        await using var node = NodeCommand.Start(
            "setpriv",
            [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "dotnet", "exec", Path.Combine(AppContext.BaseDirectory, "ceptoar-node.dll"), .. args],
            new Dictionary<string, string> { ["HOME"] = Path.GetTempPath(), ["DOTNET_CLI_HOME"] = Path.GetTempPath() },
            Path.GetTempPath());
        var code = await node.ExitCodeAsync(ExitDeadline);
        var output = $"exit {code}\nstdout:\n{node.Stdout}\nstderr:\n{node.Stderr}";

        Assert.True(code == exitCode, output);
        var lines = node.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, output);
        Assert.StartsWith($"ceptoar-node cannot start (exit {exitCode}, ", lines[0]);
        Assert.DoesNotContain("   at ", node.Stdout + node.Stderr);
        return lines[0];
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
