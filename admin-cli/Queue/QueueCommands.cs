using System.CommandLine;
using Ceptoar.AdminCli.Localization;
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
            QueueText.QueueDescription);
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
        var all = new Option<bool>("--all") { Description = QueueText.AllDescription };
        var command = new Command("list", QueueText.ListDescription) { all };
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
        var id = QueueArguments.ItemIdArgument(QueueText.HeldIdDescription);
        var command = new Command(
            "show",
            QueueText.ShowDescription)
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
        var id = QueueArguments.ItemIdArgument(QueueText.HeldIdDescription);
        var note = new Option<string?>("--note") { Description = QueueText.NoteDescription, HelpName = "TEXT" };
        var command = new Command(
            "approve",
            QueueText.ApproveDescription)
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

            call.Output.Line(Localized.Format(QueueText.Approved, held.ItemId, held.DecidedBy, Formats.Time(held.DecidedAt)));
            if (held.SubmittedByMember.Length > 0)
            {
                call.Output.Line(Localized.Format(QueueText.MemberSeesApproved, held.SubmittedByMember));
            }

            call.Output.Line(Localized.Format(QueueText.FollowDelivery, held.ItemId));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reject(NodeOptions options)
    {
        var id = QueueArguments.ItemIdArgument(QueueText.HeldIdDescription);
        var reason = new Option<string>("--reason")
        {
            Description = Localized.Format(QueueText.RejectReasonDescription, QueueArguments.MaxReasonLength),
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
        var command = new Command("reject", QueueText.RejectDescription) { id, reason };
        NodeAction.Set(command, options, async call =>
        {
            var request = new RejectHeldRequest { ItemId = QueueArguments.NormalizeItemId(call.Require(id)), Reason = call.Require(reason).Trim() };
            var held = await call.Client.RejectHeldAsync(request, call.Options);
            if (call.Json)
            {
                call.Output.Json(held);
                return ExitCodes.Ok;
            }

            call.Output.Line(Localized.Format(QueueText.Rejected, held.ItemId, held.DecidedBy, Formats.Time(held.DecidedAt)));
            call.Output.Line(held.SubmittedByMember.Length > 0
                ? Localized.Format(QueueText.MemberSeesRejected, held.SubmittedByMember, held.Reason)
                : Localized.Format(QueueText.ReasonInAudit, held.Reason));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(HeldItemDetail detail, CliOutput output)
    {
        var held = detail.Held ?? new HeldItem();
        output.Fields(HeldViews.HeldFields(held));
        output.Line();
        output.Line(QueueText.RuleDecisionHeading);
        foreach (var line in HeldViews.Explanation(detail.Explanation))
        {
            output.Line(line);
        }

        output.Line();
        if (detail.Item is null)
        {
            output.Line(QueueText.ItemNoContent);
        }
        else
        {
            output.Line(CommonText.ItemHeading);
            output.Fields(HeldViews.ItemFields(detail.Item));
        }

        if (held.State == HeldViews.Held)
        {
            output.Line();
            output.Line(QueueText.WaitingNext);
            foreach (var step in HeldViews.NextSteps(held.ItemId, withEdit: true))
            {
                output.Line(step);
            }
        }
    }
}
