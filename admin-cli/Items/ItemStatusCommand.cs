using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items status ITEM-ID`: where an item this node originated has arrived, per recipient node (docs/PROTOCOL.md §7).</summary>
internal static class ItemStatusCommand
{
    public static Command Create(NodeOptions options)
    {
        var id = new Argument<string>("ITEM-ID") { Description = "The id (a UUID) of an item this node originated, as `items list` shows it." };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value?.Trim()))
            {
                result.AddError($"'{value}' is not an item id: item ids are UUIDs such as 01890a5d-ac96-774b-bcce-b302099a8057.");
            }
        });
        var command = new Command(
            "status",
            "Show where an item this node originated has arrived: per recipient node pending, delivered, acknowledged (by whom) or rejected (why); "
            + "a hub that is not a recipient but took it to pass on shows as relayed.")
        {
            id,
        };
        NodeAction.Set(command, options, async call =>
        {
            var status = await call.Client.GetItemStatusAsync(new GetItemStatusRequest { ItemId = call.Require(id).Trim() }, call.Options);
            if (call.Json)
            {
                call.Output.Json(status);
                return ExitCodes.Ok;
            }

            ItemStatusView.Print(status, call.Output);
            return ExitCodes.Ok;
        });
        return command;
    }
}
