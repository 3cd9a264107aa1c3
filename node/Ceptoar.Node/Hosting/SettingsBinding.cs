using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

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
