using System.Buffers;
using System.Globalization;
using System.Text;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.Net.Http.Headers;

namespace Ceptoar.Node.Members;

/// <summary>
/// The member API as REST/JSON beside gRPC (docs/INTERCHANGE.md §4): gRPC JSON transcoding serves each MemberService
/// method at the route its google.api.http option names, through the same handler, MemberAuthInterceptor (key, standing,
/// rate) and errors. This gate serves those routes and the OpenAPI document on the member listener only, answers them in
/// the caller's language, and refuses what transcoding would refuse vaguely or not at all (a body over
/// Limits:MaxRequestBytes, malformed JSON, unknown fields, wrong types) with a google.rpc.Status JSON naming the field,
/// before anything reaches the handler or storage. Subscribe with "Accept: text/event-stream" is framed as server-sent
/// events (<see cref="EventStream"/>).
/// </summary>
internal static class MemberRest
{
    /// <summary>Every REST route begins here.</summary>
    public const string Prefix = "/v1/";

    /// <summary>The OpenAPI 3 document of the routes, served without a key: it is the public contract.</summary>
    public const string OpenApiPath = "/v1/openapi.json";

    private const string JsonType = "application/json; charset=utf-8";

    private static readonly JsonFormatter StatusFormatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor)));

    /// <summary>
    /// Transcoding options: the registry lets error details (google.rpc.BadRequest, ErrorInfo, RetryInfo) be written as JSON; 64-bit integers
    /// (cursors) are written as strings, as proto3 JSON maps them and the OpenAPI document says, so no JavaScript client
    /// rounds them.
    /// </summary>
    public static void Configure(GrpcJsonTranscodingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.TypeRegistry = TypeRegistry.FromMessages(BadRequest.Descriptor, ErrorInfo.Descriptor, RetryInfo.Descriptor);
        options.JsonSettings.WriteInt64sAsStrings = true;
    }

    public static IApplicationBuilder UseMemberRest(this IApplicationBuilder app, LimitsOptions limits)
    {
        // The gate recognises REST calls by the prefix: a route outside it would escape the listener check.
        if (MemberRoutes.All.FirstOrDefault(r => !MemberRoutes.Route(r.Rule).Template.StartsWith(Prefix, StringComparison.Ordinal)) is { Method: not null } outside)
        {
            throw new InvalidOperationException($"MemberService/{outside.Method.Name}: its google.api.http route must begin with {Prefix}.");
        }

        return app.Use(Gate(limits));
    }

    private static Func<HttpContext, RequestDelegate, Task> Gate(LimitsOptions limits) => async (context, next) =>
    {
        // Every route of member.proto's google.api.http options begins with the prefix: gRPC calls pass at one comparison.
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await next(context);
            return;
        }

        var method = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();

        if (Listeners.Of(context) != Listener.Member)
        {
            // As if the routes were not there: the federation port and the admin socket serve gRPC only.
            await RefuseAsync(context, StatusCodes.Status404NotFound, Code.NotFound, ErrorReasons.RouteNotFound, MembersText.RestNotServedHere);
            return;
        }

        CultureInfo.CurrentUICulture = CallLanguage.Choose(context.Request.Headers.AcceptLanguage);
        if (path == OpenApiPath && HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.ContentType = JsonType;
            await context.Response.WriteAsync(MemberOpenApi.Document, context.RequestAborted);
            return;
        }

        if (method is null)
        {
            // A path or a verb the routes do not have (routing leaves both without an endpoint here).
            await RefuseAsync(context, StatusCodes.Status404NotFound, Code.NotFound, ErrorReasons.RouteNotFound,
                string.Format(CultureInfo.InvariantCulture, MembersText.RestNoRoute, context.Request.Method, path, OpenApiPath));
            return;
        }

        if (!await ReadBodyAsync(context, method, limits.MaxRequestBytes) || !await CheckQueryAsync(context, method))
        {
            return;
        }

        if (method.MethodDescriptor.IsServerStreaming && EventStream.Wanted(context.Request))
        {
            if (!EventStream.TryResume(context.Request, out var field))
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, Code.InvalidArgument, Invalid(field, MembersText.RestLastEventIdInvalid));
                return;
            }

            await EventStream.RunAsync(context, next);
            return;
        }

        await next(context);
    };

    /// <summary>Reads the body (bounded) and checks it against the route's body message; false when refused (answered).</summary>
    private static async Task<bool> ReadBodyAsync(HttpContext context, GrpcJsonTranscodingMetadata method, int maxRequestBytes)
    {
        var body = method.HttpRule.Body;
        if (string.IsNullOrEmpty(body))
        {
            return true;
        }

        if (context.Request.ContentLength > maxRequestBytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, OversizedMessage.TooLargeStatus(RequestCompression.TooLarge(maxRequestBytes), maxRequestBytes));
            return false;
        }

        var bytes = await ReadBoundedAsync(context.Request.Body, maxRequestBytes, context.RequestAborted);
        if (bytes is null)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, OversizedMessage.TooLargeStatus(RequestCompression.TooLarge(maxRequestBytes), maxRequestBytes));
            return false;
        }

        var contentType = context.Request.ContentType;
        if (!IsJson(contentType))
        {
            await RefuseAsync(context, StatusCodes.Status415UnsupportedMediaType, Code.InvalidArgument, ErrorReasons.BodyNotJson,
                string.Format(CultureInfo.InvariantCulture, MembersText.RestBodyNotJson, contentType ?? ""));
            return false;
        }

        // An empty body is the empty message, as gRPC's empty frame is.
        if (bytes.Length == 0)
        {
            bytes = "{}"u8.ToArray();
        }

        var type = body == "*" ? method.MethodDescriptor.InputType : method.MethodDescriptor.InputType.FindFieldByName(body)?.MessageType;
        if (type is not null && RestJsonCheck.Body(bytes, type) is { Count: > 0 } violations)
        {
            await RefuseAsync(context, violations);
            return false;
        }

        context.Request.Body = new MemoryStream(bytes, writable: false);
        context.Request.ContentLength = bytes.Length;
        return true;
    }

    private static async Task<bool> CheckQueryAsync(HttpContext context, GrpcJsonTranscodingMetadata method)
    {
        if (context.Request.Query.Count == 0)
        {
            return true;
        }

        var bound = method.HttpRule.Body == "*" ? null : method.MethodDescriptor.InputType;
        var violations = RestJsonCheck.Query(context.Request.Query, bound, context.Request.RouteValues.Keys);
        if (violations.Count == 0)
        {
            return true;
        }

        await RefuseAsync(context, violations);
        return false;
    }

    /// <summary>The whole body, or null when it is longer than the limit (what was sent past it is not kept).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static Google.Rpc.Status Invalid(string field, string description) => Invalid([new RestViolation(field, description)]);

    private static Google.Rpc.Status Invalid(IReadOnlyList<RestViolation> violations)
    {
        var badRequest = new BadRequest();
        foreach (var violation in violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = violation.Field, Description = violation.Description });
        }

        var summary = string.Join("; ", violations.Take(5).Select(v => $"{v.Field}: {v.Description}"));
        var metadata = violations.Count > 0 ? new Dictionary<string, string> { ["field"] = violations[0].Field } : null;
        var status = GrpcErrors.Status(Grpc.Core.StatusCode.InvalidArgument, ErrorReasons.FieldInvalid, string.Format(CultureInfo.InvariantCulture, ApiText.InvalidRequest, summary), metadata);
        status.Details.Add(Any.Pack(badRequest));
        return status;
    }

    private static Task RefuseAsync(HttpContext context, IReadOnlyList<RestViolation> violations) =>
        RefuseAsync(context, StatusCodes.Status400BadRequest, Invalid(violations));

    private static Task RefuseAsync(HttpContext context, int httpStatus, Code code, string reason, string message) =>
        RefuseAsync(context, httpStatus, GrpcErrors.Status((Grpc.Core.StatusCode)code, reason, message));

    private static Task RefuseAsync(HttpContext context, int httpStatus, Code code, Google.Rpc.Status status)
    {
        status.Code = (int)code;
        return RefuseAsync(context, httpStatus, status);
    }

    /// <summary>A google.rpc.Status JSON answer, as transcoding writes the handler's errors.</summary>
    private static async Task RefuseAsync(HttpContext context, int httpStatus, Google.Rpc.Status status)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = JsonType;
        await context.Response.WriteAsync(StatusFormatter.Format(status), Encoding.UTF8, context.RequestAborted);
    }
}

/// <summary>One refused field of a REST request: its path as the API names it, and why in the caller's language.</summary>
internal sealed record RestViolation(string Field, string Description);

/// <summary>Which gRPC method a REST route runs, for the OpenAPI document and the gate.</summary>
internal static class MemberRoutes
{
    /// <summary>Each annotated MemberService method with its rule.</summary>
    public static IReadOnlyList<(MethodDescriptor Method, Google.Api.HttpRule Rule)> All { get; } = [.. MemberService.Descriptor.Methods
        .Select(m => (Method: m, Rule: m.GetOptions()?.GetExtension(Google.Api.AnnotationsExtensions.Http)))
        .Where(x => x.Rule is not null)
        .Select(x => (x.Method, x.Rule!))];

    /// <summary>The verb (lower case, as OpenAPI writes it) and the path template of a rule.</summary>
    public static (string Verb, string Template) Route(Google.Api.HttpRule rule) => rule.PatternCase switch
    {
        Google.Api.HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        Google.Api.HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        Google.Api.HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        Google.Api.HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        Google.Api.HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        _ => throw new InvalidOperationException($"MemberService route kind {rule.PatternCase} is not described: add it here."),
    };
}

