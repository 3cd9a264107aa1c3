using Ceptoar.Node.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Notifications;

/// <summary>Registers the "Notify" settings (validated at start) and the two channels, e-mail and webhooks.</summary>
internal static class NotifyServices
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<NotifyOptions>, NotifyOptionsValidator>();
        services.AddOptions<NotifyOptions>().BindOnce(configuration.GetSection(NotifyOptions.Section)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<MailChannel>();
        services.AddSingleton<WebhookChannel>();
        return services;
    }
}
