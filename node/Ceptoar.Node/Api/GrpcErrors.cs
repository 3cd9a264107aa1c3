using Ceptoar.Core.Items;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Api;

/// <summary>RpcExceptions (to throw) with exact status codes and messages a person can act on.</summary>
internal static class GrpcErrors
{
    /// <summary>InvalidArgument with google.rpc.BadRequest field violations in the status details.</summary>
    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations)
    {
        var badRequest = new BadRequest();
        foreach (var v in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
        }

        var summary = string.Join("; ", violations.Take(5).Select(v => $"{v.Field}: {v.Description}"));
        if (violations.Count > 5)
        {
            summary += $"; and {violations.Count - 5} more (see the field violations in the status details)";
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = $"invalid request: {summary}",
            Details = { Any.Pack(badRequest) },
        };
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string description) => InvalidArgument([new FieldViolation(field, description)]);

    public static RpcException NotFound(string message) => new RpcException(new Grpc.Core.Status(StatusCode.NotFound, message));

    public static RpcException PermissionDenied(string message) => new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, message));

    public static RpcException Unauthenticated(string message) => new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, message));

    public static RpcException AlreadyExists(string message) => new RpcException(new Grpc.Core.Status(StatusCode.AlreadyExists, message));

    public static RpcException FailedPrecondition(string message) => new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, message));

    public static RpcException ResourceExhausted(string message) => new RpcException(new Grpc.Core.Status(StatusCode.ResourceExhausted, message));
}
