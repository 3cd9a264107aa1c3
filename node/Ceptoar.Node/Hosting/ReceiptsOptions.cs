using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>What this node tells an item's origin about who acknowledged it (configuration section "Receipts").</summary>
public sealed class ReceiptsOptions
{
    public const string Section = "Receipts";

    /// <summary>The receipt says a member acknowledged, with a per-item pseudonym: the origin counts, never learns who.</summary>
    public const string Count = "count";

    /// <summary>The receipt names the member ("member:&lt;id&gt;") with its display names and note.</summary>
    public const string Names = "names";

    /// <summary>
    /// "count" (the default) or "names": what another node learns about this node's members is this node's choice
    /// (docs/PROTOCOL.md §7). Staff acknowledgements always name the person ("staff:&lt;name&gt;").
    /// </summary>
    public string ShareMemberIdentity { get; set; } = Count;

    /// <summary>True when receipts name members.</summary>
    public bool SharesNames => string.Equals(ShareMemberIdentity.Trim(), Names, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Checks the "Receipts" settings at start; the message names the setting and the values it takes.</summary>
internal sealed class ReceiptsOptionsValidator : IValidateOptions<ReceiptsOptions>
{
    public ValidateOptionsResult Validate(string? name, ReceiptsOptions options)
    {
        var value = options.ShareMemberIdentity?.Trim() ?? "";
        return value.Equals(ReceiptsOptions.Count, StringComparison.OrdinalIgnoreCase) || value.Equals(ReceiptsOptions.Names, StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(SettingProblem.Describe("Receipts:ShareMemberIdentity", $"'{Shorten(options.ShareMemberIdentity ?? "")}' is not a choice",
                $"use '{ReceiptsOptions.Count}' (the default: the origin learns how many members acknowledged, not who) or '{ReceiptsOptions.Names}' (member ids and names)"));
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}

/// <summary>Registers the "Receipts" section, read once at start.</summary>
internal static class ReceiptsOptionsServices
{
    public static IServiceCollection AddReceiptsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ReceiptsOptions>, ReceiptsOptionsValidator>();
        services.AddOptions<ReceiptsOptions>().BindOnce(configuration.GetSection(ReceiptsOptions.Section)).ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ReceiptsOptions>>().Value);
        return services;
    }
}
