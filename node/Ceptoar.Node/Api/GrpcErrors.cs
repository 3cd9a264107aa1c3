using System.Globalization;
using Ceptoar.Core.Items;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Api;

/// <summary>
/// RpcExceptions (to throw) with exact status codes and messages a person can act on, in the call's language (the caller
/// passes messages from its folder's resources; field violations of the validator are written here, see CallLanguage).
/// Every refusal carries google.rpc.ErrorInfo with a stable reason of <see cref="ErrorReasons"/> (docs/OPERATIONS.md §5),
/// and a ResourceExhausted one google.rpc.RetryInfo when the node knows when to try again.
/// </summary>
internal static class GrpcErrors
{
    /// <summary>The binary trailer that carries a serialized google.rpc.Status (the gRPC rich error model).</summary>
    public const string DetailsTrailer = "grpc-status-details-bin";

    /// <summary>InvalidArgument with ErrorInfo (field: the first violation's) and google.rpc.BadRequest field violations, in the call's language.</summary>
    public static RpcException InvalidArgument(IReadOnlyList<FieldViolation> violations, string reason = ErrorReasons.FieldInvalid)
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

        var metadata = violations.Count > 0 ? new Dictionary<string, string> { ["field"] = violations[0].Field } : null;
        var status = Status(StatusCode.InvalidArgument, reason, string.Format(CultureInfo.InvariantCulture, ApiText.InvalidRequest, summary), metadata);
        status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }

    public static RpcException InvalidArgument(string field, string description, string reason = ErrorReasons.FieldInvalid) =>
        InvalidArgument([new FieldViolation(field, description)], reason);

    public static RpcException NotFound(string reason, string message) => Refusal(StatusCode.NotFound, reason, message);

    public static RpcException PermissionDenied(string reason, string message) => Refusal(StatusCode.PermissionDenied, reason, message);

    public static RpcException Unauthenticated(string reason, string message) => Refusal(StatusCode.Unauthenticated, reason, message);

    public static RpcException AlreadyExists(string reason, string message) => Refusal(StatusCode.AlreadyExists, reason, message);

    public static RpcException FailedPrecondition(string reason, string message) => Refusal(StatusCode.FailedPrecondition, reason, message);

    public static RpcException Unavailable(string reason, string message) => Refusal(StatusCode.Unavailable, reason, message);

    /// <summary>ResourceExhausted; with RetryInfo when <paramref name="retryAfter"/> says when a new attempt can succeed.</summary>
    public static RpcException ResourceExhausted(string reason, string message, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? retryAfter = null) =>
        Refusal(StatusCode.ResourceExhausted, reason, message, metadata, retryAfter);

    /// <summary>Any refusal: the status with its ErrorInfo (and RetryInfo), as an exception to throw.</summary>
    public static RpcException Refusal(StatusCode code, string reason, string message, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? retryAfter = null) =>
        Status(code, reason, message, metadata, retryAfter).ToRpcException();

    /// <summary>
    /// The google.rpc.Status of a refusal. Metadata never holds a secret or item content: only names of fields, limits
    /// and settings (docs/OPERATIONS.md §5).
    /// </summary>
    public static Google.Rpc.Status Status(StatusCode code, string reason, string message, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? retryAfter = null)
    {
        var info = new ErrorInfo { Reason = reason, Domain = ErrorReasons.Domain };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message, Details = { Any.Pack(info) } };
        if (retryAfter is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay < TimeSpan.Zero ? TimeSpan.Zero : delay) }));
        }

        return status;
    }

    /// <summary>Writes a trailers-only refusal before any handler runs (the gates): status, message and the details trailer.</summary>
    public static void WriteTrailersOnly(HttpContext context, Google.Rpc.Status status)
    {
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        context.Response.Headers[DetailsTrailer] = Convert.ToBase64String(status.ToByteArray());
    }
}
