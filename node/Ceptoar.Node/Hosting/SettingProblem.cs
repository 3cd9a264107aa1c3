namespace Ceptoar.Node.Hosting;

/// <summary>The one shape of a configuration error, shared by the validators: the setting, what is wrong, how to fix it.</summary>
internal static class SettingProblem
{
    public static string Describe(string key, string problem, string fix) => $"{key} {problem}: {fix}.";
}
