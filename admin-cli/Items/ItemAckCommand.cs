using System.CommandLine;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Items;

/// <summary>`items ack ITEM-ID [--note TEXT] [--as NAME]`: a staff person acknowledges an item that reached this node (docs/PROTOCOL.md §7).</summary>
internal static class ItemAckCommand
{
    public static Command Create(NodeOptions options)
    {
        var id = new Argument<string>("ITEM-ID") { Description = ItemsText.AckIdDescription };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value?.Trim()))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        var note = new Option<string?>("--note") { Description = ItemsText.AckNoteDescription, HelpName = "TEXT" };
        var staff = ItemSubmitCommand.StaffOption(ItemsText.AckAsDescription);
        var command = new Command("ack", ItemsText.AckDescription) { id, note, staff };
        NodeAction.Set(command, options, async call =>
        {
            var name = ItemSubmitCommand.StaffName(call.Get(staff));
            var request = new AcknowledgeItemRequest { ItemId = call.Require(id).Trim().ToLowerInvariant(), StaffName = name, Note = call.Get(note) ?? string.Empty };
            var response = await call.Client.AcknowledgeItemAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(response.AlreadyAcknowledged
                ? Localized.Format(ItemsText.AckAlready, response.ItemId, response.AcknowledgedBy, Formats.Time(response.AcknowledgedAt))
                : Localized.Format(ItemsText.AckDone, response.ItemId, response.AcknowledgedBy, Formats.Time(response.AcknowledgedAt), response.OriginNode));
            return ExitCodes.Ok;
        });
        return command;
    }
}
