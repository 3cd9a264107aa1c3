
namespace Ceptoar.AdminCli.Tests;

/// <summary>What one ceptoar-admin invocation produced: exit code and the text on each stream.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Runs with no LANG or LC_ALL, as scripts and CI do, so the expected text is English whatever this machine's locale is.</summary>
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    /// <summary>Runs with exactly these environment variables visible to the language choice (LANG, LC_ALL).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, output, error, name => environment.GetValueOrDefault(name));
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
