using Ceptoar.Federation.V1;
using Ceptoar.Node.Composition;
using Ceptoar.Node.Hosting;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

namespace Ceptoar.Node.Tests.Integration;

/// <summary>Start-up checks, health, and what the node writes to its logs and data directory.</summary>
public sealed class HostingTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TestDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Build_MissingAndInvalidSettings_ErrorNamesEachSetting()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Node:Id"] = "";
        settings["Node:MemberListen"] = "localhost";
        settings["Node:TrustedRoots:0"] = _dir.Combine("nowhere.pem");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Contains(error.Failures, f => f.StartsWith("Node:Id is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Node:MemberListen 'localhost' is not an address", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Node:TrustedRoots:0 file", StringComparison.Ordinal));
        Assert.False(Directory.Exists(_dir.Combine("data")), "a refused configuration must not create the data directory");
    }

    [Fact]
    public async Task Build_BadPeerAndFederationSettings_ErrorNamesEachSetting()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Node:Peers:0:Id"] = "bank-ceptoar";
        settings["Node:Peers:0:Endpoint"] = "http://127.0.0.1:7304";
        settings["Federation:BatchSize"] = "0";
        settings["Federation:BatchesInFlight"] = "0";
        settings["Federation:RevokedCertificates:0"] = "abc";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            try
            {
                await NodeApp.BuildAsync(NodeArguments.ToArgs(settings));
            }
            catch (OptionsValidationException e) when (e.OptionsName == "Node")
            {
                // Node settings are checked first; fix them and the federation settings are reported next.
                Assert.Contains(e.Failures, f => f.StartsWith("Node:Peers:0:Id", StringComparison.Ordinal));
                Assert.Contains(e.Failures, f => f.StartsWith("Node:Peers:0:Endpoint", StringComparison.Ordinal));
                settings.Remove("Node:Peers:0:Id");
                settings.Remove("Node:Peers:0:Endpoint");
                await NodeApp.BuildAsync(NodeArguments.ToArgs(settings));
            }
        });

        Assert.Contains(error.Failures, f => f.StartsWith("Federation:BatchSize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Federation:BatchesInFlight", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Federation:RevokedCertificates:0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_LimitsOutOfRange_ErrorNamesTheSectionAndEachSetting()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Limits:MaxRequestBytes"] = "4095";
        settings["Limits:MemberBurst"] = "0";
        settings["Limits:DefaultItemLifetimeDays"] = "0";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Equal("Limits", error.OptionsName);
        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Limits:MaxRequestBytes 4095 is out of range: use 4096 to 67108864 bytes", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Limits:MemberBurst must be at least 1", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Limits:DefaultItemLifetimeDays must be between 1 and Limits:MaxItemLifetimeDays", StringComparison.Ordinal));
        Assert.False(Directory.Exists(_dir.Combine("data")), "a refused configuration must not create the data directory");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("3601")]
    public async Task Build_ClockSkewOutOfRange_ErrorNamesTheSettingAndTheRange(string seconds)
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Federation:MaxClockSkewSeconds"] = seconds;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Federation:MaxClockSkewSeconds {seconds} is out of range: use 0 to 3600 seconds (default 300)", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("366")]
    public async Task Build_RetiredKeyOverlapOutOfRange_ErrorNamesTheSettingAndTheRange(string days)
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Federation:RetiredKeyOverlapDays"] = days;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Federation:RetiredKeyOverlapDays {days} is out of range: use 0 to 365 days (default 30)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_CertificatesOfAnotherNode_RefusedNamingTheProblem()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var settings = NodeArguments.For(federation, "bank-ceptoar", _dir.Combine("data"));
        settings["Node:CertificatesDir"] = federation.NodeCertificates("council");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => NodeApp.BuildAsync(NodeArguments.ToArgs(settings)));

        Assert.Contains("council", error.Message);
    }

    [Fact]
    public async Task Start_SecondNodeOnTheSameDataDir_Refused()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        await using var first = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data")));

        Assert.Contains("in use by another node process", error.Message);
        Assert.Equal("bank-ceptoar", (await first.Admin.GetStatusAsync(new GetStatusRequest())).NodeId);
    }

    [Fact]
    public async Task Health_OnMemberPortAndAdminSocket_Serving()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        await using var node = await TestNode.StartAsync(federation, "bank-ceptoar", _dir.Combine("data"));

        var viaMemberPort = new Health.HealthClient(Clients.MemberChannel(node.Ready.MemberEndpoint!, node.Root, null));
        var viaSocket = new Health.HealthClient(Clients.AdminChannel(node.Ready.AdminSocket));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await viaMemberPort.CheckAsync(new HealthCheckRequest())).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await viaSocket.CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task Logs_AfterSubmissions_CarryNodeIdButNoKeysOrContent()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var dataDir = _dir.Combine("data");
        string key;
        await using (var node = await TestNode.StartAsync(federation, "bank-ceptoar", dataDir, s => s["Serilog:MinimumLevel:Default"] = "Information"))
        {
            key = await node.AddMemberWithKeyAsync("logged-bank");
            await node.Member(key).SubmitAsync(Drafts.Request(Drafts.Incident(Tlp.Red, "SECRET-TITLE-MARKER")));
            await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => node.Member(key + "x").WhoAmIAsync(new WhoAmIRequest()).ResponseAsync);
        }

        var logs = string.Concat(Directory.GetFiles(Path.Combine(dataDir, "logs")).Select(File.ReadAllText));
        Assert.Contains("\"NodeId\":\"bank-ceptoar\"", logs);
        Assert.Contains("MemberService/Submit", logs);
        Assert.DoesNotContain("SECRET-TITLE-MARKER", logs);
        Assert.DoesNotContain(key, logs);
        Assert.DoesNotContain("203.0.113.7", logs);
    }

    [Fact]
    public async Task DataDirectory_AfterStart_OwnerOnly()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var dataDir = _dir.Combine("data");
        await using var node = await TestNode.StartAsync(federation, "bank-ceptoar", dataDir);

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(dataDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(node.Ready.AdminSocket));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dataDir, "node.db")));
    }

    [Fact]
    public async Task DataDirectory_NodeProcessAfterItLogged_EveryFileOwnerOnly()
    {
        var federation = new TestFederation(_dir.Combine("pki"));
        var dataDir = _dir.Combine("data");
        await using var node = await NodeProcess.StartAsync(federation, "bank-ceptoar", dataDir, s => s["Serilog:MinimumLevel:Default"] = "Information");
        await node.Admin.GetStatusAsync(new GetStatusRequest());
        var logs = Path.Combine(dataDir, "logs");
        await Until.TrueAsync(() => Task.FromResult(Directory.GetFiles(logs, "*.clef").Any(f => new FileInfo(f).Length > 0)),
            TimeSpan.FromSeconds(30), "the node logged to its file");

        var files = Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories);

        // The process runs with the usual umask (022), under which a file created with default permissions is 0644.
        Assert.Contains(files, f => f.EndsWith(".clef", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(dataDir, "node.lock"), files);
        Assert.Contains(Path.Combine(dataDir, "node.ready.json"), files);
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == OwnerReadWrite, $"{f} is {File.GetUnixFileMode(f)}"));
        Assert.All(Directory.GetDirectories(dataDir, "*", SearchOption.AllDirectories).Append(dataDir),
            d => Assert.True(File.GetUnixFileMode(d) == (OwnerReadWrite | UnixFileMode.UserExecute), $"{d} is {File.GetUnixFileMode(d)}"));
    }

    [Fact]
    public void OwnerOnlyLogFiles_FilesRolledBySize_EachOwnerOnly()
    {
        var logs = _dir.Combine("rolled");
        Directory.CreateDirectory(logs);
        using (var logger = new LoggerConfiguration()
            .WriteTo.File(new CompactJsonFormatter(), Path.Combine(logs, "node-.clef"),
                fileSizeLimitBytes: 1, rollOnFileSizeLimit: true, hooks: new OwnerOnlyLogFiles())
            .CreateLogger())
        {
            for (var i = 0; i < 3; i++)
            {
                logger.Information("event {Number}", i);
            }
        }

        var files = Directory.GetFiles(logs);

        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.True(File.GetUnixFileMode(f) == OwnerReadWrite, $"{f} is {File.GetUnixFileMode(f)}"));
    }
}
