using Ceptoar.Node.Hosting;
using Serilog;

namespace Ceptoar.Node.Composition;

/// <summary>Runs the node process: bootstrap logger, build, run, and one clear line with its own exit code if start-up fails.</summary>
public static class NodeHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
        var progress = new StartupProgress();
        try
        {
            var app = await NodeApp.BuildAsync(args, TimeProvider.System, progress);
            progress.Step = StartupStep.Listen;
            // Not disposed when the start fails: the process ends with the failure's exit code, and disposing a half-started
            // host only adds the stopped background services' own errors to the one line the operator needs.
            try
            {
                await app.StartAsync();
            }
            catch
            {
                progress.FailedListener = NodeApp.FirstUnbound(app, progress.Node!);
                throw;
            }

            progress.Step = StartupStep.Running;
            await using (app)
            {
                await app.WaitForShutdownAsync();
            }

            return 0;
        }
        catch (Exception e) when (StartupFailures.Classify(progress, e) is { Kind: not StartupFailureKind.Unexpected } failure)
        {
            // One line, no stack trace: the operator acts on the message, and the exit code says which class it is
            // (docs/OPERATIONS.md §2). Under systemd (JOURNAL_STREAM set) the "<3>" prefix files it at priority err.
            var prefix = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is { Length: > 0 } ? "<3>" : "";
            await Console.Error.WriteLineAsync(prefix + failure.Line);
            return failure.ExitCode;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "The node stopped unexpectedly");
            return (int)StartupFailureKind.Unexpected;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
