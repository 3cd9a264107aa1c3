namespace Ceptoar.Node.Exercises;

/// <summary>Registers exercises (docs/DRILLS.md §7): the runner of this node's injects and results, and the results' builder.</summary>
internal static class ExercisesServices
{
    public static IServiceCollection AddExercises(this IServiceCollection services)
    {
        services.AddSingleton<ExerciseResults>();
        services.AddSingleton<ExerciseRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ExerciseRunner>());
        return services;
    }
}
