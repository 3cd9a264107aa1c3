using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ceptoar.AdminCli.Tests.Localization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Composition;
using Grpc.Core;
using Grpc.Health.V1;

namespace Ceptoar.Node.Tests.Service;

/// <summary>
/// The programs as deploy/publish.sh builds them (self-contained linux-x64 single files), started from their own folder
/// with the repository's sample configuration, as an operator would (docs/OPERATIONS.md §1).
/// </summary>
public sealed class PublishedNodeTests(PublishedPrograms published) : IClassFixture<PublishedPrograms>
{
    [Fact]
    public async Task PublishedNode_SampleConfiguration_ServingOnMemberPort()
    {
        var health = new Health.HealthClient(Clients.MemberChannel(published.Ready.MemberEndpoint!, published.Root, null));

        var answer = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }

    [Fact]
    public async Task PublishedNode_AcceptLanguageJa_JapaneseFromTheBundledSatelliteAssembly()
    {
        var member = Clients.Member(published.Ready.MemberEndpoint!, published.Root, null);

        var error = await Assert.ThrowsAsync<RpcException>(() => member.WhoAmIAsync(new WhoAmIRequest(), new Metadata { { "accept-language", "ja" } }).ResponseAsync);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        // MembersText.ja.resx, ApiKeyMissing: only there if the single file carries the Japanese satellite.
        Assert.StartsWith("API キーがありません", error.Status.Detail);
    }

    [Fact]
    public async Task PublishedNode_SqliteNativeLibrary_DatabaseWrittenOwnerOnly()
    {
        var database = Path.Combine(published.DataDir, "node.db");

        Assert.True(File.Exists(database));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(database) & (UnixFileMode)0x1FF);
        // SQLite's native library came out of the bundle: the node opened and migrated the file (the header names it).
        var header = new byte[16];
        await using (var file = new FileStream(database, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            await file.ReadExactlyAsync(header);
        }

        Assert.Equal("SQLite format 3\0", System.Text.Encoding.ASCII.GetString(header));
    }

    [Fact]
    public async Task PublishedAdmin_StatusInJapanese_AnswersFromTheRunningNode()
    {
        await using var admin = NodeCommand.Start(published.Admin, ["--lang", "ja", "status", "--data-dir", published.DataDir]);

        var code = await admin.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 0, admin.Stdout + admin.Stderr);
        Assert.Contains("bank-ceptoar", admin.Stdout);
        Assert.Matches("[\u3040-\u30FF\u4E00-\u9FFF]", admin.Stdout);
    }
}

/// <summary>Publishes once for the class (slow: a full self-contained build) and starts the published node.</summary>
public sealed class PublishedPrograms : IAsyncLifetime
{
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _dir = new();
    private NodeCommand? _node;

    internal ReadyFile Ready { get; private set; } = null!;

    internal X509Certificate2 Root { get; } = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "certs-sample", "root.crt.pem")));

    internal string DataDir => _dir.Combine("data");

    internal string Admin => _dir.Combine("publish", "ceptoar-admin");

    public async Task InitializeAsync()
    {
        await PublishAsync(_dir.Combine("publish"));
        // From the repository root, as the README runs the sample: the sample configuration's paths are relative to it.
        _node = NodeCommand.Start(
            _dir.Combine("publish", "ceptoar-node"),
            ["--config", "certs-sample/bank-ceptoar.node.json", $"--Node:DataDir={DataDir}", "--Node:MemberListen=127.0.0.1:0", "--Node:FederationListen=127.0.0.1:0"],
            workingDirectory: RepositoryRoot.Path);
        Ready = await WaitReadyAsync(_node);
    }

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        Root.Dispose();
        _dir.Dispose();
    }

    private static async Task PublishAsync(string output)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", "publish.sh"));
        start.ArgumentList.Add(output);
        // The test host's MSBuild settings are for its own build, not for this one.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(PublishDeadline);
        await process.WaitForExitAsync(deadline.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/publish.sh exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private async Task<ReadyFile> WaitReadyAsync(NodeCommand node)
    {
        var path = Path.Combine(DataDir, "node.ready.json");
        using var deadline = new CancellationTokenSource(StartDeadline);
        while (true)
        {
            if (File.Exists(path) && JsonSerializer.Deserialize<ReadyFile>(await File.ReadAllTextAsync(path), ReadyFile.JsonOptions) is { } ready && ready.Pid == node.Pid)
            {
                return ready;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"the published node was not ready within {StartDeadline.TotalSeconds} s:\n{node.Stdout}\n{node.Stderr}");
            }

            // Waiting on a condition (the ready file with this pid) under a deadline; 50 ms between looks.
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
