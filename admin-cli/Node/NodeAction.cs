using System.CommandLine;
using System.Text.Json;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Node;

/// <summary>Runs a command body against the node and turns every failure into a message on stderr and an exit code.</summary>
internal static class NodeAction
{
    public static void Set(Command command, NodeOptions options, Func<NodeCall, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, options, body, cancellationToken));

    /// <summary>Node:TimeZone from &lt;DataDir&gt;/node.ready.json, when the node there runs and the zone is one this system knows.</summary>
    internal static string? NodeZone(string dataDir)
    {
        try
        {
            using var ready = JsonDocument.Parse(File.ReadAllText(Path.Combine(dataDir, ReadyFileName)));
            return ready.RootElement.TryGetProperty("timeZone", out var zone) && zone.ValueKind == JsonValueKind.String && TimeDisplay.IsKnownZone(zone.GetString())
                ? zone.GetString()
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // No node there yet, or a file it is rewriting: the default zone will do.
            return null;
        }
    }

    private const string ReadyFileName = "node.ready.json";

    private static async Task<int> RunAsync(
        ParseResult parseResult,
        NodeOptions options,
        Func<NodeCall, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var settings = options.Read(parseResult);
        // Without --time-zone, times are shown in the node's own zone, which it writes into its ready file.
        if (parseResult.GetValue<string?>(TimeDisplay.OptionName) is null && NodeZone(settings.DataDir) is { } zone)
        {
            TimeDisplay.Current = TimeDisplay.Choose(null, zone);
        }

        try
        {
            using var channel = AdminChannel.Open(settings);
            var client = new AdminService.AdminServiceClient(channel);
            var call = new NodeCall(client, settings, parseResult, new CliOutput(output), error, cancellationToken);
            return await body(call).ConfigureAwait(false);
        }
        catch (Exception exception) when (NodeErrors.Describe(exception, settings) is { } failure)
        {
            foreach (var line in failure.Lines)
            {
                await error.WriteLineAsync(line).ConfigureAwait(false);
            }

            return failure.ExitCode;
        }
    }
}
