namespace Ceptoar.Node.Intake;

/// <summary>Registers the one path items take into the store: route planning and the intake service.</summary>
internal static class IntakeServices
{
    public static IServiceCollection AddIntake(this IServiceCollection services)
    {
        services.AddSingleton<Dispatcher>();
        services.AddSingleton<AckReceipts>();
        services.AddSingleton<ItemLifecycle>();
        services.AddSingleton<ItemIntake>();
        services.AddSingleton<Addressing>();
        return services;
    }
}
