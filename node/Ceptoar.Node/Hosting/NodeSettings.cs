using Ceptoar.Node.Federation;
using Ceptoar.Node.Storage;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>
/// The node's settings, bound and validated once at start: what the start-up needs (paths, keys, database) before the
/// host exists. Read from the same option registrations as the running node, so both see the same values and checks.
/// </summary>
internal sealed record NodeSettings(NodeOptions Node, LimitsOptions Limits, StorageOptions Storage, FederationOptions Federation)
{
    /// <summary>Binds and checks every section; a bad setting throws OptionsValidationException naming its section and each setting at fault.</summary>
    public static NodeSettings Read(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        AddAll(services, configuration);
        using var provider = services.BuildServiceProvider();
        // In this order: the node's own settings are reported first, as they decide where everything else lives.
        return new NodeSettings(
            Value<NodeOptions>(provider, NodeOptions.Section),
            Value<LimitsOptions>(provider, LimitsOptions.Section),
            Value<StorageOptions>(provider, StorageServices.Section),
            Value<FederationOptions>(provider, FederationOptions.Section));
    }

    /// <summary>Registers every section of the settings with its validator, checked again when the host starts.</summary>
    public static IServiceCollection AddAll(IServiceCollection services, IConfiguration configuration)
    {
        services.AddNodeOptions(configuration).AddStorageOptions(configuration).AddFederationOptions(configuration);
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

/// <summary>Binding of settings that are read once at start.</summary>
internal static class SettingsBinding
{
    /// <summary>
    /// Binds the section without following its reloads. A followed section is bound and validated again on every change
    /// of the configuration files, and a failed validation there throws on the file watcher's thread, which would stop a
    /// running node over an edit it does not act on. What the node does follow while it runs is bound under its own name.
    /// </summary>
    public static OptionsBuilder<T> BindOnce<T>(this OptionsBuilder<T> builder, IConfigurationSection section)
        where T : class => builder.Configure(options => section.Bind(options));
}

/// <summary>Registers the "Node" and "Limits" sections.</summary>
internal static class NodeOptionsServices
{
    public static IServiceCollection AddNodeOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<NodeOptions>, NodeOptionsValidator>();
        services.AddSingleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>();
        services.AddOptions<NodeOptions>().BindOnce(configuration.GetSection(NodeOptions.Section)).PostConfigure(o => o.MakePathsAbsolute()).ValidateOnStart();
        services.AddOptions<LimitsOptions>().BindOnce(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
        return services;
    }
}
