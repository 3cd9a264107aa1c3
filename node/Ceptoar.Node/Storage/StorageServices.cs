using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Storage;

/// <summary>Registers the store: its settings, and the database, audit log and stores opened once at start.</summary>
internal static class StorageServices
{
    public const string Section = "Storage";

    public static IServiceCollection AddStorageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindOnce(configuration.GetSection(Section));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<StorageOptions>>().Value);
        return services;
    }

    /// <summary>The stores over the database <paramref name="store"/> opened; they share its single writer and audit chain.</summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, OpenedStore store)
    {
        services.AddSingleton(store.Database);
        services.AddSingleton<IStoreWriter>(store.Database.Writer);
        services.AddSingleton(store.Audit);
        services.AddSingleton(store.Members);
        services.AddSingleton<ItemStore>();
        services.AddSingleton<FederationStore>();
        services.AddSingleton<RuleStore>();
        services.AddSingleton<HeldStore>();
        services.AddSingleton<WithdrawalStore>();
        services.AddSingleton<AcknowledgementStore>();
        services.AddSingleton<ContactStore>();
        services.AddSingleton<PeopleStore>();
        services.AddSingleton<NotifyOutboxStore>();
        services.AddSingleton<NotifyPlanStore>();
        services.AddSingleton<DrillStore>();
        services.AddSingleton<ExerciseStore>();
        services.AddSingleton<ModeStore>();
        services.AddSingleton<RevocationStore>();
        services.AddSingleton<LifecycleStore>();
        services.AddSingleton<DatabaseBackup>();
        return services;
    }
}

/// <summary>The database and the stores that need it open before anything runs (the member store loads its keys).</summary>
internal sealed record OpenedStore(NodeDatabase Database, AuditLog Audit, MemberStore Members) : IAsyncDisposable
{
    public static async Task<OpenedStore> OpenAsync(StorageOptions options, CancellationToken cancellationToken)
    {
        var database = await NodeDatabase.OpenAsync(options, cancellationToken);
        try
        {
            var audit = new AuditLog(database);
            return new OpenedStore(database, audit, await MemberStore.OpenAsync(database, audit, cancellationToken));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
