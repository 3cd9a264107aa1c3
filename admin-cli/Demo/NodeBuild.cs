using System.Diagnostics;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;

namespace Ceptoar.AdminCli.Demo;

/// <summary>
/// Builds the node when the demo finds no ceptoar-node.dll at its default place, so that `demo` is the first command that
/// works on a fresh checkout (`dotnet run --project admin-cli` builds ceptoar-admin only, not the node it starts).
/// </summary>
internal static class NodeBuild
{
    private const int TailLines = 30;

    public static string Project(string repositoryRoot) => Path.Combine(repositoryRoot, "node", "Ceptoar.Node", "Ceptoar.Node.csproj");

    public static async Task RunAsync(string repositoryRoot, string dotnet, CliOutput output, CancellationToken cancellationToken)
    {
        var project = Project(repositoryRoot);
        output.Line(Localized.Format(DemoText.Building, Path.GetRelativePath(repositoryRoot, project)));
        var start = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var argument in new[] { "build", project, "-c", "Release", "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)
            ?? throw new DemoException(ExitCodes.NodeFailure, Localized.Format(DemoText.CannotStartBuild, dotnet), Localized.Format(DemoText.BuildYourself, project));
        var lines = new List<string>();
        var stdout = Collect(process.StandardOutput, lines);
        var stderr = Collect(process.StandardError, lines);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            List<string> failure = [Localized.Format(DemoText.BuildFailed, process.ExitCode)];
            lock (lines)
            {
                failure.AddRange(lines.Where(l => l.Length > 0).TakeLast(TailLines).Select(l => "  " + l));
            }

            failure.Add(Localized.Format(DemoText.FixBuild, project));
            throw new DemoException(ExitCodes.NodeFailure, [.. failure]);
        }

        output.Line(Localized.Format(DemoText.BuiltIn, clock.Elapsed.TotalSeconds));
    }

    private static async Task Collect(StreamReader reader, List<string> lines)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }
}
