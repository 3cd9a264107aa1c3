using System.Globalization;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;

namespace Ceptoar.Node.Federation.Inbound;

/// <summary>
/// The federation calls of tamper evidence and restore (docs/LIFECYCLE.md §4, §5): a hub keeps its peers' signed audit
/// checkpoints and hands a peer back its own; any node queues again for a restored peer what it stored since a time.
/// Answers are English, like everything a node tells another.
/// </summary>
internal sealed class LifecycleAnswers(LifecycleStore lifecycle, FederationStore federationStore, IStoreWriter writer, EnvelopeVerifiers verifiers, NodeDirectory directory, NodeOptions node, TimeProvider time, TimePolicy timePolicy, AuditLog audit)
{
    /// <summary>Items read and queued per step of a catch-up (one unit of work each).</summary>
    private const int CatchUpPage = 500;

    public async Task<PutCheckpointResponse> KeepCheckpointAsync(string peer, PutCheckpointRequest request, CancellationToken cancellationToken)
    {
        if (!directory.View().LocalIsHub)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.RoleNotAllowed, $"{node.Id} is not a hub ({node.Role}): send audit checkpoints to the Council or NISC");
        }

        var (checkpoint, problem) = AuditCheckpoints.Open(verifiers.Checkpoint, request.Checkpoint, peer);
        if (checkpoint is null)
        {
            await audit.AppendAsync(new AuditRecord("peer:" + peer, "audit.checkpoint.receive", peer, "rejected", "checkpoint " + problem), CancellationToken.None);
            throw GrpcErrors.InvalidArgument("checkpoint", problem);
        }

        var signedAt = checkpoint.SignedAt.ToDateTimeOffset();
        if (signedAt > time.GetUtcNow() + timePolicy.MaxClockSkew)
        {
            throw GrpcErrors.InvalidArgument("checkpoint.signed_at",
                $"{signedAt:O} is ahead of {node.Id}'s clock by more than {timePolicy.MaxClockSkew.TotalSeconds:0} seconds: keep the nodes' clocks in sync (NTP)");
        }

        await lifecycle.KeepCheckpointAsync(new HeldCheckpoint(peer, (long)checkpoint.Seq, checkpoint.Hash, signedAt, Google.Protobuf.MessageExtensions.ToByteArray(request.Checkpoint)), cancellationToken);
        return new PutCheckpointResponse();
    }

    public async Task<ListCheckpointsResponse> ListCheckpointsAsync(string peer, CancellationToken cancellationToken)
    {
        var response = new ListCheckpointsResponse();
        foreach (var bytes in await lifecycle.CheckpointsOfAsync(peer, cancellationToken))
        {
            response.Checkpoints.Add(Envelope.Parser.ParseFrom(bytes));
        }

        return response;
    }

    public async Task<CatchUpResponse> CatchUpAsync(string peer, CatchUpRequest request, CancellationToken cancellationToken)
    {
        if (request.Since is null)
        {
            throw GrpcErrors.InvalidArgument("since", "is missing: give the time of the backup the node was restored from");
        }

        var since = request.Since.ToDateTimeOffset();
        var now = time.GetUtcNow();
        if (since > now + timePolicy.MaxClockSkew)
        {
            throw GrpcErrors.InvalidArgument("since", $"{since:O} is in the future: give the time of the backup the node was restored from");
        }

        var hops = System.Text.Json.JsonSerializer.Serialize(new[] { node.Id });
        var queued = 0;
        var after = 0L;
        while (true)
        {
            var page = await lifecycle.StoredSinceAsync(since, after, CatchUpPage, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Seq;
            var view = directory.View();
            // Exactly what this node would send the peer itself (the rule a Fetch by id follows), and only what is still valid.
            var resend = page.Where(c => (c.ExpiresAt is null || c.ExpiresAt > now)
                && FetchPolicy.Refusal(Envelope.Parser.ParseFrom(c.Envelope), c.HeldState, peer, view, now) is null).ToList();
            if (resend.Count > 0)
            {
                await writer.RunAsync(work =>
                {
                    foreach (var item in resend)
                    {
                        // The item's own key, as when it was first queued: an entry still waiting is not queued twice.
                        federationStore.Enqueue(work, peer, item.ItemId, item.ItemId, null, hops, item.ExpiresAt ?? now + TimeSpan.FromDays(30));
                    }

                    return true;
                }, cancellationToken);
                queued += resend.Count;
            }
        }

        await audit.AppendAsync(new AuditRecord("peer:" + peer, "peer.catch_up", peer, "ok",
            string.Create(CultureInfo.InvariantCulture, $"queued again {queued} items stored since {since:O}")), CancellationToken.None);
        return new CatchUpResponse { Queued = (uint)queued };
    }
}
