using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ceptoar.Node.Api;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Members;
using Google.Rpc;
using Grpc.Core;

namespace Ceptoar.Node.Taxii;

/// <summary>
/// The TAXII 2.1 server on the member listener (docs/INTERCHANGE.md §3): discovery, one API root, and per member its feed
/// (read-only) and its write collection. Every request passes the same key check as the gRPC member API.
/// </summary>
internal sealed partial class TaxiiApi(NodeOptions node, MemberAuthenticator authenticator, TaxiiFeed feed, TaxiiWrites writes, TaxiiStatuses statuses, ILogger<TaxiiApi> logger)
{
    /// <summary>The path all TAXII resources are under.</summary>
    public const string Prefix = "/taxii2";

    private const string Challenge = "Basic realm=\"CEPTOAR TAXII\", Bearer realm=\"CEPTOAR TAXII\"";

    public async Task HandleAsync(HttpContext http)
    {
        if (Listeners.Of(http) != Listener.Member)
        {
            // Served on the member listener only: elsewhere the path does not exist (docs/INTERCHANGE.md §3).
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        CultureInfo.CurrentUICulture = CallLanguage.Choose(http.Request.Headers.AcceptLanguage);
        try
        {
            var member = await AuthenticateAsync(http);
            MemberAuthenticator.SpeakTo(http, member.Member);
            await RouteAsync(http, member);
        }
        catch (TaxiiException error)
        {
            await TaxiiWire.WriteErrorAsync(http, error);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client hung up: nobody is left to answer.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            TaxiiLog.Failed(logger, http.Request.Method, http.Request.Path, e);
            await TaxiiWire.WriteErrorAsync(http, new TaxiiException(StatusCodes.Status500InternalServerError, TaxiiText.ServerError, TaxiiText.ServerError, "server_error"));
        }
    }

    private async Task<MemberPrincipal> AuthenticateAsync(HttpContext http)
    {
        var (key, malformed) = Credentials(http.Request.Headers.Authorization.ToString());
        var method = $"TAXII {http.Request.Method} {Shorten(http.Request.Path.Value ?? "")}";
        var peer = $"{http.Connection.RemoteIpAddress}:{http.Connection.RemotePort}";
        try
        {
            var principal = await authenticator.AuthenticateAsync(key, http, method, peer);
            principal.Attach(http);
            return principal;
        }
        catch (RpcException refused)
        {
            var message = key is null ? (malformed ? TaxiiText.CredentialsMalformed : TaxiiText.CredentialsMissing) : refused.Status.Detail;
            throw refused.StatusCode switch
            {
                StatusCode.ResourceExhausted => new TaxiiException(StatusCodes.Status429TooManyRequests, TaxiiText.TitleTooManyRequests, message, "rate_limited").With("Retry-After", RetryAfterSeconds(refused)),
                StatusCode.PermissionDenied => new TaxiiException(StatusCodes.Status403Forbidden, TaxiiText.TitleForbidden, message, "member_disabled"),
                _ => new TaxiiException(StatusCodes.Status401Unauthorized, TaxiiText.TitleUnauthorized, message, key is null ? "no_credentials" : "bad_credentials")
                    .With("WWW-Authenticate", Challenge),
            };
        }
    }

    /// <summary>
    /// Whole seconds until the member's bucket has a token again, from the refusal's RetryInfo (docs/OPERATIONS.md §5):
    /// rounded up and at least 1, as Retry-After counts in whole seconds and 0 would invite an immediate retry.
    /// </summary>
    private static string RetryAfterSeconds(RpcException refused)
    {
        var delay = refused.GetRpcStatus()?.GetDetail<RetryInfo>()?.RetryDelay?.ToTimeSpan() ?? TimeSpan.FromSeconds(1);
        return Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The API key from "Bearer &lt;key&gt;", or the password of HTTP Basic (TAXII clients send Basic; the user name is not
    /// checked: the key alone says who calls). Malformed: a header that is neither.
    /// </summary>
    private static (string? Key, bool Malformed) Credentials(string header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return (null, false);
        }

        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var key = header["Bearer ".Length..].Trim();
            return key.Length == 0 ? (null, true) : (key, false);
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var encoded = header["Basic ".Length..].Trim();
            var bytes = new byte[encoded.Length];
            if (Convert.TryFromBase64String(encoded, bytes, out var length))
            {
                var text = Encoding.UTF8.GetString(bytes, 0, length);
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0 && colon < text.Length - 1)
                {
                    return (text[(colon + 1)..], false);
                }
            }
        }

        return (null, true);
    }

    private async Task RouteAsync(HttpContext http, MemberPrincipal member)
    {
        var path = (http.Request.Path.Value ?? "")[Prefix.Length..];
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            Allow(http, "GET");
            await TaxiiWire.WriteAsync(http, StatusCodes.Status200OK, Discovery(http));
            return;
        }

        if (!string.Equals(parts[0], node.Id, StringComparison.Ordinal))
        {
            throw TaxiiException.NotFound("no_api_root", string.Format(CultureInfo.InvariantCulture, TaxiiText.ApiRootNotFound, Shorten(parts[0]), node.Id));
        }

        switch (parts[1..])
        {
            case []:
                Allow(http, "GET");
                await TaxiiWire.WriteAsync(http, StatusCodes.Status200OK, ApiRoot());
                return;
            case ["collections"]:
                Allow(http, "GET");
                await TaxiiWire.WriteAsync(http, StatusCodes.Status200OK, new JsonObject
                {
                    ["collections"] = new JsonArray(Describe(TaxiiCollections.Feed(node.Id, member.Member.MemberId), member), Describe(TaxiiCollections.Write(node.Id, member.Member.MemberId), member)),
                });
                return;
            case ["collections", var id]:
                Allow(http, "GET");
                await TaxiiWire.WriteAsync(http, StatusCodes.Status200OK, Describe(Collection(member, id), member));
                return;
            case ["collections", var id, "objects"] when HttpMethods.IsPost(http.Request.Method):
                await writes.PostAsync(http, member, Writable(member, Collection(member, id)));
                return;
            case ["collections", var id, "objects"]:
                Allow(http, "GET, POST");
                await ObjectsAsync(http, member, Readable(member, Collection(member, id)), null, ObjectsView.Objects);
                return;
            case ["collections", var id, "manifest"]:
                Allow(http, "GET");
                await ObjectsAsync(http, member, Readable(member, Collection(member, id)), null, ObjectsView.Manifest);
                return;
            case ["collections", var id, "objects", var objectId]:
                Allow(http, "GET");
                await ObjectsAsync(http, member, Readable(member, Collection(member, id)), objectId, ObjectsView.Objects);
                return;
            case ["collections", var id, "objects", var objectId, "versions"]:
                Allow(http, "GET");
                await ObjectsAsync(http, member, Readable(member, Collection(member, id)), objectId, ObjectsView.Versions);
                return;
            case ["status", var statusId]:
                Allow(http, "GET");
                var status = statuses.Find(statusId, member.Member.MemberId)
                    ?? throw TaxiiException.NotFound("no_status", string.Format(CultureInfo.InvariantCulture, TaxiiText.StatusNotFound, Shorten(statusId), TaxiiStatuses.Retention.TotalHours, TaxiiStatuses.Capacity));
                await TaxiiWire.WriteAsync(http, StatusCodes.Status200OK, status.Resource.DeepClone());
                return;
            default:
                throw TaxiiException.NotFound("no_resource", string.Format(CultureInfo.InvariantCulture, TaxiiText.PathNotFound, Shorten(http.Request.Path.Value ?? "")));
        }
    }

    /// <summary>Only the listed methods: another one is 405 with Allow; then the answer must be one the client accepts (406).</summary>
    private static void Allow(HttpContext http, string methods)
    {
        if (!methods.Split(", ").Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            throw new TaxiiException(StatusCodes.Status405MethodNotAllowed, TaxiiText.TitleMethodNotAllowed,
                string.Format(CultureInfo.InvariantCulture, TaxiiText.MethodNotAllowed, http.Request.Method, methods), "method_not_allowed").With("Allow", methods);
        }

        RequireAcceptable(http);
    }

    public static void RequireAcceptable(HttpContext http)
    {
        if (!TaxiiWire.Accepts(http.Request.Headers.Accept))
        {
            throw new TaxiiException(StatusCodes.Status406NotAcceptable, TaxiiText.TitleNotAcceptable, TaxiiText.NotAcceptable, "not_acceptable");
        }
    }

    /// <summary>The caller's collection with this id. Another member's answers exactly as a missing one: 404, never 403.</summary>
    private TaxiiCollection Collection(MemberPrincipal member, string id) =>
        TaxiiCollections.Find(node.Id, member.Member.MemberId, id)
        ?? throw TaxiiException.NotFound("no_collection", string.Format(CultureInfo.InvariantCulture, TaxiiText.CollectionNotFound, Shorten(id), node.Id));

    private TaxiiCollection Readable(MemberPrincipal member, TaxiiCollection collection) => collection.Purpose == CollectionPurpose.Feed
        ? collection
        : throw new TaxiiException(StatusCodes.Status403Forbidden, TaxiiText.TitleForbidden,
            string.Format(CultureInfo.InvariantCulture, TaxiiText.WriteOnlyCollection, collection.Id, TaxiiCollections.Feed(node.Id, member.Member.MemberId).Id), "not_readable");

    private TaxiiCollection Writable(MemberPrincipal member, TaxiiCollection collection) => collection.Purpose == CollectionPurpose.Write
        ? collection
        : throw new TaxiiException(StatusCodes.Status403Forbidden, TaxiiText.TitleForbidden,
            string.Format(CultureInfo.InvariantCulture, TaxiiText.ReadOnlyCollection, collection.Id, TaxiiCollections.Write(node.Id, member.Member.MemberId).Id), "not_writable");

    private JsonObject Discovery(HttpContext http)
    {
        var root = $"{http.Request.Scheme}://{http.Request.Host}{Prefix}/{node.Id}/";
        return new JsonObject
        {
            ["title"] = string.Format(CultureInfo.InvariantCulture, TaxiiText.DiscoveryTitle, node.Id),
            ["description"] = string.Format(CultureInfo.InvariantCulture, TaxiiText.DiscoveryDescription, node.Id),
            ["default"] = root,
            ["api_roots"] = new JsonArray(root),
        };
    }

    private JsonObject ApiRoot() => new()
    {
        ["title"] = string.Format(CultureInfo.InvariantCulture, TaxiiText.ApiRootTitle, node.Id),
        ["versions"] = new JsonArray(TaxiiWire.MediaType),
        ["max_content_length"] = writes.MaxContentLength,
    };

    private JsonObject Describe(TaxiiCollection collection, MemberPrincipal member)
    {
        var feed = collection.Purpose == CollectionPurpose.Feed;
        var memberId = member.Member.MemberId;
        return new JsonObject
        {
            ["id"] = collection.Id,
            ["title"] = string.Format(CultureInfo.InvariantCulture, feed ? TaxiiText.FeedTitle : TaxiiText.WriteTitle, memberId),
            ["description"] = string.Format(CultureInfo.InvariantCulture, feed ? TaxiiText.FeedDescription : TaxiiText.WriteDescription, memberId, node.Id),
            ["can_read"] = feed,
            ["can_write"] = !feed,
            ["media_types"] = new JsonArray(TaxiiWire.StixMediaType),
        };
    }

    private enum ObjectsView
    {
        Objects,
        Manifest,
        Versions,
    }

    private async Task ObjectsAsync(HttpContext http, MemberPrincipal member, TaxiiCollection collection, string? objectId, ObjectsView view)
    {
        var query = TaxiiQuery.Parse(http.Request.Query, objectId);
        var page = await feed.PageAsync(member.Viewer, query.Next, query.Filter, query.Limit, http.RequestAborted);
        if (objectId is not null && page.Objects.Count == 0 && page.Next is null)
        {
            throw TaxiiException.NotFound("no_object", string.Format(CultureInfo.InvariantCulture, TaxiiText.ObjectNotFound, Shorten(objectId), collection.Id));
        }

        void Write(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            w.WriteBoolean("more", page.Next is not null);
            if (page.Next is { } next)
            {
                w.WriteString("next", next.Token());
            }

            w.WriteStartArray(view == ObjectsView.Versions ? "versions" : "objects");
            foreach (var o in page.Objects)
            {
                switch (view)
                {
                    case ObjectsView.Objects:
                        w.WriteRawValue(o.Json.Span, skipInputValidation: true);
                        break;
                    case ObjectsView.Versions:
                        w.WriteStringValue(o.Version);
                        break;
                    default:
                        w.WriteStartObject();
                        w.WriteString("id", o.Id);
                        w.WriteString("date_added", TaxiiWire.Timestamp(o.DateAdded));
                        w.WriteString("version", o.Version);
                        w.WriteString("media_type", TaxiiWire.StixMediaType);
                        w.WriteEndObject();
                        break;
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (page.Objects.Count > 0)
        {
            headers["X-TAXII-Date-Added-First"] = TaxiiWire.Timestamp(page.Objects.Min(o => o.DateAdded));
            headers["X-TAXII-Date-Added-Last"] = TaxiiWire.Timestamp(page.Objects.Max(o => o.DateAdded));
        }

        await TaxiiWire.WriteAsync(http, StatusCodes.Status200OK, Write, headers);
    }

    /// <summary>What an answer or the audit quotes of a caller's path or id: enough to recognise it, never a page of it.</summary>
    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}

/// <summary>Source-generated log events of the TAXII door (stable event ids).</summary>
internal static partial class TaxiiLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Error, Message = "TAXII {Method} {Path} failed")]
    public static partial void Failed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "TAXII envelope of {Objects} objects from member {MemberId} to {CollectionId}: {Items} items, {Refused} refused, status {StatusId}")]
    public static partial void Imported(ILogger logger, int objects, string memberId, string collectionId, int items, int refused, string statusId);
}
