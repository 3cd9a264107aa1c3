using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Statistics;

/// <summary>Registers the sharing statistics (docs/CONSOLE.md §5): the aggregate read, the origins from the directory, the service.</summary>
internal static class StatisticsServices
{
    public static IServiceCollection AddStatistics(this IServiceCollection services)
    {
        services.AddSingleton<SharingStatsStore>();
        services.AddSingleton<ISharingOrigins, DirectoryOrigins>();
        services.AddSingleton<SharingStatistics>();
        return services;
    }
}
