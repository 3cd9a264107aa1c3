using Serilog;

namespace Ceptoar.Node.Composition;

/// <summary>Runs the node process: bootstrap logger, build, run, and a clear message if start-up fails.</summary>
public static class NodeHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
        try
        {
            var app = await NodeApp.BuildAsync(args);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (e is Microsoft.Extensions.Options.OptionsValidationException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Log.Fatal("The node cannot start: {Problem}", e.Message);
            return 2;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "The node stopped unexpectedly");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
