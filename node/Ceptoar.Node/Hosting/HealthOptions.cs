using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Thresholds of the node's health checks (configuration section "Health", docs/OPERATIONS.md §3).</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Below this free space in the data directory's file system, in MiB, the node answers NOT_SERVING (default 512).</summary>
    public long MinFreeDiskMegabytes { get; set; } = 512;

    /// <summary>A certificate of the node expiring within this many days is a warning (default 30).</summary>
    public int CertificateWarningDays { get; set; } = 30;

    /// <summary>A peer's outbox holding an item queued longer ago than this, in minutes, is a warning (default 60).</summary>
    public int PeerBacklogWarningMinutes { get; set; } = 60;

    /// <summary>Longest time the write probe may take, in seconds, before the database counts as not writable (default 5).</summary>
    public int WriteProbeSeconds { get; set; } = 5;

    /// <summary>Longest time the writer may spend on one batch, or leave work queued without committing, in seconds (default 30).</summary>
    public int WriterStallSeconds { get; set; } = 30;

    /// <summary>Registers the section with its validator, checked at start.</summary>
    internal static IServiceCollection Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.AddOptions<HealthOptions>().BindOnce(configuration.GetSection(Section)).ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<HealthOptions>>().Value);
        return services;
    }
}

/// <summary>Checks the "Health" settings at start; every message names the setting and says how to fix it.</summary>
internal sealed class HealthOptionsValidator : IValidateOptions<HealthOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthOptions options)
    {
        var errors = new List<string>();
        Check(errors, "Health:MinFreeDiskMegabytes", options.MinFreeDiskMegabytes, 0, 1L << 40, "MiB, e.g. 512 (0 turns the check off)");
        Check(errors, "Health:CertificateWarningDays", options.CertificateWarningDays, 0, 3650, "days, e.g. 30");
        Check(errors, "Health:PeerBacklogWarningMinutes", options.PeerBacklogWarningMinutes, 1, 525_600, "minutes, e.g. 60");
        Check(errors, "Health:WriteProbeSeconds", options.WriteProbeSeconds, 1, 600, "seconds, e.g. 5");
        Check(errors, "Health:WriterStallSeconds", options.WriterStallSeconds, 1, 3600, "seconds, e.g. 30");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(List<string> errors, string key, long value, long min, long max, string unit)
    {
        if (value < min || value > max)
        {
            errors.Add(SettingProblem.Describe(key, $"is {value}", $"use {min} to {max} {unit}"));
        }
    }
}
