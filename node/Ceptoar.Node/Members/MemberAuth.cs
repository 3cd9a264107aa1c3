using System.Threading.RateLimiting;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Ceptoar.Node.Members;

/// <summary>The member a call is made as, after its API key was checked.</summary>
internal sealed record MemberPrincipal(MemberRecord Member, ApiKeyRecord Key)
{
    private const string ItemKey = "ceptoar.member";

    public MemberViewer Viewer => new(Member.MemberId, Member.Sector);

    public string Actor => "member:" + Member.MemberId;

    public static MemberPrincipal Of(ServerCallContext context) =>
        context.GetHttpContext().Items[ItemKey] as MemberPrincipal
        ?? throw new InvalidOperationException("MemberAuthInterceptor did not run for this call.");

    public void Attach(ServerCallContext context) => context.GetHttpContext().Items[ItemKey] = this;
}

/// <summary>One token bucket per member, so one busy member cannot starve the others.</summary>
internal sealed class MemberRateLimiter(NodeContext node) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(member =>
        RateLimitPartition.GetTokenBucketLimiter(member, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = node.Limits.MemberBurst,
            TokensPerPeriod = node.Limits.MemberRequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public bool TryAcquire(string memberId)
    {
        using var lease = _limiter.AttemptAcquire(memberId);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Authenticates every MemberService call by its API key ("authorization: Bearer &lt;key&gt;"), refuses revoked keys and
/// disabled members, and applies the member's rate limit. Denials are audited (without the presented secret).
/// </summary>
internal sealed class MemberAuthInterceptor(NodeContext node, MemberRateLimiter limiter, DenialAuditThrottle throttle, ILogger<MemberAuthInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await DenyAsync(context, "unknown", "missing API key");
            throw GrpcErrors.Unauthenticated("missing API key: send the header 'authorization: Bearer <key>' with the key your secretariat issued you.");
        }

        var lookup = node.Members.Lookup(header["Bearer ".Length..].Trim());
        if (lookup is null)
        {
            await DenyAsync(context, "unknown", "unknown API key");
            throw GrpcErrors.Unauthenticated("API key not recognised: check that you copied the whole key, or ask your secretariat to issue a new one.");
        }

        var actor = "member:" + lookup.Member.MemberId;
        if (MemberRefusals.Of(lookup) is { } refusal)
        {
            await DenyAsync(context, actor, refusal.Detail);
            throw refusal.Error;
        }

        if (!limiter.TryAcquire(lookup.Member.MemberId))
        {
            MemberLog.RateLimited(logger, lookup.Member.MemberId);
            throw GrpcErrors.ResourceExhausted(
                $"rate limit of {node.Limits.MemberRequestsPerSecond} requests per second exceeded for member '{lookup.Member.MemberId}': slow down and retry in a second.");
        }

        new MemberPrincipal(lookup.Member, lookup.Key).Attach(context);
    }

    private async Task DenyAsync(ServerCallContext context, string actor, string detail)
    {
        MemberLog.AuthDenied(logger, actor, detail, context.Method);
        // One audit entry per source and reason per minute: a client hammering with a bad key must not fill the disk.
        var (write, suppressed) = throttle.Check($"{actor}|{detail}|{context.GetHttpContext().Connection.RemoteIpAddress}", node.Time.GetUtcNow());
        if (write)
        {
            var more = suppressed > 0 ? $" (and {suppressed} more like it in the last minute)" : "";
            await node.Audit.AppendAsync(new AuditRecord(actor, "auth.denied", context.Method, "denied", $"{detail} from {context.Peer}{more}"));
        }
    }
}

/// <summary>Remembers, per node, when a denial from a source was last audited, and how many were not since.</summary>
internal sealed class DenialAuditThrottle
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset Last, int Suppressed)> _recent = new();

    /// <summary>Whether to audit this denial now, and how many like it were left out since the last entry.</summary>
    public (bool Write, int Suppressed) Check(string source, DateTimeOffset now)
    {
        var write = false;
        var suppressed = 0;
        _recent.AddOrUpdate(source,
            _ =>
            {
                write = true;
                return (now, 0);
            },
            (_, previous) =>
            {
                if (now - previous.Last < Interval)
                {
                    write = false;
                    return (previous.Last, previous.Suppressed + 1);
                }

                write = true;
                suppressed = previous.Suppressed;
                return (now, 0);
            });
        return (write, suppressed);
    }
}

/// <summary>Source-generated log events of the member API (stable event ids).</summary>
internal static partial class MemberLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Member call {Method} refused for {Actor}: {Detail}")]
    public static partial void AuthDenied(ILogger logger, string actor, string detail, string method);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Member {MemberId} exceeded its rate limit")]
    public static partial void RateLimited(ILogger logger, string memberId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Item {ItemId} ({Tlp}, {Kind}) submitted by member {MemberId}, duplicate={Duplicate}")]
    public static partial void Submitted(ILogger logger, string itemId, string tlp, string kind, string memberId, bool duplicate);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Submission by member {MemberId} refused: {Violations} invalid fields")]
    public static partial void SubmissionRefused(ILogger logger, string memberId, int violations);
}
