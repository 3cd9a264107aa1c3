using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.People;

/// <summary>Registers the "People" settings (validated at start) and the sign-in of the web console (docs/CONSOLE.md §2).</summary>
internal static class PeopleServices
{
    public static IServiceCollection AddPeople(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<PeopleOptions>, PeopleOptionsValidator>();
        services.AddOptions<PeopleOptions>().BindOnce(configuration.GetSection(PeopleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IPersonSignIn, PersonSignInService>();
        return services;
    }
}
