using System.Globalization;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Grpc.Core;

namespace Ceptoar.Node.Administration;

/// <summary>
/// The audit part of the admin API: reading the log, verifying its hash chain, and checking it against the signed
/// checkpoints the hubs hold (docs/LIFECYCLE.md §4).
/// </summary>
internal sealed class AdminAudit(AuditLog audit, LifecycleStore lifecycle, PeerSet peers, NodeDirectory directory, PeerChannels channels, EnvelopeVerifiers verifiers, NodeOptions node, TimeProvider time)
{
    /// <summary>Entries per page when the request sets no limit.</summary>
    private const int DefaultPage = 100;

    private static readonly TimeSpan HubTimeout = TimeSpan.FromSeconds(15);

    public async Task<ListAuditResponse> ListAsync(ListAuditRequest request, CancellationToken cancellationToken)
    {
        AdminRequests.Check(request);
        var entries = await audit.ListAsync(
            (long)Math.Min(request.AfterSeq, long.MaxValue),
            request.Limit == 0 ? DefaultPage : (int)request.Limit,
            string.IsNullOrEmpty(request.Action) ? null : request.Action,
            cancellationToken);
        var response = new ListAuditResponse();
        response.Entries.AddRange(entries.Select(AdminViews.Audit));
        return response;
    }

    public async Task<VerifyAuditResponse> VerifyAsync(VerifyAuditRequest request, CancellationToken cancellationToken)
    {
        var result = await audit.VerifyAsync(cancellationToken);
        var response = new VerifyAuditResponse
        {
            Valid = result.Valid,
            EntriesChecked = (ulong)result.EntriesChecked,
            FirstBadSeq = (ulong)Math.Max(0, result.FirstBadSeq),
            Problem = result.Problem,
        };
        if (request.AgainstPeers)
        {
            await CheckAgainstHubsAsync(response, cancellationToken);
        }

        return response;
    }

    /// <summary>
    /// A chain rewritten and recomputed passes the local walk; it cannot have the hashes this node signed and handed to its
    /// hubs before the rewrite. The first checkpoint (by seq) the chain no longer has is named.
    /// </summary>
    private async Task CheckAgainstHubsAsync(VerifyAuditResponse response, CancellationToken cancellationToken)
    {
        var view = directory.View();
        var hubs = peers.All.Where(p => view.IsHubPeer(p.NodeId)).OrderBy(p => p.NodeId, StringComparer.Ordinal).ToList();
        if (hubs.Count == 0)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NoHubPeers, string.Format(CultureInfo.InvariantCulture, AdministrationText.AuditNoHubs, node.Id));
        }

        var held = new List<(string Hub, AuditCheckpoint Checkpoint)>();
        var answers = new Dictionary<string, PeerCheckpoints>(StringComparer.Ordinal);
        foreach (var hub in hubs)
        {
            var answer = new PeerCheckpoints { NodeId = hub.NodeId, Outcome = "matched" };
            answers[hub.NodeId] = answer;
            try
            {
                using var channel = channels.Create(hub.Endpoint, hub.NodeId);
                var listed = await new FederationService.FederationServiceClient(channel).ListCheckpointsAsync(
                    new ListCheckpointsRequest(), deadline: (time.GetUtcNow() + HubTimeout).UtcDateTime, cancellationToken: cancellationToken);
                foreach (var envelope in listed.Checkpoints)
                {
                    // What the hub hands back must carry this node's own signature: a hub cannot make this node's chain look rewritten.
                    if (AuditCheckpoints.Open(verifiers.Checkpoint, envelope, node.Id).Checkpoint is { } checkpoint)
                    {
                        held.Add((hub.NodeId, checkpoint));
                        answer.Checkpoints++;
                    }
                }
            }
            catch (Exception e) when (e is RpcException or HttpRequestException or IOException or InvalidOperationException)
            {
                answer.Outcome = "unreachable";
                answer.Detail = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
            }
        }

        var local = await lifecycle.AuditHashesAsync([.. held.Select(h => (long)h.Checkpoint.Seq)], cancellationToken);
        (string Hub, AuditCheckpoint Checkpoint)? first = null;
        foreach (var (hub, checkpoint) in held.OrderBy(h => h.Checkpoint.Seq).ThenBy(h => h.Hub, StringComparer.Ordinal))
        {
            if (local.TryGetValue((long)checkpoint.Seq, out var hash) && string.Equals(hash, checkpoint.Hash, StringComparison.Ordinal))
            {
                continue;
            }

            var answer = answers[hub];
            if (answer.Outcome != "mismatch")
            {
                answer.Outcome = "mismatch";
                answer.FirstMismatchSeq = checkpoint.Seq;
                answer.Detail = Mismatch(hub, checkpoint, local.GetValueOrDefault((long)checkpoint.Seq));
            }

            first ??= (hub, checkpoint);
        }

        response.Peers.AddRange(answers.Values);
        response.CheckpointsChecked = (ulong)held.Count;
        if (first is { } bad && response.Valid)
        {
            response.Valid = false;
            response.FirstBadSeq = bad.Checkpoint.Seq;
            response.Problem = string.Format(CultureInfo.InvariantCulture, AdministrationText.AuditRewrittenAfterCheckpoint,
                Mismatch(bad.Hub, bad.Checkpoint, local.GetValueOrDefault((long)bad.Checkpoint.Seq)));
        }
    }

    private static string Mismatch(string hub, AuditCheckpoint checkpoint, string? local) =>
        string.Format(CultureInfo.InvariantCulture, local is null ? AdministrationText.AuditCheckpointNoEntry : AdministrationText.AuditCheckpointOtherHash,
            checkpoint.Seq, checkpoint.SignedAt.ToDateTimeOffset().ToString("O", CultureInfo.InvariantCulture), hub, checkpoint.Hash, local);
}
