using Ceptoar.Node.Federation;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Notifications;
using Ceptoar.Node.Storage;
using Ceptoar.Node.Web;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Composition;

/// <summary>
/// The node's settings, bound and validated once at start: what the start-up needs (paths, keys, database) before the
/// host exists. Read from the same option registrations as the running node, so both see the same values and checks.
/// </summary>
internal sealed record NodeSettings(NodeOptions Node, LimitsOptions Limits, StorageOptions Storage, FederationOptions Federation, ReceiptsOptions Receipts, NotifyOptions Notify)
{
    /// <summary>Binds and checks every section; a bad setting throws OptionsValidationException naming its section and each setting at fault.</summary>
    public static NodeSettings Read(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        AddAll(services, configuration);
        using var provider = services.BuildServiceProvider();
        // In this order: the node's own settings are reported first, as they decide where everything else lives.
        var node = Value<NodeOptions>(provider, NodeOptions.Section);
        _ = Value<HealthOptions>(provider, HealthOptions.Section);
        _ = Value<WebOptions>(provider, WebOptions.Section);
        return new NodeSettings(
            node,
            Value<LimitsOptions>(provider, LimitsOptions.Section),
            Value<StorageOptions>(provider, StorageServices.Section),
            Value<FederationOptions>(provider, FederationOptions.Section),
            Value<ReceiptsOptions>(provider, ReceiptsOptions.Section),
            Value<NotifyOptions>(provider, NotifyOptions.Section));
    }

    /// <summary>Registers every section of the settings with its validator, checked again when the host starts.</summary>
    public static IServiceCollection AddAll(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNodeOptions(configuration).AddStorageOptions(configuration).AddFederationOptions(configuration).AddReceiptsOptions(configuration).AddNotifyOptions(configuration);
        HealthOptions.Add(services, configuration);
        services.AddWebOptions(configuration);
        // The database lives in the data directory, wherever Storage says otherwise.
        services.AddOptions<StorageOptions>().PostConfigure<IOptions<NodeOptions>>((storage, node) => storage.DatabasePath = node.Value.DatabasePath);
        return services;
    }

    private static T Value<T>(IServiceProvider provider, string section)
        where T : class
    {
        try
        {
            return provider.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException e)
        {
            // Named after the section, so the start-up error says which part of the configuration to fix.
            throw new OptionsValidationException(section, typeof(T), e.Failures);
        }
    }
}
