using System.CommandLine;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Node;

/// <summary>Runs a command body against the node and turns every failure into a message on stderr and an exit code.</summary>
internal static class NodeAction
{
    public static void Set(Command command, NodeOptions options, Func<NodeCall, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, options, body, cancellationToken));

    private static async Task<int> RunAsync(
        ParseResult parseResult,
        NodeOptions options,
        Func<NodeCall, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var settings = options.Read(parseResult);
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
