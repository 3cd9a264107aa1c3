using System.Text.Json;
using Ceptoar.Core.Pki;
using Ceptoar.Node.Administration;
using Ceptoar.Node.Api;
using Ceptoar.Node.Exercises;
using Ceptoar.Node.Federation;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Federation.Inbound;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Intake;
using Ceptoar.Node.Interchange;
using Ceptoar.Node.Members;
using Ceptoar.Node.Modes;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.People;
using Ceptoar.Node.Rules;
using Ceptoar.Node.Storage;
using Ceptoar.Node.Taxii;
using Ceptoar.Node.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Composition;

/// <summary>Builds the node's web application from configuration: Kestrel listeners, gRPC services, logging.</summary>
public static class NodeApp
{
    /// <summary>
    /// Reads and validates configuration (appsettings.json, environment, command line), opens keys and the store,
    /// and returns the app ready to start. Throws OptionsValidationException / InvalidOperationException with
    /// messages naming the setting or file at fault.
    /// </summary>
    public static Task<WebApplication> BuildAsync(string[] args, CancellationToken cancellationToken = default) =>
        BuildAsync(args, TimeProvider.System, cancellationToken);

    /// <summary>As <see cref="BuildAsync(string[], CancellationToken)"/>, on the given clock (tests move it forward to reach escalation times).</summary>
    public static Task<WebApplication> BuildAsync(string[] args, TimeProvider clock, CancellationToken cancellationToken = default) =>
        BuildAsync(args, clock, new StartupProgress(), cancellationToken);

    /// <summary>As above, recording in <paramref name="progress"/> how far it got, so a failure can be classified (docs/OPERATIONS.md §2).</summary>
    internal static Task<WebApplication> BuildAsync(string[] args, TimeProvider clock, StartupProgress progress, CancellationToken cancellationToken = default) =>
        BuildAsync(args, clock, progress, null, cancellationToken);

    /// <summary>
    /// As above, with <paramref name="replace"/> run on the services last, before the app is built: tests stand in for what
    /// cannot run in them (the web console's people until their store is merged, docs/CONSOLE.md §8).
    /// </summary>
    internal static async Task<WebApplication> BuildAsync(
        string[] args, TimeProvider clock, StartupProgress progress, Action<IServiceCollection>? replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        progress.Step = StartupStep.Configuration;
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

        var settings = NodeSettings.Read(builder.Configuration);
        progress.Node = settings.Node;
        progress.Step = StartupStep.DataDirectory;
        DataDirectory.Prepare(settings.Node.DataDir);
        progress.Step = StartupStep.DataDirectoryLock;
        var dataLock = DataDirectory.Lock(settings.Node.DataDir);
        OpenedStore store;
        OpenedIdentity identity;
        try
        {
            identity = OpenedIdentity.Open(settings.Node, clock.GetUtcNow(), progress);
            settings.Storage.TimeProvider = clock;
            progress.Step = StartupStep.Database;
            store = await OpenedStore.OpenAsync(settings.Storage, cancellationToken);
        }
        catch
        {
            dataLock.Dispose();
            throw;
        }

        try
        {
            progress.Step = StartupStep.Composition;
            return await ComposeAsync(builder, settings, identity, store, dataLock, configFile, clock, replace, cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>Registers each feature's services over what start-up opened, builds the app and maps its endpoints.</summary>
    private static async Task<WebApplication> ComposeAsync(
        WebApplicationBuilder builder, NodeSettings settings, OpenedIdentity identity, OpenedStore store, DataDirectoryLock dataLock, string? configFile, TimeProvider clock,
        Action<IServiceCollection>? replace, CancellationToken cancellationToken)
    {
        var options = settings.Node;
        var limits = settings.Limits;
        NodeSettings.AddAll(builder.Services, builder.Configuration);
        builder.Services.AddSingleton(dataLock);
        builder.Services.AddNodeIdentity(identity, clock);
        builder.Services.AddStorage(store);
        builder.Services.AddFederation();
        builder.Services.AddRules();
        builder.Services.AddNotifications(builder.Configuration).AddNotificationSending();
        builder.Services.AddIntake();
        builder.Services.AddMembers();
        builder.Services.AddInterchange();
        builder.Services.AddExercises();
        builder.Services.AddModes();
        builder.Services.AddPeople(builder.Configuration);
        builder.Services.AddAdministration();
        builder.Services.AddTaxii();
        Statistics.StatisticsServices.AddStatistics(builder.Services);
        // The console (Razor Pages, cookie sessions) only where it is served: MVC and its compiled pages cost about 20 MiB of
        // resident memory at idle (measured 143 against 122 MiB), which a node without Node:WebListen should not pay.
        var webConsole = !string.IsNullOrEmpty(options.WebListen);
        if (webConsole)
        {
            builder.Services.AddWebConsole();
        }

        builder.Services.AddSingleton<ListenerAddresses>();
        builder.Services.AddNodeMetrics(options);
        builder.Services.AddHostedService<ReadyFileWriter>();
        NodeLogging.Configure(builder, options);
        // Type=notify: READY=1 once the host has started (Kestrel listens), STOPPING=1 when it stops; a no-op outside
        // systemd (docs/OPERATIONS.md §1, deploy/systemd/ceptoar-node.service).
        builder.Host.UseSystemd();
        if (!SystemdHelpers.IsSystemdService() && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOTIFY_SOCKET")))
        {
            // UseSystemd looks for systemd as the parent process; a supervisor that speaks its notify protocol without
            // being it (a container runtime, a test) names its socket in NOTIFY_SOCKET, which is what the notifier uses.
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        var compression = new RequestCompression(limits.MaxRequestBytes);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = limits.MaxRequestBytes;
            // Set, so grpc-dotnet adds none of its own: the same encodings, with inflation bounded by the limit.
            grpc.CompressionProviders = [.. compression.Providers];
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
        }).AddJsonTranscoding(MemberRest.Configure);
        builder.Services.AddNodeHealth();
        builder.Services.AddGrpcReflection();

        ConfigureKestrel(builder, options);
        // A service that cannot be composed stops the node at start, not at the first call that needs it.
        builder.Host.UseDefaultServiceProvider(provider => provider.ValidateOnBuild = true);
        // A stopping node does not wait half a minute for peers and subscribers to hang up.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));

        replace?.Invoke(builder.Services);
        var app = builder.Build();
        await app.Services.GetRequiredService<PeerSet>().LoadAsync(options.Peers, cancellationToken);
        await app.Services.GetRequiredService<NodeDirectory>().LoadAsync(cancellationToken);
        await app.Services.GetRequiredService<RevocationBook>().LoadAsync(cancellationToken);
        await app.Services.GetRequiredService<ActiveRules>().LoadAsync(cancellationToken);
        await app.Services.GetRequiredService<ContactBook>().LoadAsync(cancellationToken);
        var revocations = app.Services.GetRequiredService<RevokedCertificates>().Follow(
            app.Services.GetRequiredService<IOptionsMonitor<FederationOptions>>(), app.Services.GetRequiredService<ILogger<RevokedCertificates>>(),
            configFile is null ? null : Path.GetFullPath(configFile));
        app.Lifetime.ApplicationStopping.Register(() => revocations?.Dispose());
        // First: the monitoring listener answers its own few paths and nothing else (docs/OPERATIONS.md §3, §4).
        app.UseNodeMetrics(options);
        app.UseMonitoringListener();
        // Routing first, so the web console's gate sees the chosen endpoint: the console only on Node:WebListen, nothing else there (docs/CONSOLE.md §1).
        app.UseRouting();
        if (webConsole)
        {
            app.UseWebConsole();
        }

        app.UseListenerGate();
        app.UseFederationGate();
        // Before the message gate: its refusals are already in the caller's language.
        app.UseCallLanguage();
        // After the call language (REST calls are answered in it too), before gRPC sees a transcoded call (docs/INTERCHANGE.md §4).
        app.UseMemberRest(limits);
        app.UseMessageGate(compression);
        NodeLogging.UseRequestLogging(app);
        app.MapGrpcService<MemberApi>();
        app.MapGrpcService<AdminApi>();
        app.MapGrpcService<FederationApi>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapTaxii();
        if (webConsole)
        {
            app.MapWebConsole();
        }

        app.Lifetime.ApplicationStopped.Register(() =>
        {
            store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            // Released last, once the store is closed: another node process may then take the directory.
            dataLock.Dispose();
        });
        return app;
    }

    private static void ConfigureKestrel(WebApplicationBuilder builder, NodeOptions options)
    {
        builder.WebHost.ConfigureKestrel((_, kestrel) =>
        {
            var addresses = kestrel.ApplicationServices.GetRequiredService<ListenerAddresses>();
            var tls = kestrel.ApplicationServices.GetRequiredService<NodeCredentials>().TlsCertificate;
            kestrel.AddServerHeader = false;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 256;

            kestrel.Listen(NodeOptionsValidator.ParseListen(options.MemberListen)!, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Tag(Listener.Member);
                listen.UseHttps(tls);
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
                        https.ServerCertificate = tls;
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        // Any certificate passes TLS; the federation gate judges it against our own trust bundle and
                        // peers, so the caller gets a gRPC status that says why, and the refusal is audited.
                        https.ClientCertificateValidation = (_, _, _) => true;
                    });
                    addresses.Federation = listen;
                });
            }

            MonitoringListener.Listen(kestrel, options, addresses);
            if (NodeOptionsValidator.ParseListen(options.WebListen) is { } web)
            {
                kestrel.Listen(web, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.Tag(Listener.Web);
                    // The member listener's certificate: people's browsers reach the node by the same name (docs/CONSOLE.md §1).
                    listen.UseHttps(tls);
                    addresses.Web = listen;
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

    /// <summary>
    /// The first listener Kestrel did not bind, after a failed start: it binds them in the order ConfigureKestrel lists
    /// them and adds each address once bound, while the socket error it throws names no address (docs/OPERATIONS.md §2).
    /// </summary>
    internal static Listener? FirstUnbound(WebApplication app, NodeOptions options)
    {
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Count ?? 0;
        Listener[] order =
        [
            Listener.Member, .. string.IsNullOrEmpty(options.FederationListen) ? Array.Empty<Listener>() : [Listener.Federation],
            .. string.IsNullOrEmpty(options.MonitoringListen) ? Array.Empty<Listener>() : [Listener.Monitoring],
            .. string.IsNullOrEmpty(options.WebListen) ? Array.Empty<Listener>() : [Listener.Web], Listener.Admin,
        ];
        return bound < order.Length ? order[bound] : null;
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
}

/// <summary>
/// Writes &lt;DataDir&gt;/node.ready.json once the node listens (endpoints, admin socket, pid) and removes it at stop,
/// so scripts, tests and the demo know where to connect and when the node is up.
/// </summary>
internal sealed class ReadyFileWriter(NodeOptions options, ListenerAddresses addresses, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Write);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        File.Delete(options.ReadyFilePath);
        return Task.CompletedTask;
    }

    private void Write()
    {
        // Only the owner may reach the admin socket: the file mode is the access control.
        File.SetUnixFileMode(options.AdminSocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var ready = new ReadyFile(
            options.Id,
            Environment.ProcessId,
            addresses.Member is { } m ? $"https://{m.IPEndPoint}" : null,
            addresses.Federation is { } f ? $"https://{f.IPEndPoint}" : null,
            options.AdminSocketPath,
            options.TimeZone,
            addresses.Monitoring is { } w ? $"http://{w.IPEndPoint}" : null,
            addresses.Web is { } c ? $"https://{c.IPEndPoint}" : null);
        DataDirectory.WriteOwnerOnly(options.ReadyFilePath, JsonSerializer.Serialize(ready, ReadyFile.JsonOptions));
    }
}

/// <summary>The content of node.ready.json.</summary>
/// <param name="TimeZone">Node:TimeZone, for ceptoar-admin on this host to show times in (null in files of older nodes).</param>
/// <param name="MonitoringEndpoint">http://host:port of Node:MonitoringListen (/healthz, /readyz); null when it is off.</param>
/// <param name="WebEndpoint">https://host:port of Node:WebListen (the web console, docs/CONSOLE.md §1); null when it is off.</param>
public sealed record ReadyFile(
    string NodeId, int Pid, string? MemberEndpoint, string? FederationEndpoint, string AdminSocket, string? TimeZone = null, string? MonitoringEndpoint = null, string? WebEndpoint = null)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
