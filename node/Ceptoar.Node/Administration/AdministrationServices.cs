namespace Ceptoar.Node.Administration;

/// <summary>Registers the feature services the admin API delegates to.</summary>
internal static class AdministrationServices
{
    public static IServiceCollection AddAdministration(this IServiceCollection services)
    {
        services.AddSingleton<AdminMembers>();
        services.AddSingleton<AdminItems>();
        services.AddSingleton<AdminAudit>();
        services.AddSingleton<AdminStatus>();
        services.AddSingleton<AdminFederation>();
        services.AddSingleton<AdminAcknowledgements>();
        services.AddSingleton<AdminRules>();
        services.AddSingleton<AdminQueue>();
        services.AddSingleton<AdminQuery>();
        services.AddSingleton<AdminContacts>();
        services.AddSingleton<AdminNotify>();
        services.AddSingleton<AdminDrills>();
        services.AddSingleton<AdminExercises>();
        services.AddSingleton<AdminModes>();
        services.AddSingleton<AdminRevocations>();
        services.AddSingleton<AdminBackup>();
        services.AddSingleton<AdminInterchange>();
        services.AddSingleton<AdminStatistics>();
        services.AddSingleton<AdminPeople>();
        return services;
    }
}
