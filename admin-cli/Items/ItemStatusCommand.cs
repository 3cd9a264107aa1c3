using System.CommandLine;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items status ITEM-ID`: where an item this node originated has arrived, per recipient node (docs/PROTOCOL.md §7).</summary>
internal static class ItemStatusCommand
{
    public static Command Create(NodeOptions options)
    {
        var id = new Argument<string>("ITEM-ID") { Description = ItemsText.StatusIdDescription };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value?.Trim()))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        var members = new Option<bool>("--members") { Description = ItemsText.StatusMembersDescription };
        var command = new Command(
            "status",
            ItemsText.StatusDescription)
        {
            id,
            members,
        };
        NodeAction.Set(command, options, async call =>
        {
            var status = await call.Client.GetItemStatusAsync(new GetItemStatusRequest { ItemId = call.Require(id).Trim(), Members = call.Get(members) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(status);
                return ExitCodes.Ok;
            }

            ItemStatusView.Print(status, call.Output);
            if (call.Get(members))
            {
                ItemAcknowledgementsView.Print(status, call.Output);
            }

            if (status.Withdrawn is { } withdrawn)
            {
                // Withdrawn or corrected: say so, and for a revocation show how far it went from its own receipts (docs/LIFECYCLE.md §1).
                call.Output.Line("");
                var at = Output.Formats.Time(withdrawn.At);
                call.Output.Line(withdrawn.State == "revoked"
                    ? Localized.Format(ItemsText.WithdrawnRevoked, at, withdrawn.ByItemId, withdrawn.Reason)
                    : Localized.Format(ItemsText.WithdrawnSuperseded, at, withdrawn.ByItemId));
                call.Output.Line(ItemsText.WithdrawalReach);
                ItemStatusView.Print(await call.Client.GetItemStatusAsync(new GetItemStatusRequest { ItemId = withdrawn.ByItemId }, call.Options), call.Output);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
