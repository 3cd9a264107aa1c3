namespace Ceptoar.Node.Modes;

/// <summary>Registers the large-scale IT failure mode (docs/MODES.md §4, §5): acting on mode changes, the status board, the reminders.</summary>
internal static class ModesServices
{
    public static IServiceCollection AddModes(this IServiceCollection services)
    {
        services.AddSingleton<ModeBook>();
        services.AddSingleton<StatusBoards>();
        services.AddSingleton<ModeWatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ModeWatcher>());
        services.AddSingleton<ModeReminders>();
        services.AddHostedService(provider => provider.GetRequiredService<ModeReminders>());
        return services;
    }
}
