using System.Text.Json;
using Ceptoar.Node.Administration;
using Ceptoar.Node.Federation;
using Ceptoar.Node.Members;
using Ceptoar.Node.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Builds the node's web application from configuration: Kestrel listeners, gRPC services, logging.</summary>
public static class NodeApp
{
    /// <summary>
    /// Reads and validates configuration (appsettings.json, environment, command line), opens keys and the store,
    /// and returns the app ready to start. Throws OptionsValidationException / InvalidOperationException with
    /// messages naming the setting or file at fault.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var (configFile, rest) = ConfigFileArgument(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = rest, ContentRootPath = AppContext.BaseDirectory });
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new InvalidOperationException($"--config file '{configFile}' does not exist: fix the path.");
            }

            // The file overrides appsettings.json; environment and command line still override the file.
            // Reloaded when it changes (as appsettings.json is), so that Federation:RevokedCertificates takes effect without a restart.
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: true).AddEnvironmentVariables().AddCommandLine(rest);
        }

        var options = Bind<NodeOptions>(builder.Configuration, NodeOptions.Section);
        var limits = Bind<LimitsOptions>(builder.Configuration, LimitsOptions.Section);
        var storage = Bind<StorageOptions>(builder.Configuration, "Storage");
        var federation = Bind<FederationOptions>(builder.Configuration, FederationOptions.Section);
        options.MakePathsAbsolute();
        var validator = new NodeOptionsValidator();
        Throw(validator.Validate(null, options), NodeOptions.Section);
        Throw(validator.Validate(null, limits), LimitsOptions.Section);
        Throw(validator.Validate(null, federation), FederationOptions.Section);

        DataDirectory.Prepare(options.DataDir);
        var dataLock = DataDirectory.Lock(options.DataDir);
        NodeContext context;
        try
        {
            context = await NodeContext.OpenAsync(options, limits, storage, federation, TimeProvider.System, cancellationToken);
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }

        var peers = new PeerSet(context.FederationStore);
        await peers.LoadAsync(options.Peers, cancellationToken);

        builder.Services.AddSingleton(context);
        builder.Services.AddSingleton(peers);
        builder.Services.AddSingleton<NodeDirectory>();
        builder.Services.AddSingleton<Dispatcher>();
        builder.Services.AddSingleton<InboundProcessor>();
        builder.Services.AddSingleton<PeerCalls>();
        builder.Services.Configure<FederationOptions>(builder.Configuration.GetSection(FederationOptions.Section));
        builder.Services.AddSingleton<PeerLinks>();
        builder.Services.AddSingleton<AdminFederation>();
        builder.Services.AddSingleton(context.RuleStore);
        builder.Services.AddSingleton<Ceptoar.Node.Rules.ActiveRules>();
        builder.Services.AddSingleton<AdminRules>();
        builder.Services.AddSingleton<AdminQueue>();
        builder.Services.AddSingleton(Bind<QueryOptions>(builder.Configuration, FederationOptions.Section));
        builder.Services.AddSingleton<QueryAnswerer>();
        builder.Services.AddSingleton<AdminQuery>();
        builder.Services.AddSingleton<Ceptoar.Node.Rules.RetentionSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<Ceptoar.Node.Rules.RetentionSweeper>());
        builder.Services.AddSingleton<Ceptoar.Node.Rules.RuleApplication>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PeerLinks>());
        builder.Services.AddSingleton(dataLock);
        builder.Services.AddSingleton(context.Items);
        builder.Services.AddSingleton(context.Members);
        builder.Services.AddSingleton(context.Audit);
        builder.Services.AddSingleton(context.FederationStore);
        builder.Services.AddSingleton<MemberRateLimiter>();
        builder.Services.AddSingleton<DenialAuditThrottle>();
        builder.Services.AddSingleton<SubmissionService>();
        builder.Services.AddSingleton<MemberStreams>();
        builder.Services.AddSingleton<ListenerAddresses>();
        builder.Services.AddHostedService<ReadyFileWriter>();
        NodeLogging.Configure(builder, options);

        var compression = new RequestCompression(limits.MaxRequestBytes);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = limits.MaxRequestBytes;
            // Set, so grpc-dotnet adds none of its own: the same encodings, with inflation bounded by the limit.
            grpc.CompressionProviders = [.. compression.Providers];
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpc().AddServiceOptions<MemberApi>(o => o.Interceptors.Add<MemberAuthInterceptor>());
        builder.Services.AddGrpcHealthChecks().AddCheck("store", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        builder.Services.AddGrpcReflection();

        ConfigureKestrel(builder, context);
        // A stopping node does not wait half a minute for peers and subscribers to hang up.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        await app.Services.GetRequiredService<NodeDirectory>().LoadAsync(cancellationToken);
        await app.Services.GetRequiredService<Ceptoar.Node.Rules.ActiveRules>().LoadAsync(cancellationToken);
        var revocations = context.Revoked.Follow(
            app.Services.GetRequiredService<IOptionsMonitor<FederationOptions>>(), app.Services.GetRequiredService<ILogger<RevokedCertificates>>(),
            configFile is null ? null : Path.GetFullPath(configFile));
        app.Lifetime.ApplicationStopping.Register(() => revocations?.Dispose());
        app.UseListenerGate();
        app.UseFederationGate();
        app.UseMessageGate(compression);
        NodeLogging.UseRequestLogging(app);
        app.MapGrpcService<MemberApi>();
        app.MapGrpcService<AdminApi>();
        app.MapGrpcService<FederationApi>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            context.DisposeAsync().AsTask().GetAwaiter().GetResult();
            // Released last, once the store is closed: another node process may then take the directory.
            dataLock.Dispose();
        });
        return app;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, NodeContext context)
    {
        var options = context.Options;
        builder.WebHost.ConfigureKestrel((_, kestrel) =>
        {
            var addresses = kestrel.ApplicationServices.GetRequiredService<ListenerAddresses>();
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 256;

            kestrel.Listen(NodeOptionsValidator.ParseListen(options.MemberListen)!, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Tag(Listener.Member);
                listen.UseHttps(context.Credentials.TlsCertificate);
                addresses.Member = listen;
            });

            if (!string.IsNullOrEmpty(options.FederationListen))
            {
                kestrel.Listen(NodeOptionsValidator.ParseListen(options.FederationListen)!, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    listen.Tag(Listener.Federation);
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = context.Credentials.TlsCertificate;
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        // Any certificate passes TLS; the federation gate judges it against our own trust bundle and
                        // peers, so the caller gets a gRPC status that says why, and the refusal is audited.
                        https.ClientCertificateValidation = (_, _, _) => true;
                    });
                    addresses.Federation = listen;
                });
            }

            var socket = options.AdminSocketPath;
            if (File.Exists(socket))
            {
                // Safe: the data-directory lock proves no other node process owns this socket.
                File.Delete(socket);
            }

            kestrel.ListenUnixSocket(socket, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Tag(Listener.Admin);
            });
        });
    }

    /// <summary>Takes "--config FILE" (a JSON file in the appsettings shape) out of the arguments.</summary>
    private static (string? File, string[] Remaining) ConfigFileArgument(string[] args)
    {
        var index = Array.IndexOf(args, "--config");
        if (index < 0)
        {
            return (null, args);
        }

        if (index == args.Length - 1)
        {
            throw new InvalidOperationException("--config needs a file: --config path/to/node.json");
        }

        return (args[index + 1], [.. args[..index], .. args[(index + 2)..]]);
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var value = new T();
        configuration.GetSection(section).Bind(value);
        return value;
    }

    private static void Throw(ValidateOptionsResult result, string section)
    {
        if (result.Failed)
        {
            throw new OptionsValidationException(section, typeof(NodeOptions), result.Failures);
        }
    }
}

/// <summary>The bound listen options, read after start to learn the real ports (port 0 in tests).</summary>
internal sealed class ListenerAddresses
{
    public ListenOptions? Member { get; set; }

    public ListenOptions? Federation { get; set; }
}

/// <summary>
/// Writes &lt;DataDir&gt;/node.ready.json once the node listens (endpoints, admin socket, pid) and removes it at stop,
/// so scripts, tests and the demo know where to connect and when the node is up.
/// </summary>
internal sealed class ReadyFileWriter(NodeContext context, ListenerAddresses addresses, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        File.Delete(context.Options.ReadyFilePath);
        return Task.CompletedTask;
    }

    private void Write()
    {
        // Only the owner may reach the admin socket: the file mode is the access control.
        File.SetUnixFileMode(context.Options.AdminSocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var ready = new ReadyFile(
            context.NodeId,
            Environment.ProcessId,
            addresses.Member is { } m ? $"https://{m.IPEndPoint}" : null,
            addresses.Federation is { } f ? $"https://{f.IPEndPoint}" : null,
            context.Options.AdminSocketPath);
        DataDirectory.WriteOwnerOnly(context.Options.ReadyFilePath, JsonSerializer.Serialize(ready, ReadyFile.JsonOptions));
    }
}

/// <summary>The content of node.ready.json.</summary>
public sealed record ReadyFile(string NodeId, int Pid, string? MemberEndpoint, string? FederationEndpoint, string AdminSocket)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
