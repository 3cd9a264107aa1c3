using Grpc.Core;

namespace Ceptoar.Node.Web.Pages.Member;

/// <summary>
/// A call of the member API made by a console page (docs/CONSOLE.md §3): the page's request stands for the gRPC call, so
/// the member API's handler runs unchanged, finding the member the page attached where MemberAuthInterceptor attaches it.
/// </summary>
internal sealed class MemberCallContext : ServerCallContext
{
    /// <summary>Where Grpc.AspNetCore's GetHttpContext() looks for the request of a call it did not start itself.</summary>
    private const string HttpContextKey = "__HttpContext";

    private readonly HttpContext _http;
    private readonly Dictionary<object, object> _userState = [];

    public MemberCallContext(HttpContext http)
    {
        _http = http;
        _userState[HttpContextKey] = http;
    }

    protected override string MethodCore => "web-console";

    protected override string HostCore => _http.Request.Host.Value ?? "";

    protected override string PeerCore => _http.Connection.RemoteIpAddress?.ToString() ?? "";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; } = [];

    protected override CancellationToken CancellationTokenCore => _http.RequestAborted;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore { get; } = new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException("The console's member calls make no calls of their own.");

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
