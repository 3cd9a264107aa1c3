using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Checks the "Limits" settings at start; every message names the setting and says how to fix it.</summary>
internal sealed class LimitsOptionsValidator : IValidateOptions<LimitsOptions>
{
    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxRequestBytes is < 4096 or > 64 * 1024 * 1024)
        {
            errors.Add(Setting("Limits:MaxRequestBytes", $"{options.MaxRequestBytes} is out of range", "use 4096 to 67108864 bytes (default 1048576)"));
        }

        if (options.MaxExportBytes is < 65536 or > 64 * 1024 * 1024)
        {
            errors.Add(Setting("Limits:MaxExportBytes", $"{options.MaxExportBytes} is out of range", "use 65536 to 67108864 bytes (default 33554432)"));
        }

        if (options.MemberRequestsPerSecond < 1)
        {
            errors.Add(Setting("Limits:MemberRequestsPerSecond", "must be at least 1", "set the steady request rate per member"));
        }

        if (options.MemberBurst < 1)
        {
            errors.Add(Setting("Limits:MemberBurst", "must be at least 1", "set how many requests a member may make at once"));
        }

        if (options.DefaultItemLifetimeDays < 1 || options.DefaultItemLifetimeDays > options.MaxItemLifetimeDays)
        {
            errors.Add(Setting("Limits:DefaultItemLifetimeDays", "must be between 1 and Limits:MaxItemLifetimeDays", "set a default item lifetime in days"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Setting(string key, string problem, string fix) => SettingProblem.Describe(key, problem, fix);
}
