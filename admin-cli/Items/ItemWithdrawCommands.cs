using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.AdminCli.Authoring;
using Ceptoar.AdminCli.Input;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Rules;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Items;

/// <summary>
/// `items revoke ITEM --reason TEXT` and `items correct ITEM --file DRAFT.json`: staff withdraw or correct a report this node
/// originated, everywhere it went (docs/LIFECYCLE.md §1). Run again, neither sends anything twice.
/// </summary>
internal static class ItemWithdrawCommands
{
    public static Command Revoke(NodeOptions options)
    {
        var id = ItemId();
        var reason = new Option<string>("--reason") { Description = ItemsText.RevokeReasonDescription, HelpName = "TEXT", Required = true };
        var staff = ItemSubmitCommand.StaffOption();
        var command = new Command("revoke", ItemsText.RevokeDescription) { id, reason, staff };
        NodeAction.Set(command, options, async call =>
        {
            var person = ItemSubmitCommand.StaffName(call.Get(staff));
            var itemId = call.Require(id).Trim();
            var request = new RevokeItemRequest
            {
                ItemId = itemId,
                Reason = call.Require(reason)!,
                StaffName = person,
                // One revocation per item and person, whatever the reason's wording on a retry.
                ClientRequestId = "revoke-" + Digest(person + "\n" + itemId),
            };
            var response = await call.Client.RevokeItemAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(response.Duplicate ? ItemsText.RevokedAlready : ItemsText.Revoked, response.ItemId, response.RevocationId));
            call.Output.Line(Localized.Format(ItemsText.RevokedStatusHint, response.ItemId));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Correct(NodeOptions options)
    {
        var id = ItemId();
        var file = new Option<string>("--file") { Description = ItemsText.CorrectFileDescription, HelpName = "DRAFT.json", Required = true };
        var staff = ItemSubmitCommand.StaffOption();
        var command = new Command("correct", ItemsText.CorrectDescription) { id, file, staff };
        NodeAction.Set(command, options, async call =>
        {
            var draft = RulesTestCommand.ReadDraft(call.Require(file)!);
            var person = ItemSubmitCommand.StaffName(call.Get(staff));
            var itemId = call.Require(id).Trim();
            var request = new CorrectItemRequest
            {
                ItemId = itemId,
                Draft = draft,
                StaffName = person,
                ClientRequestId = "correct-" + Digest(person + "\n" + itemId + "\n" + Convert.ToHexStringLower(draft.ToByteArray())),
            };
            var response = await call.Client.CorrectItemAsync(request, call.Options);
            return ItemSubmitCommand.Report(call, response);
        });
        return command;
    }

    private static Argument<string> ItemId()
    {
        var id = new Argument<string>("ITEM-ID") { Description = ItemsText.WithdrawIdDescription };
        id.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!ArgumentRules.IsItemId(value?.Trim()))
            {
                result.AddError(Localized.Format(CommonText.NotAnItemId, value));
            }
        });
        return id;
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
