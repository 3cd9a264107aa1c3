using Ceptoar.AdminCli.Tests.Localization;

namespace Ceptoar.Node.Tests.Service;

/// <summary>
/// deploy/install.sh run for real, twice, as root in a private mount namespace: /etc (a copy), /opt, /var/lib and
/// /usr/local/bin are the test's own folders there, so the user, files and modes it makes can be checked without
/// changing this machine (docs/OPERATIONS.md §1).
/// </summary>
public sealed class InstallScriptTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);
    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Install_Twice_UserDirectoriesProgramsAndUnitWithTheConfigurationKept()
    {
        var publish = _dir.Combine("publish");
        Directory.CreateDirectory(publish);
        foreach (var program in new[] { "ceptoar-node", "ceptoar-admin" })
        {
            await File.WriteAllTextAsync(Path.Combine(publish, program), $"#!/bin/sh\necho {program}\n");
            File.SetUnixFileMode(Path.Combine(publish, program), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await File.WriteAllTextAsync(Path.Combine(publish, "appsettings.json"), "{}");
        var root = _dir.Combine("root");
        foreach (var folder in new[] { "opt", "varlib", "bin" })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
        }

        var (copy, copied) = await RunAsync("cp", ["-a", "/etc", Path.Combine(root, "etc")]);
        Assert.True(copy == 0, copied);
        var script = Path.Combine(RepositoryRoot.Path, "deploy", "install.sh");
        // Between the runs an operator has edited the configuration: the second run must keep it.
        var steps = $"""
            set -e
            mount --bind {root}/etc /etc; mount --bind {root}/opt /opt; mount --bind {root}/varlib /var/lib; mount --bind {root}/bin /usr/local/bin
            sh {script} {publish}
            echo '{"{"}"Node": {"{"}"Id": "edited"{"}}"}' > /etc/ceptoar/node.json
            sh {script} {publish}
            echo "user: $(getent passwd ceptoar | cut -d: -f1,6,7)"
            stat -c 'mode: %n %a %U:%G' /opt/ceptoar/ceptoar-node /opt/ceptoar/ceptoar-admin /etc/ceptoar/node.json /etc/ceptoar/certs /var/lib/ceptoar /etc/systemd/system/ceptoar-node.service
            echo "config: $(cat /etc/ceptoar/node.json)"
            echo "admin: $(/usr/local/bin/ceptoar-admin)"
            """;

        var (code, output) = await RunAsync("unshare", ["--mount", "--propagation", "private", "sh", "-c", steps]);

        Assert.True(code == 0, output);
        Assert.Contains("kept the existing /etc/ceptoar/node.json", output);
        var expected = new[]
        {
            "user: ceptoar:/var/lib/ceptoar:/usr/sbin/nologin",
            "mode: /opt/ceptoar/ceptoar-node 755 root:root",
            "mode: /opt/ceptoar/ceptoar-admin 755 root:root",
            "mode: /etc/ceptoar/node.json 640 root:ceptoar",
            "mode: /etc/ceptoar/certs 700 ceptoar:ceptoar",
            "mode: /var/lib/ceptoar 700 ceptoar:ceptoar",
            "mode: /etc/systemd/system/ceptoar-node.service 644 root:root",
            "config: {\"Node\": {\"Id\": \"edited\"}}",
            "admin: ceptoar-admin",
        };
        foreach (var line in expected)
        {
            Assert.True(output.Contains(line, StringComparison.Ordinal), $"missing '{line}' in:\n{output}");
        }

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "deploy", "systemd", "ceptoar-node.service")), await File.ReadAllTextAsync(Path.Combine(root, "etc", "systemd", "system", "ceptoar-node.service")));
    }

    [Fact]
    public async Task Install_Help_ExitZeroWithUsage()
    {
        var (code, output) = await RunAsync("sh", [Path.Combine(RepositoryRoot.Path, "deploy", "install.sh"), "--help"]);

        Assert.Equal(0, code);
        Assert.StartsWith("Usage: sudo deploy/install.sh", output);
    }

    [Fact]
    public async Task Install_NotRoot_RefusedWithOneLine()
    {
        // A copy the unprivileged user can read: the test directory is owner-only.
        var script = Path.Combine(Path.GetTempPath(), $"ceptoar-install-{Guid.NewGuid():N}.sh");
        File.Copy(Path.Combine(RepositoryRoot.Path, "deploy", "install.sh"), script);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        try
        {
            var (code, output) = await RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "sh", script, "/tmp/publish"]);

            Assert.Equal(1, code);
            Assert.Equal("install.sh: run as root (sudo deploy/install.sh /tmp/publish): it creates the ceptoar user and writes under /opt, /etc and /var/lib.", output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Install_PublishDirectoryWithoutPrograms_RefusedNamingPublishSh()
    {
        var (code, output) = await RunAsync("sh", [Path.Combine(RepositoryRoot.Path, "deploy", "install.sh"), _dir.Path]);

        Assert.Equal(1, code);
        Assert.Equal($"install.sh: {_dir.Path}/ceptoar-node is missing: run deploy/publish.sh {_dir.Path} first", output);
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string[] args)
    {
        await using var command = NodeCommand.Start(program, args);
        var code = await command.ExitCodeAsync(Deadline);
        return (code, (command.Stdout + command.Stderr).Trim());
    }
}
