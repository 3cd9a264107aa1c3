using System.Globalization;
using Ceptoar.Core.Items;
using Ceptoar.Core.Policy;
using Ceptoar.Federation.Frames.V1;
using Ceptoar.Federation.V1;
using Ceptoar.Node.Api;
using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Federation.Inbound;
using Ceptoar.Node.Federation.Outbound;
using Ceptoar.Node.Hosting;
using Ceptoar.Node.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Ceptoar.Node.Administration;

/// <summary>The federation part of the admin API: peers and where an item went.</summary>
internal sealed class AdminFederation(NodeOptions node, ItemStore itemStore, FederationStore federationStore, TimeProvider time, PeerSet peers, PeerLinks links, NodeDirectory directory, InboundProcessor inbound, PeerChannels channels, AdminAcknowledgements acknowledgements, AdminRevocations revocations)
{
    public async Task<Peer> AddPeerAsync(AddPeerRequest request, CancellationToken cancellationToken)
    {
        var violations = new List<FieldViolation>();
        if (!Identifiers.IsValidNodeId(request.NodeId))
        {
            violations.Add(new("node_id", string.Format(CultureInfo.InvariantCulture, AdministrationText.IdMustBe, AdministrationText.NodeIdRule)));
        }
        else if (request.NodeId == node.Id)
        {
            violations.Add(new("node_id", AdministrationText.NodeIdIsSelf));
        }

        if (!Uri.TryCreate(request.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Host.Length == 0 || uri.AbsolutePath != "/")
        {
            violations.Add(new("endpoint", AdministrationText.EndpointInvalid));
        }

        if (violations.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(violations);
        }

        await peers.UpsertAsync(request.NodeId, request.Endpoint, "admin", cancellationToken);
        return await ViewAsync(peers.Find(request.NodeId)!, cancellationToken);
    }

    public async Task<ListPeersResponse> ListPeersAsync(CancellationToken cancellationToken)
    {
        var response = new ListPeersResponse();
        foreach (var peer in peers.All.OrderBy(p => p.NodeId, StringComparer.Ordinal))
        {
            response.Peers.Add(await ViewAsync(peer, cancellationToken));
        }

        return response;
    }

    public async Task<Peer> RemovePeerAsync(RemovePeerRequest request, CancellationToken cancellationToken)
    {
        var peer = peers.Find(request.NodeId) ?? throw GrpcErrors.NotFound(ErrorReasons.PeerNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.PeerNotFound, request.NodeId));
        var view = await ViewAsync(peer, cancellationToken);
        await peers.RemoveAsync(request.NodeId, "admin", cancellationToken);
        return view;
    }

    public async Task<ItemStatus> ItemStatusAsync(GetItemStatusRequest request, CancellationToken cancellationToken)
    {
        if (!UuidV7.IsValid(request.ItemId))
        {
            throw GrpcErrors.InvalidArgument("item_id", AdministrationText.ItemIdInvalid);
        }

        var stored = await itemStore.GetAsync(request.ItemId, cancellationToken)
            ?? throw GrpcErrors.NotFound(ErrorReasons.ItemNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemNotFound, request.ItemId));
        if (stored.OriginNode != node.Id)
        {
            throw GrpcErrors.FailedPrecondition(ErrorReasons.NotOriginNode, string.Format(CultureInfo.InvariantCulture, AdministrationText.ItemStatusNotOrigin, request.ItemId, stored.OriginNode));
        }

        var item = Members.ItemViews.ParseItem(stored, out _);
        var recipients = FederationRecipients.Of(RoutingFacts.FromItem(item), directory.View());
        var receipts = (await federationStore.ReceiptsAsync(request.ItemId, cancellationToken)).ToDictionary(r => r.RecipientNode, StringComparer.Ordinal);
        var results = (await federationStore.PeerResultsAsync(request.ItemId, cancellationToken)).ToDictionary(r => r.Peer, StringComparer.Ordinal);
        // Withdrawn or corrected: the revocation's (or correction's) own status shows how far that went (docs/LIFECYCLE.md §1).
        var status = new ItemStatus { ItemId = request.ItemId, Tlp = stored.Tlp, Withdrawn = Members.ItemViews.Withdrawal(stored.Withdrawn) };
        // The origin's own key revoked after the item was signed: the item is kept, and its status says so (docs/LIFECYCLE.md §3).
        if (Envelope.Parser.ParseFrom(stored.EnvelopeBytes).Signatures.FirstOrDefault() is { } signature)
        {
            status.RevokedKey = revocations.FlagFor(signature.KeyId);
        }

        foreach (var recipient in recipients.Union(receipts.Keys).Order(StringComparer.Ordinal))
        {
            var row = new RecipientStatus { NodeId = recipient, State = "pending" };
            if (receipts.TryGetValue(recipient, out var receipt))
            {
                row.State = receipt.AcknowledgedAt is not null ? "acknowledged" : receipt.DeliveredAt is not null ? "delivered" : receipt.RejectedReason is not null ? "rejected" : "pending";
                SetTime(receipt.DeliveredAt, t => row.DeliveredAt = t);
                SetTime(receipt.AcknowledgedAt, t => row.AcknowledgedAt = t);
                row.AcknowledgedBy = receipt.AcknowledgedBy ?? "";
                row.Reason = receipt.RejectedReason ?? "";
                if (receipt.MembersReached is { } reached)
                {
                    row.MembersReached = (uint)reached;
                }
            }
            else if (results.TryGetValue(recipient, out var result) && result.Outcome == "rejected")
            {
                row.State = "rejected";
                row.Reason = result.Reason;
            }

            status.Recipients.Add(row);
        }

        foreach (var (peer, result) in results.Where(r => !recipients.Contains(r.Key)).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            status.Recipients.Add(new RecipientStatus { NodeId = peer, State = result.Outcome == "rejected" ? "rejected" : "relayed", Reason = result.Reason });
        }

        if (request.Members)
        {
            await acknowledgements.AddAcknowledgementsAsync(status, cancellationToken);
        }

        return status;
    }

    public async Task<FetchItemsResponse> FetchAsync(FetchItemsRequest request, CancellationToken cancellationToken)
    {
        var peer = peers.Find(request.Peer) ?? throw GrpcErrors.NotFound(ErrorReasons.PeerNotFound, string.Format(CultureInfo.InvariantCulture, AdministrationText.FetchPeerNotFound, request.Peer));
        var invalid = request.ItemIds.Select((id, i) => (id, i)).Where(x => !UuidV7.IsValid(x.id)).Select(x => new FieldViolation($"item_ids[{x.i}]", AdministrationText.FetchItemIdInvalid)).ToList();
        if (request.ItemIds.Count is 0 or > FetchPolicy.MaxIds)
        {
            invalid.Add(new FieldViolation("item_ids", string.Format(CultureInfo.InvariantCulture, AdministrationText.FetchItemCount, FetchPolicy.MaxIds)));
        }

        if (invalid.Count > 0)
        {
            throw GrpcErrors.InvalidArgument(invalid);
        }

        using var channel = channels.Create(peer.Endpoint, peer.NodeId);
        var answer = await channel.CreateCallInvoker().AsyncUnaryCall(FederationFrames.Fetch, null,
            new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancellationToken), new FetchRequest { ItemIds = { request.ItemIds } });
        // The same checks as a delivery from that peer: verified, TLP path, dedup, stored durably.
        var batch = new BatchFrame { Envelopes = { answer.Envelopes } };
        var ack = await inbound.ProcessAsync(peer.NodeId, batch, cancellationToken);
        var response = new FetchItemsResponse();
        foreach (var result in ack.Results)
        {
            response.Outcomes.Add(new FetchOutcome { ItemId = result.ItemId, Outcome = result.Outcome.ToString().ToLowerInvariant(), Reason = result.Reason });
        }

        response.Outcomes.AddRange(answer.Missing.Select(id => new FetchOutcome { ItemId = id, Outcome = "missing", Reason = string.Format(CultureInfo.InvariantCulture, AdministrationText.FetchMissing, peer.NodeId) }));
        return response;
    }

    private async Task<Peer> ViewAsync(Storage.PeerRecord peer, CancellationToken cancellationToken)
    {
        var (depth, oldest) = await federationStore.OutboxStatsAsync(peer.NodeId, cancellationToken);
        var state = new PeerState { OutboxDepth = (ulong)depth, OldestSeconds = oldest is { } o ? (time.GetUtcNow() - o).TotalSeconds : 0 };
        if (links.StateOf(peer.NodeId) is { } live)
        {
            state.Connected = live.Connected;
            state.LastError = live.LastError;
            state.Delivered = (ulong)Interlocked.Read(ref live.Delivered);
            state.Rejected = (ulong)Interlocked.Read(ref live.Rejected);
            SetTime(live.LastContact, t => state.LastContact = t);
            SetTime(live.NextAttempt, t => state.NextAttempt = t);
        }

        if (directory.Find(peer.NodeId) is { } known)
        {
            state.Role = known.Descriptor.Role.ToString().ToLowerInvariant();
            state.NameEn = known.Descriptor.NameEn;
        }

        return new Peer { NodeId = peer.NodeId, Endpoint = peer.Endpoint, AddedAt = Timestamp.FromDateTimeOffset(peer.AddedAt), State = state };
    }

    private static void SetTime(DateTimeOffset? time, Action<Timestamp> set)
    {
        if (time is { } t)
        {
            set(Timestamp.FromDateTimeOffset(t));
        }
    }
}
