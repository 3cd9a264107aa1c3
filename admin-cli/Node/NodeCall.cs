using System.CommandLine;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Node;

/// <summary>What a command's body needs for one call to the node: the client, its deadline, the parsed line and the writers.</summary>
internal sealed class NodeCall(
    AdminService.AdminServiceClient client,
    NodeSettings settings,
    ParseResult parseResult,
    CliOutput output,
    TextWriter error,
    CancellationToken cancellationToken)
{
    public AdminService.AdminServiceClient Client { get; } = client;

    public NodeSettings Settings { get; } = settings;

    public ParseResult ParseResult { get; } = parseResult;

    public CliOutput Output { get; } = output;

    /// <summary>Notes for a person (warnings, hints) go here so that stdout stays one JSON document under --json.</summary>
    public TextWriter Error { get; } = error;

    public bool Json => Settings.Json;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>A fresh deadline per RPC: --timeout bounds each answer, not the whole command.</summary>
    public CallOptions Options => new(deadline: DateTime.UtcNow + Settings.Timeout, cancellationToken: CancellationToken);

    public T? Get<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Get<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    public T Require<T>(Argument<T> argument) => ParseResult.GetRequiredValue(argument);

    public T Require<T>(Option<T> option) => ParseResult.GetRequiredValue(option);
}
