using Ceptoar.Node.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Notifications;

/// <summary>Registers the "Notify" settings (validated at start), the two channels, e-mail and webhooks, and the sending of the outbox.</summary>
internal static class NotifyServices
{
    /// <summary>The settings and the channels.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddNotifyOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MailChannel>();
        services.TryAddSingleton<WebhookChannel>();
        return services;
    }

    /// <summary>
    /// The "Notify" section with its validator; registered once however often it is called, as the start-up's settings
    /// check (Composition/NodeSettings) and the node's composition both register it.
    /// </summary>
    public static IServiceCollection AddNotifyOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<NotifyOptions>) && d.ImplementationType == typeof(NotifyOptionsValidator)))
        {
            return services;
        }

        services.AddSingleton<IValidateOptions<NotifyOptions>, NotifyOptionsValidator>();
        services.AddOptions<NotifyOptions>().BindOnce(configuration.GetSection(NotifyOptions.Section)).ValidateOnStart();
        return services;
    }

    /// <summary>The node's side: contacts in memory, planning at intake, expanding the plans and the sender of the outbox after the commit (docs/NOTIFICATIONS.md §6).</summary>
    public static IServiceCollection AddNotificationSending(this IServiceCollection services)
    {
        services.AddSingleton<ContactBook>();
        services.AddSingleton<NotificationPlanner>();
        services.AddSingleton<NotificationExpander>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(provider => provider.GetRequiredService<NotificationSender>());
        return services;
    }
}
