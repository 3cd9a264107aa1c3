using Ceptoar.Core.Policy;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Federation.Inbound;
using Ceptoar.Node.Federation.Outbound;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Query;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Federation;

/// <summary>Registers node-to-node delivery: its settings, peers, directory, links and outboxes, intake, federated queries.</summary>
internal static class FederationServices
{
    public static IServiceCollection AddFederationOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(FederationOptions.Section);
        services.AddSingleton<IValidateOptions<FederationOptions>, FederationOptionsValidator>();
        services.AddOptions<FederationOptions>().BindOnce(section).ValidateOnStart();
        // Federation:RevokedCertificates is followed while the node runs: RevokedCertificates checks each reload itself and
        // keeps the previous list when one is malformed, so this binding is not validated.
        services.AddOptions<FederationOptions>(RevokedCertificates.Reloaded).Bind(section);
        // The query limit sits in the same section as the delivery settings.
        services.AddOptions<QueryOptions>().BindOnce(section);
        return services;
    }

    public static IServiceCollection AddFederation(this IServiceCollection services)
    {
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<FederationOptions>>().Value);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<QueryOptions>>().Value);
        // The list as it is at start; NodeApp has it follow the reloaded configuration.
        services.AddSingleton(provider => new RevokedCertificates(provider.GetRequiredService<FederationOptions>().RevokedCertificates));
        services.AddSingleton(provider => new TimePolicy(
            TimeSpan.FromSeconds(provider.GetRequiredService<FederationOptions>().MaxClockSkewSeconds),
            TimeSpan.FromDays(provider.GetRequiredService<Hosting.LimitsOptions>().MaxItemLifetimeDays)));
        services.AddSingleton<PeerSet>();
        services.AddSingleton<PeerChannels>();
        services.AddSingleton<QuerySearch>();
        services.AddSingleton<NodeDirectory>();
        services.AddSingleton<RevocationBook>();
        services.AddSingleton<InboundProcessor>();
        services.AddSingleton<PeerCalls>();
        services.AddSingleton<PeerLinks>();
        services.AddHostedService(provider => provider.GetRequiredService<PeerLinks>());
        services.AddSingleton<QueryAnswerer>();
        services.AddSingleton<LifecycleAnswers>();
        services.AddSingleton<LifecycleCalls>();
        services.AddHostedService(provider => provider.GetRequiredService<LifecycleCalls>());
        return services;
    }
}
