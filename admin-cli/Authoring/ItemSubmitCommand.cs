using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Ceptoar.AdminCli.Items;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Rules;
using Ceptoar.Core.Items;
using Ceptoar.Federation.V1;
using Google.Protobuf;

namespace Ceptoar.AdminCli.Authoring;

/// <summary>
/// `items submit --file DRAFT.json`: a staff person submits an item as the secretariat, through the same checks, rules,
/// signing and audit as a member's report. Running the same command again never sends the report twice.
/// </summary>
internal static class ItemSubmitCommand
{
    public static Command Create(NodeOptions options)
    {
        var file = new Option<string>("--file") { Description = AuthoringText.FileDescription, HelpName = "DRAFT.json", Required = true };
        var staff = StaffOption();
        var requestId = new Option<string?>("--request-id") { Description = AuthoringText.RequestIdDescription, HelpName = "ID" };
        var command = new Command("submit", AuthoringText.SubmitDescription) { file, staff, requestId };
        NodeAction.Set(command, options, async call =>
        {
            var path = call.Require(file)!;
            var draft = RulesTestCommand.ReadDraft(path);
            var person = StaffName(call.Get(staff));
            var request = new AdminSubmitRequest
            {
                Draft = draft,
                StaffName = person,
                ClientRequestId = call.Get(requestId) ?? RequestIdOf(person, draft),
            };
            var response = await call.Client.SubmitItemAsync(request, call.Options);
            return Report(call, response);
        });
        return command;
    }

    /// <summary>`--as NAME`: the staff person (StaffNames' rule); by default the user running ceptoar-admin.</summary>
    public static Option<string?> StaffOption(string? description = null)
    {
        var staff = new Option<string?>("--as") { Description = description ?? AuthoringText.AsDescription, HelpName = "NAME" };
        staff.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (!StaffNames.IsValid(value))
            {
                result.AddError(Localized.Format(ItemsText.AckNotAStaffName, value));
            }
        });
        return staff;
    }

    /// <summary>The person: --as, else the OS user running the command (a shared duty account gives --as).</summary>
    public static string StaffName(string? given)
    {
        var name = given ?? Environment.UserName;
        return StaffNames.IsValid(name) ? name : throw new UsageException(Localized.Format(ItemsText.AckUserNameNotUsable, name));
    }

    /// <summary>
    /// The same person sending the same draft again gets the first outcome back (the node keys idempotency on this id):
    /// a retry after a lost answer, or the command run twice by mistake, never makes a second item.
    /// </summary>
    public static string RequestIdOf(string person, ItemDraft draft)
    {
        var digest = SHA256.HashData([.. Encoding.UTF8.GetBytes(person + "\n"), .. draft.ToByteArray()]);
        return "staff-" + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    /// <summary>What became of the report: the item id and whether it is shared or waits for approval.</summary>
    public static int Report(NodeCall call, SubmitResponse response)
    {
        if (call.Json)
        {
            call.Output.Json(response);
            return ExitCodes.Ok;
        }

        call.Output.Line(response.Duplicate
            ? Localized.Format(AuthoringText.AlreadySubmitted, response.ItemId)
            : Localized.Format(response.Status == "held" ? AuthoringText.SubmittedHeld : AuthoringText.SubmittedAccepted, response.ItemId));
        // Where the report went, with the node's standing copies and the ones the label refused (docs/MODES.md §2).
        if (response.AddressedNodes.Count > 0)
        {
            call.Output.Line(Localized.Format(AuthoringText.SubmittedAddressedTo, string.Join(", ", response.AddressedNodes)));
        }

        if (response.Copies.Count > 0)
        {
            call.Output.Line(Localized.Format(AuthoringText.SubmittedCopies, string.Join(", ", response.Copies)));
        }

        foreach (var refused in response.RefusedCopies)
        {
            call.Output.Line(Localized.Format(AuthoringText.SubmittedCopyRefused, refused.Target, refused.Reason));
        }

        call.Output.Line(Localized.Format(AuthoringText.StatusHint, response.ItemId));
        return ExitCodes.Ok;
    }
}

/// <summary>`items new`: the 5W1H questions in the terminal, then the same submission as `items submit`.</summary>
internal static class ItemNewCommand
{
    public static Command Create(NodeOptions options)
    {
        var staff = ItemSubmitCommand.StaffOption();
        var command = new Command("new", AuthoringText.NewDescription) { staff };
        NodeAction.Set(command, options, async call =>
        {
            var person = ItemSubmitCommand.StaffName(call.Get(staff));
            if (new ItemWizard(Console.In, call.Output.Writer, TimeProvider.System).Run() is not { } draft)
            {
                return ExitCodes.Usage;
            }

            var request = new AdminSubmitRequest { Draft = draft, StaffName = person, ClientRequestId = ItemSubmitCommand.RequestIdOf(person, draft) };
            return ItemSubmitCommand.Report(call, await call.Client.SubmitItemAsync(request, call.Options));
        });
        return command;
    }
}
