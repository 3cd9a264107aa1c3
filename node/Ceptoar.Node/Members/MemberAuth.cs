using System.Globalization;
using System.Threading.RateLimiting;
using Ceptoar.Node.Api;
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

    /// <summary>The principal a non-gRPC door (TAXII) attached to its request, or null.</summary>
    public static MemberPrincipal? Of(HttpContext http) => http.Items[ItemKey] as MemberPrincipal;

    public void Attach(HttpContext http) => http.Items[ItemKey] = this;
}

/// <summary>One token bucket per member, so one busy member cannot starve the others.</summary>
internal sealed class MemberRateLimiter(LimitsOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(member =>
        RateLimitPartition.GetTokenBucketLimiter(member, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.MemberBurst,
            TokensPerPeriod = limits.MemberRequestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>
    /// Null when the member may call now; otherwise when its bucket has a token again (the token bucket's RetryAfter; one
    /// replenishment period when it does not say), for RetryInfo and TAXII's Retry-After.
    /// </summary>
    public TimeSpan? TryAcquire(string memberId)
    {
        using var lease = _limiter.AttemptAcquire(memberId);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Authenticates every MemberService call by its API key ("authorization: Bearer &lt;key&gt;") through
/// <see cref="MemberAuthenticator"/>, and answers it in the member's language when the call asks for none.
/// </summary>
internal sealed class MemberAuthInterceptor(MemberAuthenticator authenticator) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        MemberAuthenticator.SpeakTo(context.GetHttpContext(), (await AuthenticateAsync(context)).Member);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        MemberAuthenticator.SpeakTo(context.GetHttpContext(), (await AuthenticateAsync(context)).Member);
        await continuation(request, responseStream, context);
    }

    private async Task<MemberPrincipal> AuthenticateAsync(ServerCallContext context)
    {
        var header = context.RequestHeaders.GetValue("authorization");
        var key = !string.IsNullOrEmpty(header) && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        var principal = await authenticator.AuthenticateAsync(key, context.GetHttpContext(), context.Method, context.Peer);
        principal.Attach(context);
        return principal;
    }
}

/// <summary>
/// The member door's key check, shared by every door a member system calls (gRPC, TAXII): refuses a missing or unknown
/// key, revoked keys and disabled members, and applies the member's rate limit. Denials are audited (without the
/// presented secret). Refusals are RpcExceptions with the gRPC status; other doors map the status onto theirs.
/// </summary>
internal sealed class MemberAuthenticator(LimitsOptions limits, MemberStore members, TimeProvider time, AuditLog audit, MemberRateLimiter limiter, DenialAuditThrottle throttle, NodeMetrics metrics, ILogger<MemberAuthInterceptor> logger)
{
    /// <summary>
    /// A call that sends no accept-language is answered in the language the secretariat set for the member (CallLanguage
    /// decided the rest). Set in the handler itself so the call's own async flow carries it; it never reaches another call.
    /// </summary>
    public static void SpeakTo(HttpContext http, MemberRecord member)
    {
        if (http.Request.Headers.AcceptLanguage.Count == 0)
        {
            CultureInfo.CurrentUICulture = member.Language == MemberRecord.Japanese ? CallLanguage.Japanese : CallLanguage.English;
        }
    }

    // TAXII's root (Taxii/TaxiiApi.Prefix; the Taxii folder builds on this one, so it cannot be named from here).
    private const string TaxiiRoot = "/taxii2";

    /// <summary>
    /// Which member door a call came through, for the metrics (docs/OPERATIONS.md §4): TAXII by its path, gRPC by its
    /// content type, anything else on the member listener is REST/JSON (transcoded, SSE included).
    /// </summary>
    public static string DoorOf(HttpContext http) =>
        http.Request.Path.StartsWithSegments(TaxiiRoot, StringComparison.Ordinal) ? NodeMetrics.Doors.Taxii
        : http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true ? NodeMetrics.Doors.MemberGrpc
        : NodeMetrics.Doors.MemberRest;

    /// <summary>The member whose active key this is; throws the refusal (audited) otherwise.</summary>
    /// <param name="apiKey">The presented secret; null or empty when the call carried none.</param>
    /// <param name="method">What was called, for the log and the audit entry.</param>
    /// <param name="peer">The caller's address, for the audit entry.</param>
    public async Task<MemberPrincipal> AuthenticateAsync(string? apiKey, HttpContext http, string method, string peer)
    {
        if (string.IsNullOrEmpty(apiKey))
        {
            metrics.AuthRefused(DoorOf(http), ErrorReasons.ApiKeyMissing);
            await DenyAsync(http, method, peer, "unknown", "missing API key");
            throw GrpcErrors.Unauthenticated(ErrorReasons.ApiKeyMissing, MembersText.ApiKeyMissing);
        }

        var lookup = members.Lookup(apiKey);
        if (lookup is null)
        {
            metrics.AuthRefused(DoorOf(http), ErrorReasons.ApiKeyUnknown);
            await DenyAsync(http, method, peer, "unknown", "unknown API key");
            throw GrpcErrors.Unauthenticated(ErrorReasons.ApiKeyUnknown, MembersText.ApiKeyUnknown);
        }

        // The refusals below name a known member: in its language when the call does not ask for one.
        SpeakTo(http, lookup.Member);
        var actor = "member:" + lookup.Member.MemberId;
        if (MemberRefusals.Of(lookup) is { } refusal)
        {
            metrics.AuthRefused(DoorOf(http), refusal.Reason);
            await DenyAsync(http, method, peer, actor, refusal.Detail);
            throw refusal.Error;
        }

        if (limiter.TryAcquire(lookup.Member.MemberId) is { } retryAfter)
        {
            MemberLog.RateLimited(logger, lookup.Member.MemberId);
            throw GrpcErrors.ResourceExhausted(
                ErrorReasons.RateLimited,
                string.Format(CultureInfo.InvariantCulture, MembersText.RateLimited, limits.MemberRequestsPerSecond, lookup.Member.MemberId),
                new Dictionary<string, string>
                {
                    ["limit_per_second"] = limits.MemberRequestsPerSecond.ToString(CultureInfo.InvariantCulture),
                    ["burst"] = limits.MemberBurst.ToString(CultureInfo.InvariantCulture),
                },
                retryAfter);
        }

        return new MemberPrincipal(lookup.Member, lookup.Key);
    }

    private async Task DenyAsync(HttpContext http, string method, string peer, string actor, string detail)
    {
        MemberLog.AuthDenied(logger, actor, detail, method);
        // One audit entry per source and reason per minute: a client hammering with a bad key must not fill the disk.
        var (write, suppressed) = throttle.Check($"{actor}|{detail}|{http.Connection.RemoteIpAddress}", time.GetUtcNow());
        if (write)
        {
            var more = suppressed > 0 ? $" (and {suppressed} more like it in the last minute)" : "";
            await audit.AppendAsync(new AuditRecord(actor, "auth.denied", method, "denied", $"{detail} from {peer}{more}"));
        }
    }
}

/// <summary>
/// Remembers, per source, when one of its denials was last audited and how many were not since, within a bounded table:
/// a scan from many addresses must not grow the node's memory. A source is forgotten once its interval has passed with
/// nothing left out (its next denial is audited anyway), or after <see cref="Retention"/> when it never came back to
/// have its left-out denials counted. When the table is full, further sources share one overflow entry, so their
/// denials are still audited, at most once per interval together, with the count of the others.
/// </summary>
internal sealed class DenialAuditThrottle
{
    /// <summary>At most one audit entry per source in this time.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>How long a source with left-out denials is remembered, so its next audit entry can count them.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    /// <summary>Sources remembered at most.</summary>
    public const int DefaultCapacity = 4096;

    // Expired entries are swept at most this often: a sweep walks the whole table.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly int _capacity;
    private readonly Dictionary<string, Entry> _recent = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private Entry? _overflow;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public DenialAuditThrottle(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Sources remembered now, besides the overflow entry.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _recent.Count;
            }
        }
    }

    /// <summary>Whether to audit this denial now, and how many like it were left out since the last entry.</summary>
    public (bool Write, int Suppressed) Check(string source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_lock)
        {
            if (now >= _nextSweep)
            {
                Sweep(now);
            }

            if (_recent.TryGetValue(source, out var entry))
            {
                return entry.Count(now);
            }

            if (_recent.Count < _capacity)
            {
                _recent[source] = new Entry(now);
                return (true, 0);
            }

            if (_overflow is null)
            {
                _overflow = new Entry(now);
                return (true, 0);
            }

            return _overflow.Count(now);
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        _nextSweep = now + SweepEvery;
        foreach (var (source, entry) in _recent)
        {
            if (Expired(entry, now))
            {
                _recent.Remove(source);
            }
        }
    }

    private static bool Expired(Entry entry, DateTimeOffset now) =>
        now - entry.Last >= (entry.Suppressed == 0 ? Interval : Retention);

    private sealed class Entry(DateTimeOffset last)
    {
        public DateTimeOffset Last { get; private set; } = last;

        public int Suppressed { get; private set; }

        public (bool Write, int Suppressed) Count(DateTimeOffset now)
        {
            if (now - Last < Interval)
            {
                Suppressed++;
                return (false, 0);
            }

            var suppressed = Suppressed;
            (Last, Suppressed) = (now, 0);
            return (true, suppressed);
        }
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
