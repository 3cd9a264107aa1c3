using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ceptoar.AdminCli.Tests;

/// <summary>A real Kestrel gRPC server on a Unix socket in a fresh temp directory, serving a <see cref="FakeAdminService"/>.</summary>
internal sealed class AdminSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AdminSocketServer(WebApplication app, string dataDir, FakeAdminService service)
    {
        _app = app;
        DataDir = dataDir;
        Service = service;
    }

    /// <summary>The data directory; the socket is DataDir/admin.sock, as the CLI expects.</summary>
    public string DataDir { get; }

    public string SocketPath => Path.Combine(DataDir, "admin.sock");

    public FakeAdminService Service { get; }

    public static async Task<AdminSocketServer> StartAsync()
    {
        // Short directory name: Unix socket paths are limited to 107 bytes.
        var dataDir = Path.Combine(Path.GetTempPath(), "cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dataDir);
        var service = new FakeAdminService();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
            k.ListenUnixSocket(Path.Combine(dataDir, "admin.sock"), o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FakeAdminService>();
        await app.StartAsync();
        return new AdminSocketServer(app, dataDir, service);
    }

    /// <summary>Runs ceptoar-admin against this server (the global options are appended: they are accepted anywhere).</summary>
    public Task<CliResult> RunAsync(params string[] args) => CliResult.RunAsync([.. args, "--data-dir", DataDir]);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(DataDir, recursive: true);
    }
}
