using System.CommandLine;
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
        var peers = new Command("peers", "Add, list and remove the nodes this node exchanges items with, and see each link's live state.");
        options.AddTo(peers);
        peers.Subcommands.Add(Add(options));
        peers.Subcommands.Add(List(options));
        peers.Subcommands.Add(Remove(options));
        peers.Subcommands.Add(Status(options));
        return peers;
    }

    private static Command Add(NodeOptions options)
    {
        var id = PeerArguments.NodeIdArgument("The peer's node id, as in its certificate (urn:ceptoar:node:<id>), e.g. council.");
        var endpoint = PeerArguments.EndpointOption();
        var command = new Command(
            "add",
            "Add a peer: this node connects to it and accepts its connections (mutual TLS, certificate chained to a trusted root).")
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

            call.Output.Line($"peer {peer.NodeId} added ({peer.Endpoint}).");
            call.Output.Line($"The link comes up once {peer.NodeId} also lists this node as a peer; watch it with: ceptoar-admin peers status {peer.NodeId}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(NodeOptions options)
    {
        var command = new Command("list", "List the peers with their live state: connection, outbox depth and age, delivered and rejected counts, errors.");
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
        var id = PeerArguments.NodeIdArgument("The peer's node id, as `peers list` shows it.");
        var command = new Command(
            "remove",
            "Remove a peer: this node stops connecting to it and refuses its connections. Items it already holds stay where they are.")
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

            call.Output.Line($"peer {peer.NodeId} removed: this node no longer connects to {peer.Endpoint} nor accepts its connections.");
            if (peer.State is { OutboxDepth: > 0 } state)
            {
                call.Output.Line($"{state.OutboxDepth} items were still waiting for it; they are not sent to it directly any more.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status(NodeOptions options)
    {
        var id = PeerArguments.OptionalNodeIdArgument("Only this peer (default: every peer).");
        var command = new Command("status", "Show the live state of one peer, or of every peer, field by field.") { id };
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
                var known = response.Peers.Count == 0 ? "it has no peers" : "its peers are " + string.Join(", ", response.Peers.Select(p => p.NodeId));
                await call.Error.WriteLineAsync($"not found: {wanted} is not a peer of this node ({known}). Add it with: {AddHint}");
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
            call.Output.Line($"peer {peer.NodeId}:");
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
            call.Output.Line($"no peers yet; add one with: {AddHint}");
            return true;
        }

        return false;
    }
}
