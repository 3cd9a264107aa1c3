using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Checks the "People" settings at start; every message names the setting and says how to fix it.</summary>
internal sealed class PeopleOptionsValidator : IValidateOptions<PeopleOptions>
{
    public ValidateOptionsResult Validate(string? name, PeopleOptions options)
    {
        var errors = new List<string>();
        // Below 8 a guessed password is too likely even with lockout (NIST SP 800-63B sets 8 as the floor).
        if (options.MinPasswordLength is < 8 or > 128)
        {
            errors.Add(Setting("People:MinPasswordLength", $"{options.MinPasswordLength} is out of range", "use 8 to 128 characters (default 12)"));
        }

        if (options.MaxFailedSignIns is < 1 or > 100)
        {
            errors.Add(Setting("People:MaxFailedSignIns", $"{options.MaxFailedSignIns} is out of range", "use 1 to 100 failed sign-ins (default 5)"));
        }

        if (options.LockoutMinutes is < 1 or > 1440)
        {
            errors.Add(Setting("People:LockoutMinutes", $"{options.LockoutMinutes} is out of range", "use 1 to 1440 minutes (default 15)"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Setting(string key, string problem, string fix) => SettingProblem.Describe(key, problem, fix);
}
