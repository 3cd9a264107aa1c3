using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Microsoft.AspNetCore.Connections.Features;

namespace Ceptoar.Node.Federation;

/// <summary>
/// The door of the federation listener. TLS requires a client certificate but accepts any, so that this gate can answer
/// with a gRPC status a person can act on: Unauthenticated for a certificate that does not chain to a trusted root, is
/// out of validity or revoked; PermissionDenied for a valid node that is not a configured peer. Both are audited (once
/// per connection) and no handler runs.
/// </summary>
internal static class FederationGate
{
    private const string VerdictKey = "ceptoar.peer.verdict";
    private const string PeerKey = "ceptoar.peer";

    /// <summary>The authenticated peer of a FederationService call.</summary>
    public static string PeerOf(HttpContext context) =>
        context.Items[PeerKey] as string ?? throw new InvalidOperationException("FederationGate did not run for this call.");

    public static IApplicationBuilder UseFederationGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (Listeners.Of(context) != Listener.Federation || Listeners.OwnerOf(context.Request.Path) != Listener.Federation)
        {
            await next(context);
            return;
        }

        var node = context.RequestServices.GetRequiredService<NodeContext>();
        var peers = context.RequestServices.GetRequiredService<PeerSet>();
        var items = context.Features.Get<IConnectionItemsFeature>()!.Items;
        var fresh = !items.TryGetValue(VerdictKey, out var cached);
        var verdict = fresh ? await JudgeAsync(context, node) : (Verdict)cached!;
        items[VerdictKey] = verdict;

        var (status, reason) = verdict.NodeId is { } nodeId && !peers.Contains(nodeId)
            ? ("7", $"node '{nodeId}' is not a configured peer of {node.NodeId}: its admins must agree to peer (`ceptoar-admin peers add {nodeId} --endpoint ...` on {node.NodeId})")
            : (verdict.Status, verdict.Reason);
        if (status != "0")
        {
            var logger = context.RequestServices.GetRequiredService<ILogger<InboundProcessor>>();
            FederationLog.PeerRefused(logger, status, reason);
            if (fresh || verdict.NodeId is not null)
            {
                await node.Audit.AppendAsync(new AuditRecord(verdict.NodeId is null ? "unknown" : "peer:" + verdict.NodeId, "peer.refused",
                    context.Connection.RemoteIpAddress?.ToString() ?? "-", "denied", reason));
            }

            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = status;
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(reason);
            return;
        }

        context.Items[PeerKey] = verdict.NodeId;
        await next(context);
    });

    private static async Task<Verdict> JudgeAsync(HttpContext context, NodeContext node)
    {
        var certificate = await context.Connection.GetClientCertificateAsync();
        if (certificate is null)
        {
            return new Verdict("16", "no client certificate: connect with the node's TLS certificate issued by the federation root", null);
        }

        var check = node.Trust.Check(certificate, node.Time.GetUtcNow());
        if (!check.Valid)
        {
            return new Verdict("16", "client certificate refused: " + check.Problem, null);
        }

        var thumbprint = Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
        if (node.Federation.RevokedCertificates.Any(r => string.Equals(r, thumbprint, StringComparison.OrdinalIgnoreCase)))
        {
            return new Verdict("16", $"the certificate of '{check.NodeId}' (SHA-256 {thumbprint}) is revoked: the node needs a new certificate", null);
        }

        return new Verdict("0", "", check.NodeId);
    }

    /// <summary>The judgement of a connection's certificate. NodeId is set when the certificate itself is good.</summary>
    private sealed record Verdict(string Status, string Reason, string? NodeId);

    /// <summary>Client side: trust a peer's server certificate only if it chains to our roots and names the expected peer.</summary>
    public static bool IsExpectedPeer(NodeContext node, X509Certificate? certificate, string expectedPeer)
    {
        if (certificate is null)
        {
            return false;
        }

        using var certificate2 = new X509Certificate2(certificate);
        var check = node.Trust.Check(certificate2, node.Time.GetUtcNow());
        return check.Valid && check.NodeId == expectedPeer;
    }
}
