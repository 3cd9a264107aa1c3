using System.Globalization;
using Ceptoar.Core.Pki;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// The door of the federation listener. TLS requires a client certificate but accepts any, so that this gate can answer
/// with a gRPC status a person can act on: Unauthenticated for a certificate that does not chain to a trusted root, is
/// out of validity or revoked; PermissionDenied for a valid node that is not a configured peer. Both are audited and no
/// handler runs. The certificate is judged once per connection; its standing (revoked, expired, still a peer) on every
/// call, and a call already open when that standing is lost is ended (audited too).
/// </summary>
internal static class FederationGate
{
    private const string VerdictKey = "ceptoar.peer.verdict";
    private const string PeerKey = "ceptoar.peer";
    private const string CallKey = "ceptoar.peer.call";

    /// <summary>The authenticated peer of a FederationService call.</summary>
    public static string PeerOf(HttpContext context) =>
        context.Items[PeerKey] as string ?? throw new InvalidOperationException("FederationGate did not run for this call.");

    /// <summary>The registration of a FederationService call: woken when its peer may no longer call.</summary>
    public static OpenPeerCall CallOf(HttpContext context) =>
        context.Items[CallKey] as OpenPeerCall ?? throw new InvalidOperationException("FederationGate did not run for this call.");

    public static IApplicationBuilder UseFederationGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Listeners.Of(context) != Listener.Federation || Listeners.OwnerOf(context.Request.Path) != Listener.Federation)
        {
            await next(context);
            return;
        }

        var node = Door.Of(context);
        var items = context.Features.Get<IConnectionItemsFeature>()!.Items;
        var fresh = !items.TryGetValue(VerdictKey, out var cached);
        var verdict = fresh ? await JudgeAsync(context, node) : (Verdict)cached!;
        items[VerdictKey] = verdict;
        if (verdict.Call is not { } admitted)
        {
            // Judged once per connection: audited once per connection.
            await RefuseAsync(context, node, "unknown", (verdict.Status, verdict.Reason, verdict.ErrorReason), audit: fresh);
            return;
        }

        var peers = context.RequestServices.GetRequiredService<PeerSet>();
        // Registered before the check: a peer removed or a certificate revoked meanwhile either fails the check or wakes the call.
        using var call = context.RequestServices.GetRequiredService<PeerCalls>().Open(admitted);
        if (Standing(admitted, node, peers) is { } refusal)
        {
            await RefuseAsync(context, node, "peer:" + admitted.NodeId, refusal, audit: true);
            return;
        }

        context.Items[PeerKey] = admitted.NodeId;
        context.Items[CallKey] = call;
        // A woken call that does not end itself with a status is aborted; the registration is gone before the request
        // completes, so a pooled context is never aborted for a later request.
        using (call.Woken.Register(() =>
        {
            if (!call.EndsItself)
            {
                context.Abort();
            }
        }))
        {
            await next(context);
        }

        if (call.Woken.IsCancellationRequested && !call.EndsItself)
        {
            await EndedAsync(context, node, peers, call);
        }
    });

    /// <summary>
    /// For a handler that ends itself when woken: audits why its peer may no longer call and returns the status to end with.
    /// </summary>
    public static async Task<RpcException> EndAsync(HttpContext context)
    {
        var node = Door.Of(context);
        var refusal = await EndedAsync(context, node, context.RequestServices.GetRequiredService<PeerSet>(), CallOf(context));
        return refusal is { } ended
            ? GrpcErrors.Refusal(Code(ended.Status), ended.ErrorReason, ended.Reason)
            : GrpcErrors.Unavailable(ErrorReasons.PeerCallEnded, $"{node.NodeId} closed the call; connect again");
    }

    /// <summary>Why an admitted peer may not call now (its certificate revoked or expired, or no longer a peer); null while it may.</summary>
    private static (string Status, string Reason, string ErrorReason)? Standing(PeerCall call, Door node, PeerSet peers)
    {
        if (node.Revoked.Contains(call.Thumbprint))
        {
            return ("16", $"the certificate of '{call.NodeId}' (SHA-256 {call.Thumbprint}) is revoked: the node needs a new certificate", ErrorReasons.PeerCertificateRevoked);
        }

        if (node.Time.GetUtcNow() > call.NotAfter)
        {
            return ("16", $"the certificate of '{call.NodeId}' expired on {call.NotAfter:u}: the node needs a new certificate from the federation root", ErrorReasons.PeerCertificateExpired);
        }

        return peers.Contains(call.NodeId)
            ? null
            : ("7", $"node '{call.NodeId}' is not a configured peer of {node.NodeId}: its admins must agree to peer (`ceptoar-admin peers add {call.NodeId} --endpoint ...` on {node.NodeId})", ErrorReasons.PeerNotConfigured);
    }

    private static async Task<(string Status, string Reason, string ErrorReason)?> EndedAsync(HttpContext context, Door node, PeerSet peers, OpenPeerCall call)
    {
        var refusal = Standing(call.Call, node, peers);
        if (refusal is { } ended)
        {
            var logger = context.RequestServices.GetRequiredService<ILogger<InboundProcessor>>();
            RevocationLog.CallEnded(logger, call.Call.NodeId, context.Request.Path, ended.Reason);
            await node.Audit.AppendAsync(new AuditRecord("peer:" + call.Call.NodeId, "call.end", context.Request.Path, "denied", "open call ended: " + ended.Reason));
        }

        return refusal;
    }

    private static StatusCode Code(string status) => (StatusCode)int.Parse(status, CultureInfo.InvariantCulture);

    /// <summary>Answers trailers-only, with the ErrorInfo of the refusal (docs/OPERATIONS.md §5), and audits it.</summary>
    private static async Task RefuseAsync(HttpContext context, Door node, string actor, (string Status, string Reason, string ErrorReason) refusal, bool audit)
    {
        var (status, reason, errorReason) = refusal;
        var logger = context.RequestServices.GetRequiredService<ILogger<InboundProcessor>>();
        FederationLog.PeerRefused(logger, status, reason);
        // Every refused call, not once per connection as the audit: the rate a dashboard shows (docs/OPERATIONS.md §4).
        context.RequestServices.GetRequiredService<NodeMetrics>().AuthRefused(NodeMetrics.Doors.Federation, errorReason);
        if (audit)
        {
            await node.Audit.AppendAsync(new AuditRecord(actor, "peer.refused", context.Connection.RemoteIpAddress?.ToString() ?? "-", "denied", reason));
        }

        GrpcErrors.WriteTrailersOnly(context, GrpcErrors.Status(Code(status), errorReason, reason));
    }

    private static async Task<Verdict> JudgeAsync(HttpContext context, Door node)
    {
        var certificate = await context.Connection.GetClientCertificateAsync();
        if (certificate is null)
        {
            return new Verdict("16", "no client certificate: connect with the node's TLS certificate issued by the federation root", null, ErrorReasons.PeerCertificateInvalid);
        }

        var check = node.Trust.Check(certificate, node.Time.GetUtcNow());
        if (!check.Valid)
        {
            return new Verdict("16", "client certificate refused: " + check.Problem, null, ErrorReasons.PeerCertificateInvalid);
        }

        return new Verdict("0", "", ErrorReason: "", Call: new PeerCall(check.NodeId!, RevokedCertificates.ThumbprintOf(certificate), new DateTimeOffset(certificate.NotAfter.ToUniversalTime())));
    }

    /// <summary>The judgement of a connection's certificate. Call is set when the certificate itself is good.</summary>
    private sealed record Verdict(string Status, string Reason, PeerCall? Call, string ErrorReason);

    /// <summary>What the gate consults to judge a caller, taken from the node's services for each request.</summary>
    private sealed record Door(string NodeId, TrustBundle Trust, RevokedCertificates Revoked, TimeProvider Time, AuditLog Audit)
    {
        public static Door Of(HttpContext context)
        {
            var services = context.RequestServices;
            return new Door(
                services.GetRequiredService<NodeOptions>().Id, services.GetRequiredService<TrustBundle>(), services.GetRequiredService<RevokedCertificates>(),
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<AuditLog>());
        }
    }
}
