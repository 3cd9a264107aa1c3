namespace Ceptoar.Node.Rules;

/// <summary>Registers the handling rules: the active set, their application to items, and the retention sweep.</summary>
internal static class RulesServices
{
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        services.AddSingleton<ActiveRules>();
        services.AddSingleton<CurrentMode>();
        services.AddSingleton<RuleApplication>();
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<RetentionSweeper>());
        return services;
    }
}
