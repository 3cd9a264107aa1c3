using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items fetch --from PEER ITEM-ID...`: ask a peer for items this node knows it is missing.</summary>
internal static class ItemFetchCommand
{
    public static Command Create(NodeOptions options)
    {
        var from = new Option<string>("--from") { Description = ItemsText.FetchFromDescription, Required = true };
        from.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Identifiers.IsValidNodeId(value))
            {
                result.AddError(Localized.Format(ItemsText.NotANodeId, value, Identifiers.NodeIdRule));
            }
        });
        var ids = new Argument<string[]>("ITEM-ID") { Description = ItemsText.FetchIdsDescription, Arity = new ArgumentArity(1, 1000) };
        ids.Validators.Add(result =>
        {
            foreach (var value in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!ArgumentRules.IsItemId(value.Trim()))
                {
                    result.AddError(Localized.Format(CommonText.NotAnItemId, value));
                }
            }
        });
        var command = new Command(
            "fetch",
            ItemsText.FetchDescription)
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

            call.Output.Rows([CommonText.Item, CommonText.Outcome, CommonText.Reason], response.Outcomes.Select(o => (IReadOnlyList<string?>)[o.ItemId, o.Outcome, o.Reason]));
            var stored = response.Outcomes.Count(o => o.Outcome == "accepted");
            call.Output.Line(Localized.Format(ItemsText.FetchSummary, stored, request.ItemIds.Count, response.Outcomes.Count(o => o.Outcome == "missing")));
            return ExitCodes.Ok;
        });
        return command;
    }
}
