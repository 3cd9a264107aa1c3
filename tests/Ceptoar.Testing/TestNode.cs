using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Composition;
using Ceptoar.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ceptoar.Testing;

/// <summary>What every running test node offers, in-process or as its own process.</summary>
internal abstract class RunningNode : IAsyncDisposable
{
    private AdminService.AdminServiceClient? _admin;

    protected RunningNode(X509Certificate2 root, ReadyFile ready)
    {
        Root = root;
        Ready = ready;
        ScrapedNodes.Track(this);
    }

    public X509Certificate2 Root { get; }

    public ReadyFile Ready { get; protected set; }

    public AdminService.AdminServiceClient Admin => _admin ??= Clients.Admin(Ready.AdminSocket);

    public MemberService.MemberServiceClient Member(string? apiKey) => Clients.Member(Ready.MemberEndpoint!, Root, apiKey);

    /// <summary>Adds a member through the admin API and returns a fresh API key for it.</summary>
    public async Task<string> AddMemberWithKeyAsync(string memberId, string sector = "finance", params string[] tags)
    {
        var request = new AddMemberRequest { MemberId = memberId, NameEn = memberId + " Ltd.", NameJa = memberId + "株式会社", Sector = sector };
        request.Tags.AddRange(tags);
        await Admin.AddMemberAsync(request);
        var issued = await Admin.IssueApiKeyAsync(new IssueApiKeyRequest { MemberId = memberId, Label = "test" });
        return issued.ApiKey;
    }

    public abstract ValueTask DisposeAsync();

    /// <summary>Reads the node's ready file; null until the node with that pid (if given) is listening.</summary>
    public static ReadyFile? ReadReady(string dataDir, int? pid = null)
    {
        var path = Path.Combine(dataDir, "node.ready.json");
        try
        {
            var ready = JsonSerializer.Deserialize<ReadyFile>(File.ReadAllText(path), ReadyFile.JsonOptions);
            return ready is not null && (pid is null || ready.Pid == pid) ? ready : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>A real node (Kestrel, TLS, loopback port, own data directory) hosted inside the test process.</summary>
internal sealed class TestNode : RunningNode
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, X509Certificate2 root, ReadyFile ready)
        : base(root, ready)
    {
        _app = app;
    }

    public IServiceProvider Services => _app.Services;

    /// <param name="configFile">Given, passed as `--config FILE` (a file the test may change while the node runs).</param>
    /// <param name="clock">The node's clock (a <see cref="JumpClock"/> to reach a later time at once); the system's when null.</param>
    /// <param name="services">Run on the node's services last: registrations standing in for what cannot run in a test.</param>
    public static async Task<TestNode> StartAsync(
        TestFederation federation, string nodeId, string dataDir, Action<Dictionary<string, string>>? configure = null, string? configFile = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        var settings = NodeArguments.For(federation, nodeId, dataDir);
        configure?.Invoke(settings);
        string[] args = configFile is null ? NodeArguments.ToArgs(settings) : [.. NodeArguments.ToArgs(settings), "--config", configFile];
        var app = await NodeApp.BuildAsync(args, clock ?? TimeProvider.System, new StartupProgress(), services);
        await app.StartAsync();
        var ready = ReadReady(dataDir) ?? throw new InvalidOperationException("node started but wrote no ready file");
        return new TestNode(app, federation.RootCertificate, ready);
    }

    public override async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
