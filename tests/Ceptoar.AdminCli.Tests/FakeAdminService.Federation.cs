using Ceptoar.Federation.V1;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The federation calls of the fake: peers and item delivery status.</summary>
internal sealed partial class FakeAdminService
{
    public List<Peer> Peers { get; } = [];

    public Dictionary<string, ItemStatus> ItemStatuses { get; } = new(StringComparer.Ordinal);

    public AddPeerRequest? LastAddPeer { get; private set; }

    public RemovePeerRequest? LastRemovePeer { get; private set; }

    public override Task<Peer> AddPeer(AddPeerRequest request, ServerCallContext context)
    {
        LastAddPeer = request;
        if (Peers.Any(p => p.NodeId == request.NodeId))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.AlreadyExists, $"{request.NodeId} is already a peer of this node"));
        }

        var peer = new Peer { NodeId = request.NodeId, Endpoint = request.Endpoint, AddedAt = CreatedAt };
        Peers.Add(peer);
        return Task.FromResult(peer);
    }

    public override Task<ListPeersResponse> ListPeers(ListPeersRequest request, ServerCallContext context)
    {
        var response = new ListPeersResponse();
        response.Peers.Add(Peers);
        return Task.FromResult(response);
    }

    public override Task<Peer> RemovePeer(RemovePeerRequest request, ServerCallContext context)
    {
        LastRemovePeer = request;
        var peer = Peers.FirstOrDefault(p => p.NodeId == request.NodeId)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"{request.NodeId} is not a peer of this node"));
        Peers.Remove(peer);
        return Task.FromResult(peer);
    }

    public override Task<ItemStatus> GetItemStatus(GetItemStatusRequest request, ServerCallContext context) =>
        Task.FromResult(ItemStatuses.GetValueOrDefault(request.ItemId)
            ?? throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no item {request.ItemId} originated at this node")));
}
