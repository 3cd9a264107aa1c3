using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Ceptoar.Core.Envelopes;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Ceptoar.Node.Query;

/// <summary>
/// The answering side of FederationService.Query. The asker's entitlement is judged on the asker named in the query
/// it signed, never on the word of the peer that passed it on. AMBER, AMBER+STRICT and RED are answered only when the
/// asker itself is the caller, so such items never travel back through a hub in clear; through a hub only CLEAR and
/// GREEN come back. A hub with scope FEDERATION also forwards the signed query to its other peers and returns their
/// signed answers as they are: it cannot forge them, the asker verifies each one.
/// </summary>
internal sealed class QueryAnswerer(InMemorySignerKeyResolver signerKeys, NodeOptions node, TimeProvider time, TimePolicy timePolicy, EnvelopeSigner signer, AuditLog audit, NodeDirectory directory, PeerSet peers, QueryOptions options, QuerySearch search, PeerChannels channels) : IDisposable
{
    private const int MaxSignedQueryBytes = 64 * 1024;
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(peer =>
        RateLimitPartition.GetTokenBucketLimiter(peer, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.QueriesPerMinute),
            TokensPerPeriod = Math.Max(1, options.QueriesPerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private readonly EnvelopeVerifier _verifier = new(signerKeys, new HashSet<string> { PayloadTypes.Query }, MaxSignedQueryBytes);

    // Keys seen recently, until the query's deadline: "id|sender" (answered once per path) and "id" (fanned out once).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public async Task<QueryResponse> AnswerAsync(string peer, QueryRequest request, CancellationToken cancellationToken)
    {
        if (TryAcquire(peer) is { } retryAfter)
        {
            await AuditAsync(peer, request.QueryId, "refused", $"over the rate limit of {options.QueriesPerMinute} queries per minute");
            throw GrpcErrors.ResourceExhausted(
                ErrorReasons.QueryRateLimited,
                $"{node.Id} takes at most {options.QueriesPerMinute} queries a minute from {peer}: wait a minute and ask again, or ask its admins to raise Federation:QueriesPerMinute",
                new Dictionary<string, string> { ["limit_per_minute"] = options.QueriesPerMinute.ToString(CultureInfo.InvariantCulture), ["setting"] = "Federation:QueriesPerMinute" },
                retryAfter);
        }

        var query = await OpenAsync(peer, request);
        var now = time.GetUtcNow();
        var deadline = query.Deadline.ToDateTimeOffset();
        // The asker's own query came back along a loop, or this path already had its answer: nothing new to say.
        if (query.Asker == node.Id || !Remember($"{query.QueryId}|{peer}", deadline, now))
        {
            return new QueryResponse();
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline - now);
        var view = directory.View();
        // The nodes behind a hub answer a little before the deadline, so the hub's own answer still reaches the asker in time.
        var forwardDeadline = now + ((deadline - now) * 0.8);
        var fanOut = query.Scope == QueryScope.Federation && view.LocalIsHub && Remember(query.QueryId, deadline, now)
            ? ForwardAsync(peer, request, query, forwardDeadline, timeout.Token)
            : Task.FromResult(Array.Empty<PeerReply>());

        var response = new QueryResponse();
        try
        {
            var (items, truncated) = await search.RunAsync(view, query, askerIsDirectPeer: peer == query.Asker, timeout.Token);
            response.Answers.Add(Sign(query, items, truncated));
            response.Statuses.Add(QueryPeers.Status(node.Id, QueryPeers.Answered, truncated ? "more matched than the limit" : "", (uint)items.Count));
            await AuditAsync(peer, query.QueryId, "answered",
                $"asker={query.Asker} {QueryPeers.Summary(query.Spec, query.Scope)} items={items.Count}{(truncated ? " (truncated)" : "")}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response.Statuses.Add(QueryPeers.Status(node.Id, QueryPeers.TimedOut, "the local search did not finish before the query's deadline"));
        }

        foreach (var reply in await fanOut)
        {
            if (reply.Response is { } forwarded)
            {
                response.Answers.Add(forwarded.Answers);
                response.Statuses.Add(forwarded.Statuses);
            }
            else
            {
                response.Statuses.Add(reply.Failure);
            }
        }

        return response;
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>Null when the peer may ask now; otherwise when it may ask again (a minute when the limiter does not say).</summary>
    private TimeSpan? TryAcquire(string peer)
    {
        using var lease = _limiter.AttemptAcquire(peer);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    private async Task<SignedQuery> OpenAsync(string peer, QueryRequest request)
    {
        if (request.SignedQuery is null)
        {
            throw GrpcErrors.InvalidArgument("signed_query", "is missing: send the query signed by the asking node");
        }

        var check = _verifier.Verify(request.SignedQuery);
        string? problem = null;
        SignedQuery? query = null;
        if (!check.IsValid)
        {
            problem = "the signed query does not verify: " + check.Reason;
        }
        else
        {
            try
            {
                query = SignedQuery.Parser.ParseFrom(request.SignedQuery.Payload);
            }
            catch (InvalidProtocolBufferException e)
            {
                problem = "the signed query is not a SignedQuery: " + e.Message;
            }
        }

        if (query is not null && problem is null)
        {
            problem = query.Asker != check.Signer!.NodeId ? $"the query names asker '{query.Asker}' but is signed by '{check.Signer.NodeId}'"
                : query.QueryId != request.QueryId || !UuidV7.IsValid(query.QueryId) ? "query_id does not match the signed query or is not a UUIDv7"
                : TimePolicy.TimeOf(query.Deadline) is null || query.Spec is null ? "the signed query has no valid deadline or no spec"
                // A query is signed as it is asked: one from a key revoked by now is refused (docs/LIFECYCLE.md §3).
                : check.Signer.RevokedAt is { } revokedAt && revokedAt <= time.GetUtcNow() ? $"key '{check.Signer.KeyId}' was revoked at {revokedAt:O}"
                : null;
        }

        if (problem is not null || query is null)
        {
            problem ??= "the signed query could not be read";
            await AuditAsync(peer, request.QueryId, "refused", problem);
            throw GrpcErrors.PermissionDenied(ErrorReasons.SignatureInvalid, problem + ": the asking node must sign its query with its current key");
        }

        var deadline = query.Deadline!.ToDateTimeOffset();
        var now = time.GetUtcNow();
        if (deadline <= now)
        {
            await AuditAsync(peer, query.QueryId, "refused", "expired");
            throw GrpcErrors.FailedPrecondition(ErrorReasons.QueryExpired, $"expired: the query's deadline {deadline:O} has passed; ask again with a later deadline");
        }

        if (timePolicy.QueryProblem(TimePolicy.TimeOf(query.IssuedAt), deadline, now, query.Asker) is { } untimely)
        {
            await AuditAsync(peer, query.QueryId, "refused", untimely);
            throw GrpcErrors.FailedPrecondition(ErrorReasons.QueryUntimely, untimely);
        }

        return query;
    }

    private Task<PeerReply[]> ForwardAsync(string sender, QueryRequest request, SignedQuery query, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var visited = request.Visited.Append(node.Id).ToHashSet(StringComparer.Ordinal);
        var forward = new QueryRequest { QueryId = request.QueryId, SignedQuery = request.SignedQuery, Visited = { visited.Order(StringComparer.Ordinal) } };
        var targets = peers.All
            .Where(p => p.NodeId != sender && p.NodeId != query.Asker && !visited.Contains(p.NodeId))
            .Select(p => (p.NodeId, p.Endpoint));
        return QueryPeers.SendAsync(channels, targets, forward, deadline, cancellationToken);
    }

    private Envelope Sign(SignedQuery query, List<RelayedEnvelope> items, bool truncated)
    {
        var answer = new QueryAnswer
        {
            QueryId = query.QueryId,
            AnsweringNode = node.Id,
            Asker = query.Asker,
            AnsweredAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            Truncated = truncated,
        };
        answer.Items.AddRange(items);
        return signer.Sign(PayloadTypes.QueryAnswer, answer.ToByteString());
    }

    /// <summary>Records the key unless it is already known; forgets keys whose query deadline has passed.</summary>
    private bool Remember(string key, DateTimeOffset deadline, DateTimeOffset now)
    {
        if (_seen.Count > 10_000)
        {
            foreach (var (old, until) in _seen)
            {
                if (until < now)
                {
                    _seen.TryRemove(old, out _);
                }
            }
        }

        return _seen.TryAdd(key, deadline);
    }

    private Task AuditAsync(string peer, string queryId, string outcome, string detail) =>
        audit.AppendAsync(new AuditRecord("peer:" + peer, "query.answer", queryId, outcome, detail));
}
