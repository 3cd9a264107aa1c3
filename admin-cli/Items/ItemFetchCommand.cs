using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items fetch --from PEER ITEM-ID...`: ask a peer for items this node knows it is missing.</summary>
internal static class ItemFetchCommand
{
    public static Command Create(NodeOptions options)
    {
        var from = new Option<string>("--from") { Description = "The peer to ask (a node id from `peers list`).", Required = true };
        from.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Identifiers.IsValidNodeId(value))
            {
                result.AddError($"'{value}' is not a node id: {Identifiers.NodeIdRule}.");
            }
        });
        var ids = new Argument<string[]>("ITEM-ID") { Description = "Ids of the missing items (UUIDs); up to 1000.", Arity = new ArgumentArity(1, 1000) };
        ids.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!ArgumentRules.IsItemId(value.Trim()))
                {
                    result.AddError($"'{value}' is not an item id: item ids are UUIDs such as 01890a5d-ac96-774b-bcce-b302099a8057.");
                }
            }
        });
        var command = new Command(
            "fetch",
            "Ask a peer for items this node is missing. Each is checked like a delivery (signature, TLP path, duplicates) before it is stored.")
        {
            from,
            ids,
        };
        NodeAction.Set(command, options, async call =>
        {
            var request = new FetchItemsRequest { Peer = call.Require(from) };
            request.ItemIds.AddRange(call.Require(ids).Select(i => i.Trim().ToLowerInvariant()));
            var response = await call.Client.FetchItemsAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Rows(["Item", "Outcome", "Reason"], response.Outcomes.Select(o => (IReadOnlyList<string?>)[o.ItemId, o.Outcome, o.Reason]));
            var stored = response.Outcomes.Count(o => o.Outcome == "accepted");
            call.Output.Line($"{stored} of {request.ItemIds.Count} stored; {response.Outcomes.Count(o => o.Outcome == "missing")} the peer could not give.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
