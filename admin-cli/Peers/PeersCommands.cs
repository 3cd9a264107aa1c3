using System.CommandLine;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Peers;

/// <summary>`peers …`: the nodes this node exchanges items with over mutual TLS, and the live state of each link.</summary>
internal static class PeersCommands
{
    private const string AddHint = "ceptoar-admin peers add NODE-ID --endpoint https://host:port";

    public static Command Create()
    {
        var options = new NodeOptions();
        var peers = new Command("peers", PeersText.PeersDescription);
        options.AddTo(peers);
        peers.Subcommands.Add(Add(options));
        peers.Subcommands.Add(List(options));
        peers.Subcommands.Add(Remove(options));
        peers.Subcommands.Add(Status(options));
        return peers;
    }

    private static Command Add(NodeOptions options)
    {
        var id = PeerArguments.NodeIdArgument(PeersText.AddIdDescription);
        var endpoint = PeerArguments.EndpointOption();
        var command = new Command(
            "add",
            PeersText.AddDescription)
        {
            id, endpoint,
        };
        NodeAction.Set(command, options, async call =>
        {
            var request = new AddPeerRequest
            {
                NodeId = call.Require(id),
                Endpoint = PeerArguments.NormalizeEndpoint(call.Require(endpoint), out _)!,
            };
            var peer = await call.Client.AddPeerAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(peer);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(PeersText.PeerAdded, peer.NodeId, peer.Endpoint));
            call.Output.Line(Localized.Format(PeersText.PeerAddedHint, peer.NodeId));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var command = new Command("list", PeersText.ListDescription);
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListPeersAsync(new ListPeersRequest(), call.Options);
            if (PrintedJsonOrNone(call, response))
            {
                return ExitCodes.Ok;
            }

            call.Output.Rows(PeerViews.TableHeaders, response.Peers.Select(PeerViews.TableRow));
            call.Output.Line(PeerViews.Summary(response.Peers));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(NodeOptions options)
    {
        var id = PeerArguments.NodeIdArgument(PeersText.RemoveIdDescription);
        var command = new Command(
            "remove",
            PeersText.RemoveDescription)
        {
            id,
        };
        NodeAction.Set(command, options, async call =>
        {
            var peer = await call.Client.RemovePeerAsync(new RemovePeerRequest { NodeId = call.Require(id) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(peer);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(PeersText.PeerRemoved, peer.NodeId, peer.Endpoint));
            if (peer.State is { OutboxDepth: > 0 } state)
            {
                call.Output.Line(Localized.Format(PeersText.PeerRemovedOutbox, state.OutboxDepth));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(NodeOptions options)
    {
        var id = PeerArguments.OptionalNodeIdArgument(PeersText.StatusIdDescription);
        var command = new Command("status", PeersText.StatusDescription) { id };
        NodeAction.Set(command, options, async call =>
        {
            var response = await call.Client.ListPeersAsync(new ListPeersRequest(), call.Options);
            var wanted = call.Get(id);
            if (wanted is null)
            {
                return PrintAll(call, response);
            }

            var peer = response.Peers.FirstOrDefault(p => p.NodeId == wanted);
            if (peer is null)
            {
                var known = response.Peers.Count == 0 ? PeersText.NoPeersKnown : PeersText.PeersAre + string.Join(", ", response.Peers.Select(p => p.NodeId));
                await call.Error.WriteLineAsync(Localized.Format(PeersText.PeerNotFound, wanted, known, AddHint));
                return ExitCodes.NotFound;
            }

            if (call.Json)
            {
                call.Output.Json(peer);
                return ExitCodes.Ok;
            }

            call.Output.Fields(PeerViews.Fields(peer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static int PrintAll(NodeCall call, ListPeersResponse response)
    {
        if (PrintedJsonOrNone(call, response))
        {
            return ExitCodes.Ok;
        }

        foreach (var peer in response.Peers)
        {
            call.Output.Line(Localized.Format(PeersText.PeerHeading, peer.NodeId));
            call.Output.Fields(PeerViews.Fields(peer));
        }

        call.Output.Line(PeerViews.Summary(response.Peers));
        return ExitCodes.Ok;
    }

    /// <summary>Prints the whole list as JSON, or says there are no peers; false when the caller prints the peers itself.</summary>
    private static bool PrintedJsonOrNone(NodeCall call, ListPeersResponse response)
    {
        if (call.Json)
        {
            call.Output.Json(response);
            return true;
        }

        if (response.Peers.Count == 0)
        {
            call.Output.Line(Localized.Format(PeersText.NoPeersYet, AddHint));
            return true;
        }

        return false;
    }
}
