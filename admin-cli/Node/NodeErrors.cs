using System.Net.Sockets;
using Ceptoar.AdminCli.Localization;
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
                        Localized.Format(NodeText.NodeUnavailable, settings.SocketPath, detail),
                        NodeText.CheckNodeRunning,
                    ]);
            case StatusCode.DeadlineExceeded:
                return new CliFailure(ExitCodes.Unreachable, [
                    Localized.Format(NodeText.NodeTimedOut, settings.TimeoutText),
                ]);
            case StatusCode.Cancelled:
                return Interrupted();
            case StatusCode.NotFound:
                return new CliFailure(ExitCodes.NotFound, [Localized.Format(NodeText.NotFound, detail)]);
            case StatusCode.PermissionDenied:
            case StatusCode.Unauthenticated:
                return new CliFailure(ExitCodes.PermissionDenied, WithDetails(Localized.Format(NodeText.PermissionDeniedByNode, detail), rpc));
            case StatusCode.InvalidArgument:
            case StatusCode.FailedPrecondition:
            case StatusCode.AlreadyExists:
            case StatusCode.OutOfRange:
            case StatusCode.Aborted:
            case StatusCode.ResourceExhausted:
                return new CliFailure(ExitCodes.Refused, WithDetails(Localized.Format(NodeText.RefusedByNode, detail), rpc));
            case StatusCode.Unimplemented:
                return new CliFailure(ExitCodes.NodeFailure, [
                    Localized.Format(NodeText.Unimplemented, detail),
                ]);
            default:
                return new CliFailure(ExitCodes.NodeFailure, WithDetails(
                    Localized.Format(NodeText.NodeFailed, rpc.StatusCode, detail), rpc));
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
                    return NotRunning(settings, Localized.Format(NodeText.NoAdminSocket, settings.SocketPath));
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return NotRunning(
                        settings,
                        Localized.Format(NodeText.SocketRefuses, settings.SocketPath));
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return new CliFailure(ExitCodes.Unreachable, [
                        Localized.Format(NodeText.NodeTimedOut, settings.TimeoutText),
                    ]);
                case SocketException socket:
                    return new CliFailure(ExitCodes.Unreachable, [
                        Localized.Format(NodeText.CannotConnect, settings.SocketPath, socket.Message, socket.SocketErrorCode),
                        NodeText.CheckNodeDataDir,
                    ]);
                default:
                    break;
            }
        }

        return null;
    }

    private static CliFailure NotRunning(NodeSettings settings, string why) => new(ExitCodes.Unreachable, [
        settings.SocketGiven
            ? Localized.Format(NodeText.NotRunningSocketGiven, why)
            : Localized.Format(NodeText.NotRunning, why, settings.DataDir),
    ]);

    private static CliFailure PermissionDenied(NodeSettings settings) => new(ExitCodes.PermissionDenied, [
        Localized.Format(NodeText.SocketPermissionDenied, settings.SocketPath),
    ]);

    private static CliFailure Interrupted() => new(ExitCodes.Interrupted, [NodeText.Interrupted]);

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
