using System.CommandLine;
using Ceptoar.AdminCli.Node;
using Ceptoar.AdminCli.Output;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Queue;

/// <summary>`queue …`: the items a handling rule held for the secretariat's approval (docs/TLP.md §6), and the decisions on them.</summary>
internal static class QueueCommands
{
    public static Command Create()
    {
        var options = new NodeOptions();
        var queue = new Command(
            "queue",
            "The approval queue: items a handling rule held before they leave this node. Look at one, edit it, then approve or reject it.");
        options.AddTo(queue);
        queue.Subcommands.Add(List(options));
        queue.Subcommands.Add(Show(options));
        queue.Subcommands.Add(Approve(options));
        queue.Subcommands.Add(Reject(options));
        queue.Subcommands.Add(QueueEditCommand.Create(options));
        return queue;
    }

    private static Command List(NodeOptions options)
    {
        var all = new Option<bool>("--all") { Description = "Include items already approved or rejected, with who decided, when and why." };
        var command = new Command("list", "List the held items waiting for approval, with the rule that held each.") { all };
        NodeAction.Set(command, options, async call =>
        {
            var includeDecided = call.Get(all);
            var response = await call.Client.ListHeldAsync(new ListHeldRequest { All = includeDecided }, call.Options);
            if (call.Json)
            {
                call.Output.Json(response);
                return ExitCodes.Ok;
            }

            if (response.Items.Count > 0)
            {
                call.Output.Write(HeldViews.Table(response.Items, includeDecided));
            }

            call.Output.Line(HeldViews.Summary(response.Items, includeDecided));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(NodeOptions options)
    {
        var id = QueueArguments.ItemIdArgument("The held item's id (a UUID), as `queue list` shows it.");
        var command = new Command(
            "show",
            "Show one held item: where it stands, the rule decision that held it (which rules were skipped, which fired and why), and its content.")
        {
            id,
        };
        NodeAction.Set(command, options, async call =>
        {
            var detail = await call.Client.GetHeldAsync(new GetHeldRequest { ItemId = QueueArguments.NormalizeItemId(call.Require(id)) }, call.Options);
            if (call.Json)
            {
                call.Output.Json(detail);
                return ExitCodes.Ok;
            }

            Print(detail, call.Output);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Approve(NodeOptions options)
    {
        var id = QueueArguments.ItemIdArgument("The held item's id (a UUID), as `queue list` shows it.");
        var note = new Option<string?>("--note") { Description = "A note for the audit log (e.g. \"checked with the member by phone\").", HelpName = "TEXT" };
        var command = new Command(
            "approve",
            "Approve a held item: it is then delivered to this node's members and forwarded to peers as the handling rules say.")
        {
            id, note,
        };
        NodeAction.Set(command, options, async call =>
        {
            var request = new ApproveHeldRequest { ItemId = QueueArguments.NormalizeItemId(call.Require(id)), Note = call.Get(note)?.Trim() ?? string.Empty };
            var held = await call.Client.ApproveHeldAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(held);
                return ExitCodes.Ok;
            }

            call.Output.Line($"item {held.ItemId} approved by {held.DecidedBy} at {Formats.Time(held.DecidedAt)}: "
                + "it is now delivered to members and forwarded to peers as the handling rules say.");
            if (held.SubmittedByMember.Length > 0)
            {
                call.Output.Line($"{held.SubmittedByMember} sees its report as approved.");
            }

            call.Output.Line($"Follow its delivery with: ceptoar-admin items status {held.ItemId}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reject(NodeOptions options)
    {
        var id = QueueArguments.ItemIdArgument("The held item's id (a UUID), as `queue list` shows it.");
        var reason = new Option<string>("--reason")
        {
            Description = $"Why it is rejected (at most {QueueArguments.MaxReasonLength} characters). The submitting member reads it, so say what to change "
                + "(e.g. \"names a customer; resubmit without it\").",
            HelpName = "TEXT",
            Required = true,
        };
        reason.Validators.Add(result =>
        {
            if (QueueArguments.ReasonProblem(result.GetValueOrDefault<string>()) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var command = new Command("reject", "Reject a held item: it never leaves this node, and the member who submitted it sees the reason.") { id, reason };
        NodeAction.Set(command, options, async call =>
        {
            var request = new RejectHeldRequest { ItemId = QueueArguments.NormalizeItemId(call.Require(id)), Reason = call.Require(reason).Trim() };
            var held = await call.Client.RejectHeldAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(held);
                return ExitCodes.Ok;
            }

            call.Output.Line($"item {held.ItemId} rejected by {held.DecidedBy} at {Formats.Time(held.DecidedAt)}: it does not leave this node.");
            call.Output.Line(held.SubmittedByMember.Length > 0
                ? $"{held.SubmittedByMember} sees its report as rejected, with the reason: {held.Reason}"
                : $"Reason (in the audit log): {held.Reason}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(HeldItemDetail detail, CliOutput output)
    {
        var held = detail.Held ?? new HeldItem();
        output.Fields(HeldViews.HeldFields(held));
        output.Line();
        output.Line("Rule decision:");
        foreach (var line in HeldViews.Explanation(detail.Explanation))
        {
            output.Line(line);
        }

        output.Line();
        if (detail.Item is null)
        {
            output.Line("Item: the node sent no content (it may hold only the sealed ciphertext).");
        }
        else
        {
            output.Line("Item:");
            output.Fields(HeldViews.ItemFields(detail.Item));
        }

        if (held.State == HeldViews.Held)
        {
            output.Line();
            output.Line("Waiting for approval; next, one of:");
            foreach (var step in HeldViews.NextSteps(held.ItemId, withEdit: true))
            {
                output.Line(step);
            }
        }
    }
}
