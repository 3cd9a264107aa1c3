using System.Net.Sockets;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.AdminCli.Node;

/// <summary>An error turned into what the operator reads on stderr and the exit code scripts see.</summary>
internal sealed record CliFailure(int ExitCode, IReadOnlyList<string> Lines);

/// <summary>Maps the exceptions of a node call to a message a person can act on and an exit code (see <see cref="ExitCodes"/>).</summary>
internal static class NodeErrors
{
    /// <summary>Returns null for exceptions that are bugs in the CLI, so they surface with their stack trace.</summary>
    public static CliFailure? Describe(Exception exception, NodeSettings settings) => exception switch
    {
        UsageException usage => new CliFailure(ExitCodes.Usage, [usage.Message]),
        RpcException rpc => DescribeRpc(rpc, settings),
        OperationCanceledException => Interrupted(),
        _ => DescribeTransport(exception, settings),
    };

    private static CliFailure? DescribeRpc(RpcException rpc, NodeSettings settings)
    {
        var detail = string.IsNullOrWhiteSpace(rpc.Status.Detail) ? rpc.StatusCode.ToString() : rpc.Status.Detail;
        switch (rpc.StatusCode)
        {
            case StatusCode.Unavailable:
                return DescribeTransport(rpc.Status.DebugException, settings)
                    ?? new CliFailure(ExitCodes.Unreachable, [
                        $"the node at {settings.SocketPath} is unavailable: {detail}",
                        "Check that ceptoar-node is running and that the path is its admin socket, then retry.",
                    ]);
            case StatusCode.DeadlineExceeded:
                return new CliFailure(ExitCodes.Unreachable, [
                    $"node did not answer within {settings.TimeoutText} s. It may be busy or stuck: check its log, or retry with a larger --timeout.",
                ]);
            case StatusCode.Cancelled:
                return Interrupted();
            case StatusCode.NotFound:
                return new CliFailure(ExitCodes.NotFound, [$"not found: {detail}"]);
            case StatusCode.PermissionDenied:
            case StatusCode.Unauthenticated:
                return new CliFailure(ExitCodes.PermissionDenied, WithDetails($"the node denied permission: {detail}", rpc));
            case StatusCode.InvalidArgument:
            case StatusCode.FailedPrecondition:
            case StatusCode.AlreadyExists:
            case StatusCode.OutOfRange:
            case StatusCode.Aborted:
            case StatusCode.ResourceExhausted:
                return new CliFailure(ExitCodes.Refused, WithDetails($"the node refused the request: {detail}", rpc));
            case StatusCode.Unimplemented:
                return new CliFailure(ExitCodes.NodeFailure, [
                    $"the node does not implement this command ({detail}). Is ceptoar-admin newer than the node? Use the same version for both.",
                ]);
            default:
                return new CliFailure(ExitCodes.NodeFailure, WithDetails(
                    $"the node failed ({rpc.StatusCode}): {detail}. Check the node's log for the cause.", rpc));
        }
    }

    /// <summary>Connection failures: the gRPC client wraps them, so the cause is found by walking inner exceptions.</summary>
    private static CliFailure? DescribeTransport(Exception? exception, NodeSettings settings)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case UnauthorizedAccessException:
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return PermissionDenied(settings);
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return NotRunning(settings, $"no admin socket at {settings.SocketPath}");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return NotRunning(
                        settings,
                        $"the admin socket at {settings.SocketPath} refuses connections; it may be left over from a node that stopped");
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return new CliFailure(ExitCodes.Unreachable, [
                        $"node did not answer within {settings.TimeoutText} s. It may be busy or stuck: check its log, or retry with a larger --timeout.",
                    ]);
                case SocketException socket:
                    return new CliFailure(ExitCodes.Unreachable, [
                        $"cannot connect to the node's admin socket at {settings.SocketPath}: {socket.Message} ({socket.SocketErrorCode}).",
                        "Check that ceptoar-node is running with this data directory, or pass --data-dir / --socket.",
                    ]);
                default:
                    break;
            }
        }

        return null;
    }

    private static CliFailure NotRunning(NodeSettings settings, string why) => new(ExitCodes.Unreachable, [
        settings.SocketGiven
            ? $"node is not running ({why}). Start it, or check that --socket is the path of its admin socket."
            : $"node is not running ({why}). Start it with `ceptoar-node --Node:DataDir={settings.DataDir}` or pass --data-dir.",
    ]);

    private static CliFailure PermissionDenied(NodeSettings settings) => new(ExitCodes.PermissionDenied, [
        $"permission denied on {settings.SocketPath}: run as the node's user or ask the operator for access.",
    ]);

    private static CliFailure Interrupted() => new(ExitCodes.Interrupted, ["interrupted; the node may or may not have carried out the request."]);

    /// <summary>The headline, then one line per field violation or failed precondition the node attached (google.rpc.Status details).</summary>
    private static List<string> WithDetails(string headline, RpcException rpc)
    {
        var lines = new List<string> { headline };
        Google.Rpc.Status? status;
        try
        {
            status = rpc.GetRpcStatus();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // A malformed details trailer must not hide the headline the node sent.
            return lines;
        }

        if (status is null)
        {
            return lines;
        }

        if (status.GetDetail<BadRequest>() is { } badRequest)
        {
            lines.AddRange(badRequest.FieldViolations.Select(v => $"  {v.Field}: {v.Description}"));
        }

        if (status.GetDetail<PreconditionFailure>() is { } precondition)
        {
            lines.AddRange(precondition.Violations.Select(v => $"  {v.Subject}: {v.Description}"));
        }

        return lines;
    }
}
