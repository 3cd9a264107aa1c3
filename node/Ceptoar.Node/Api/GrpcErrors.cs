using System.Globalization;
using Ceptoar.Core.Items;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Api;

/// <summary>
/// RpcExceptions (to throw) with exact status codes and messages a person can act on, in the call's language (the caller
/// passes messages from its folder's resources; field violations of the validator are written here, see CallLanguage).
/// </summary>
internal static class GrpcErrors
{
    /// <summary>InvalidArgument with google.rpc.BadRequest field violations in the status details, in the call's language.</summary>
    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations)
    {
        var language = CultureInfo.CurrentUICulture;
        var descriptions = violations.Select(v => (v.Field, Description: v.DescriptionIn(language))).ToList();
        var badRequest = new BadRequest();
        foreach (var (field, description) in descriptions)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        }

        var summary = string.Join("; ", descriptions.Take(5).Select(v => $"{v.Field}: {v.Description}"));
        if (violations.Count > 5)
        {
            summary += string.Format(CultureInfo.InvariantCulture, ApiText.AndMore, violations.Count - 5);
        }

        var status = new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = string.Format(CultureInfo.InvariantCulture, ApiText.InvalidRequest, summary),
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
