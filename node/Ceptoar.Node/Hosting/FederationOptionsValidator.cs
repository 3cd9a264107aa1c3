using Ceptoar.Core.Policy;
using Ceptoar.Node.Federation.Directory;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Checks the "Federation" settings at start and at each reload; every message names the setting and says how to fix it.</summary>
internal sealed class FederationOptionsValidator : IValidateOptions<FederationOptions>
{
    /// <summary>An hour: clocks further apart than that are a fault to fix, not a difference to tolerate.</summary>
    private const int MaxClockSkewSeconds = 3600;

    public ValidateOptionsResult Validate(string? name, FederationOptions options)
    {
        if (name == RevokedCertificates.Reloaded)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        if (options.RetryInitialMs < 10 || options.RetryMaxMs < options.RetryInitialMs)
        {
            errors.Add(Setting("Federation:RetryInitialMs", $"{options.RetryInitialMs} with RetryMaxMs {options.RetryMaxMs} is not a backoff", "use at least 10 ms, and Federation:RetryMaxMs at least as large"));
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            errors.Add(Setting("Federation:BatchSize", $"{options.BatchSize} is out of range", "use 1 to 10000 envelopes (default 256)"));
        }

        if (options.BatchesInFlight is < 1 or > 32)
        {
            errors.Add(Setting("Federation:BatchesInFlight", $"{options.BatchesInFlight} is out of range", "use 1 to 32 batches (default 4)"));
        }

        if (options.BatchBytes < 64 * 1024)
        {
            errors.Add(Setting("Federation:BatchBytes", $"{options.BatchBytes} is too small", "use at least 65536 bytes (default 524288)"));
        }

        var maxValidityDays = (int)TimePolicy.MaxDescriptorValidity.TotalDays;
        if (options.AckTimeoutSeconds < 1 || options.DescriptorValidityDays < 1 || options.DescriptorValidityDays > maxValidityDays)
        {
            errors.Add(Setting("Federation:AckTimeoutSeconds", "or Federation:DescriptorValidityDays is out of range", $"use at least 1 second, and 1 to {maxValidityDays} days"));
        }

        if (options.MaxClockSkewSeconds is < 0 or > MaxClockSkewSeconds)
        {
            errors.Add(Setting("Federation:MaxClockSkewSeconds", $"{options.MaxClockSkewSeconds} is out of range",
                $"use 0 to {MaxClockSkewSeconds} seconds (default {(int)TimePolicy.DefaultMaxClockSkew.TotalSeconds}); keep the clocks of the nodes in sync (NTP) rather than widen it"));
        }

        if (options.RetiredKeyOverlapDays is < 0 or > 365)
        {
            errors.Add(Setting("Federation:RetiredKeyOverlapDays", $"{options.RetiredKeyOverlapDays} is out of range",
                "use 0 to 365 days (default 30): at least the longest an item sealed to the old key may wait in a peer's outbox"));
        }

        if (options.AuditCheckpointMinutes is < 1 or > 1440)
        {
            errors.Add(Setting("Federation:AuditCheckpointMinutes", $"{options.AuditCheckpointMinutes} is out of range", "use 1 to 1440 minutes (default 60)"));
        }

        for (var i = 0; i < options.RevokedCertificates.Count; i++)
        {
            if (options.RevokedCertificates[i].Length != 64 || !options.RevokedCertificates[i].All(char.IsAsciiHexDigit))
            {
                errors.Add(Setting($"Federation:RevokedCertificates:{i}", "is not a SHA-256 thumbprint", "give the 64 hex digits of the certificate's SHA-256 (`ceptoar-admin pki show` prints it)"));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Setting(string key, string problem, string fix) => SettingProblem.Describe(key, problem, fix);
}
