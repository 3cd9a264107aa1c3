namespace Ceptoar.Node.Taxii;

/// <summary>Registers and maps the TAXII 2.1 server of the member listener (docs/INTERCHANGE.md §3).</summary>
internal static class TaxiiServices
{
    public static IServiceCollection AddTaxii(this IServiceCollection services)
    {
        services.AddSingleton<TaxiiStatuses>();
        services.AddSingleton<TaxiiFeed>();
        services.AddSingleton<TaxiiWrites>();
        services.AddSingleton<TaxiiApi>();
        return services;
    }

    /// <summary>Every path under /taxii2, any method: TaxiiApi answers each, on the member listener only.</summary>
    public static IEndpointRouteBuilder MapTaxii(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.ServiceProvider.GetRequiredService<TaxiiApi>();
        endpoints.Map(TaxiiApi.Prefix + "/{**path}", api.HandleAsync);
        return endpoints;
    }
}
