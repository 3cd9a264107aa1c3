using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Web;

/// <summary>Sessions of the web console (configuration section "Web", docs/CONSOLE.md §1).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>A session ends after this many minutes without a request (sliding; default 30).</summary>
    public int SessionMinutes { get; set; } = 30;

    /// <summary>A session ends this many hours after sign-in whatever the activity (default 12).</summary>
    public int SessionMaxHours { get; set; } = 12;
}

/// <summary>Checks the "Web" settings at start; every message names the setting and says how to fix it.</summary>
internal sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var errors = new List<string>();
        if (options.SessionMinutes is < 1 or > 1440)
        {
            errors.Add(SettingProblem.Describe("Web:SessionMinutes", $"is {options.SessionMinutes}", "use 1 to 1440 minutes, e.g. 30"));
        }

        if (options.SessionMaxHours is < 1 or > 168)
        {
            errors.Add(SettingProblem.Describe("Web:SessionMaxHours", $"is {options.SessionMaxHours}", "use 1 to 168 hours, e.g. 12"));
        }
        else if (options.SessionMaxHours * 60 < options.SessionMinutes)
        {
            errors.Add(SettingProblem.Describe(
                "Web:SessionMaxHours", $"is {options.SessionMaxHours} hours, shorter than Web:SessionMinutes ({options.SessionMinutes})", "make the absolute cap at least the sliding session"));
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
